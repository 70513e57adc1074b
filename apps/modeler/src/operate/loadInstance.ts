import type { ProcessModel } from "@flowstate/model";
import { trpc } from "../api/trpc.ts";
import { readAllHistory } from "./readAllHistory.ts";

const models = new Map<string, Promise<ProcessModel>>();

/** A published version's model by id; published versions never change, so they are kept. */
export function versionModel(versionId: string): Promise<ProcessModel> {
  let hit = models.get(versionId);
  if (!hit) {
    hit = trpc.version.get.query({ id: versionId }).then((v) => v.model as ProcessModel);
    hit.catch(() => models.delete(versionId));
    models.set(versionId, hit);
  }
  return hit;
}

/** Everything the instance page shows: the row (incidents, variables, identifiers), the view now or at `atSeq`, the whole history and the model. */
export async function loadInstance(id: string, atSeq: number | undefined) {
  const [info, view, history] = await Promise.all([
    trpc.instance.get.query({ id }),
    trpc.instance.view.query({ id, ...(atSeq !== undefined ? { atSeq } : {}) }),
    readAllHistory(id, (input) => trpc.instance.history.query(input)),
  ]);
  const model = await versionModel(view.versionId);
  return { info, view, history, model, loadedAt: new Date() };
}

export type InstanceData = Awaited<ReturnType<typeof loadInstance>>;
