import type { Runtime } from "./Runtime.ts";

/**
 * A look-up of state names per version: reads (through the model cache) each version once and
 * answers the name of a state in it, or `null` when there is no state (a finished instance) or the
 * version has no such state.
 */
export async function stateNamesOf(
  rt: Pick<Runtime, "models">,
  versionIds: Iterable<string>,
): Promise<(versionId: string, stateId: string | null) => string | null> {
  const names = new Map<string, Map<string, string>>();
  for (const versionId of versionIds) {
    if (names.has(versionId)) continue;
    const { model } = await rt.models.get(versionId);
    names.set(versionId, new Map(model.states.map((s) => [s.id, s.name])));
  }
  return (versionId, stateId) => (stateId === null ? null : (names.get(versionId)?.get(stateId) ?? null));
}
