import { enablePatches, Immer } from "immer";
import type { Draft } from "immer";
import type { ProcessModel } from "../schema/Process";
import type { EditResult } from "./EditContext";

enablePatches();

/**
 * The package's own immer instance: results are not frozen (callers own their models; the runtime
 * and tests may build on them), which keeps immer's global settings untouched for the app.
 */
const immer = new Immer({ autoFreeze: false });

/** Runs `recipe` on a draft of `model` and returns the new model with its patches and inverse patches. */
export function produceEdit(model: ProcessModel, recipe: (draft: Draft<ProcessModel>) => void): EditResult {
  const [next, patches, inverse] = immer.produceWithPatches(model, recipe);
  return { model: next, patches, inverse };
}

/** Removes the items matching `drop` from a draft array in place, last first (one small patch per item). */
export function removeWhere<T>(list: T[], drop: (item: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (drop(list[i] as T)) list.splice(i, 1);
}
