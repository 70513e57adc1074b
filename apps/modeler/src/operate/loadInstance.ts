import { trpc } from "../api/trpc.ts";
import { versionModel } from "../api/versionModel.ts";
import { readAllHistory } from "./readAllHistory.ts";

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
