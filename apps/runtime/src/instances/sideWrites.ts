import { randomUUID } from "node:crypto";
import type { Prisma } from "../generated/prisma/client.ts";
import type { StepWrite } from "./stepRows.ts";

/**
 * A step's side writes: what the step statement does not write — captured identifiers and
 * incidents (rare), written through Prisma in the step's transaction after the statement.
 */

type Tx = Prisma.TransactionClient;

/** A step with side writes (identifiers, incidents) was given no transaction: nothing was written; run it in a Prisma transaction. */
export class SideWritesNeedPrismaError extends Error {
  override name = "SideWritesNeedPrismaError";
}
const j = (v: unknown) => (v === undefined ? undefined : (v as Prisma.InputJsonValue));

/**
 * Whether a step changes what the statement does not write: captured identifiers or incidents
 * (synced by separate statements, so such a step must run inside a transaction).
 */
export function needsSideWrites(step: Pick<StepWrite, "before" | "after">): boolean {
  const { before, after } = step;
  if (!before) return Object.keys(after.identifiers).length > 0 || after.incidents.length > 0;
  // The engine copies what a step changes: the same object is unchanged (no serialising).
  if (
    before.identifiers !== after.identifiers &&
    JSON.stringify(before.identifiers) !== JSON.stringify(after.identifiers)
  )
    return true;
  if (before.incidents === after.incidents) return false;
  if (before.incidents.length !== after.incidents.length) return true;
  const was = new Set(before.incidents.map((i) => i.id));
  return after.incidents.some((i) => !was.has(i.id));
}

/** Writes a step's side writes in its transaction. */
export async function writeSideWrites(tx: Tx, step: StepWrite, now: Date): Promise<void> {
  await syncIdentifiers(tx, step);
  await syncIncidents(tx, step, now);
}

async function syncIdentifiers(tx: Tx, { before, after, processId }: StepWrite): Promise<void> {
  if (before && JSON.stringify(before.identifiers) === JSON.stringify(after.identifiers)) return;
  const instanceId = after.instanceId;
  await tx.identifier.deleteMany({ where: { instanceId } });
  const rows = Object.entries(after.identifiers)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([name, v]) => ({
      instanceId,
      processId,
      name,
      value: typeof v === "string" ? v : JSON.stringify(v),
    }));
  if (rows.length) await tx.identifier.createMany({ data: rows });
}

async function syncIncidents(tx: Tx, { before, after, records }: StepWrite, now: Date): Promise<void> {
  const was = new Map((before?.incidents ?? []).map((i) => [i.id, i]));
  const is = new Map(after.incidents.map((i) => [i.id, i]));
  for (const inc of is.values()) {
    if (was.has(inc.id)) continue;
    // A reverted migration restores the incidents it had closed: the same engine id re-opens its
    // existing row (engine ids are never reused otherwise: `counters` only grow).
    await tx.incident.upsert({
      where: { instanceId_engineId: { instanceId: after.instanceId, engineId: inc.id } },
      create: {
        id: randomUUID(),
        instanceId: after.instanceId,
        engineId: inc.id,
        occurrenceId: inc.occurrenceId,
        nodeId: inc.nodeId,
        error: j(inc.error) ?? {},
        createdAt: now,
      },
      update: {
        status: "open",
        resolution: null,
        resolvedAt: null,
        occurrenceId: inc.occurrenceId,
        nodeId: inc.nodeId,
        error: j(inc.error) ?? {},
      },
    });
  }
  const lastEvent = records.history.find((h) => h.type === "event")?.data as
    { event?: { type?: string } } | undefined;
  const resolution =
    lastEvent?.event?.type === "skipIncident"
      ? "skipped"
      : lastEvent?.event?.type === "retryIncident"
        ? "retried"
        : "closed";
  for (const id of was.keys()) {
    if (is.has(id)) continue;
    await tx.incident.updateMany({
      where: { instanceId: after.instanceId, engineId: id, status: "open" },
      data: { status: "resolved", resolution, resolvedAt: now },
    });
  }
}
