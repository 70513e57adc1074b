import { CascadeLimitError } from "./Draft";
import type { InstanceState } from "./InstanceState";
import { rejection } from "./StepResult";
import type { StepResult } from "./StepResult";

/** Turns anything thrown inside a step into a rejection (the engine never throws at its callers). */
export function rejectThrown(state: InstanceState, error: unknown): StepResult {
  if (error instanceof CascadeLimitError) {
    return {
      ok: false,
      state,
      rejection: rejection(
        "CASCADE_LIMIT",
        `the step would not settle: control nodes keep firing (at ${error.nodeId}); the model loops without waiting for anything`,
      ),
    };
  }
  return {
    ok: false,
    state,
    rejection: rejection("INTERNAL_ERROR", error instanceof Error ? error.message : String(error)),
  };
}
