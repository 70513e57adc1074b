import type { ProcessModel } from "@flowstate/model";
import { trpc } from "../api/trpc";
import { useQuery } from "../api/useQuery";
import type { QueryState } from "../api/useQuery";

/** Published versions never change: their models are fetched once per page load. */
const models = new Map<string, Promise<ProcessModel>>();

/** The model of one version, fetched once. */
export function versionModel(versionId: string): Promise<ProcessModel> {
  let model = models.get(versionId);
  if (!model) {
    model = trpc.version.get.query({ id: versionId }).then((v) => v.model as ProcessModel);
    model.catch(() => models.delete(versionId));
    models.set(versionId, model);
  }
  return model;
}

/** The model of one version (null id: nothing to load). */
export function useVersionModel(versionId: string | null): QueryState<ProcessModel | null> {
  return useQuery(`version-model:${versionId ?? ""}`, () =>
    versionId ? versionModel(versionId) : Promise.resolve(null),
  );
}
