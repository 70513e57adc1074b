import type { InstanceState } from "./InstanceState";

/**
 * The FEEL context of an instance: its variables, over `instanceId` and `businessKey` (a variable
 * of the same name wins), plus `extra` (e.g. `result`, `error`) on top.
 */
export function expressionContext(
  state: InstanceState,
  extra?: Record<string, unknown>,
): Record<string, unknown> {
  return { instanceId: state.instanceId, businessKey: state.businessKey, ...state.variables, ...extra };
}
