import type { ProcessModel } from "@flowstate/model";
import { useQuery } from "../api/useQuery";
import type { QueryState } from "../api/useQuery";
import { versionModel } from "../api/versionModel";

/** The model of one version (null id: nothing to load). */
export function useVersionModel(versionId: string | null): QueryState<ProcessModel | null> {
  return useQuery(`version-model:${versionId ?? ""}`, () =>
    versionId ? versionModel(versionId) : Promise.resolve(null),
  );
}
