import { applyPatches as immerApplyPatches, enablePatches } from "immer";
import type { Patch } from "immer";
import type { ProcessModel } from "../schema/Process";

enablePatches();

/**
 * Applies immer patches (an edit's `patches` for redo, its `inverse` for undo) to a model and
 * returns the new model; the input is not mutated. Patches from one edit must be applied to the
 * model they were produced for (or its exact equal).
 */
export function applyPatches(model: ProcessModel, patches: readonly Patch[]): ProcessModel {
  return immerApplyPatches(model, patches as Patch[]);
}

export type { Patch };
