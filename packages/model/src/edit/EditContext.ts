import type { Patch } from "immer";
import type { ProcessModel } from "../schema/Process";

/**
 * What edit operations need from their caller. The package takes no randomness: `newId` returns a
 * fresh element id, unique in the model being edited (the modeler salts it with randomness, tests
 * count). `prefix` names the kind of element (`state`, `action`, `flow`, …) for readable ids.
 */
export interface EditContext {
  newId(prefix?: string): string;
}

/**
 * What every edit returns: the new model, the immer patches that lead there from the old model, and
 * the inverse patches that lead back. `applyPatches(result.model, result.inverse)` deep-equals the
 * old model (exact undo); `applyPatches(old, result.patches)` deep-equals `result.model` (redo).
 * The input model is never mutated; unchanged parts are shared.
 */
export interface EditResult {
  model: ProcessModel;
  patches: Patch[];
  inverse: Patch[];
}

/** Why an edit was refused. */
export type EditErrorCode = "not-found" | "illegal-connection" | "wrong-kind" | "invalid-change";

/**
 * Thrown by an edit operation asked to do something illegal (an unknown element, a connection
 * `canConnect` refuses, a change of id or kind). Callers are expected to check first (`canConnect`,
 * the selection); the error is the contract's guard, not a control-flow channel.
 */
export class EditError extends Error {
  readonly code: EditErrorCode;

  constructor(code: EditErrorCode, message: string) {
    super(message);
    this.name = "EditError";
    this.code = code;
  }
}
