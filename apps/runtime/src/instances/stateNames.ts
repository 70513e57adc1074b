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

/**
 * State id → name over every published version of a process, the shown version's names first, then
 * newer versions before older: names the state instances an instance visited on other versions
 * (before a migration or after its revert) without falling back to ids.
 */
export async function stateNamesAcrossVersions(
  rt: Pick<Runtime, "db" | "models">,
  processId: string,
  shownVersionId: string,
): Promise<Record<string, string>> {
  const versions = await rt.db.prisma.version.findMany({
    where: { processId, status: { not: "draft" } },
    orderBy: { number: "asc" },
    select: { id: true },
  });
  const names: Record<string, string> = {};
  for (const { id } of [...versions.filter((v) => v.id !== shownVersionId), { id: shownVersionId }]) {
    const { model } = await rt.models.get(id);
    for (const s of model.states) names[s.id] = s.name;
  }
  return names;
}
