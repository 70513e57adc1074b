import type { ProcessModel } from "@flowstate/model";
import { trpc } from "./trpc";

/** Published versions never change: their models are fetched once per page load. */
const models = new Map<string, Promise<ProcessModel>>();

/** The model of one published version by id, fetched once (a failed fetch is asked again next time). */
export function versionModel(versionId: string): Promise<ProcessModel> {
  let model = models.get(versionId);
  if (!model) {
    model = trpc.version.get.query({ id: versionId }).then((v) => v.model as ProcessModel);
    model.catch(() => models.delete(versionId));
    models.set(versionId, model);
  }
  return model;
}
