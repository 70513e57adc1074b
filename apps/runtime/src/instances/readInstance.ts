import { explain, unlockedActions } from "@flowstate/engine";
import type { InstanceState } from "@flowstate/engine";
import type { Runtime } from "./Runtime.ts";
import { DomainError } from "../errors/DomainError.ts";

/**
 * One instance as the inspector shows it: the row, the engine state, the actions unlocked now and
 * the explainer's answer for every node of the current state (why it is or is not unlocked).
 */
export async function readInstance(rt: Runtime, id: string) {
  const row = await rt.db.prisma.instance.findUnique({
    where: { id },
    include: {
      process: { select: { key: true, name: true } },
      version: { select: { id: true, number: true, status: true } },
      incidents: { where: { status: "open" }, orderBy: { createdAt: "asc" } },
      identifiers: { select: { name: true, value: true } },
    },
  });
  if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${id}"`);
  const state = row.state as unknown as InstanceState;
  const { model } = await rt.models.get(row.versionId);
  const currentNodes = model.nodes.filter((n) => n.stateId === state.current.stateId);
  return {
    id: row.id,
    process: row.process,
    version: row.version,
    status: row.status,
    outcome: row.outcome,
    businessKey: row.businessKey,
    variables: row.variables,
    seq: row.seq,
    currentStateId: row.currentStateId,
    lockedBy: row.lockedBy,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    acknowledgedAt: row.acknowledgedAt,
    identifiers: row.identifiers,
    incidents: row.incidents.map((i) => ({ id: i.id, engineId: i.engineId, nodeId: i.nodeId, occurrenceKey: i.occurrenceKey, error: i.error, createdAt: i.createdAt })),
    state,
    unlocked: unlockedActions(model, state),
    explanations: Object.fromEntries(currentNodes.map((n) => [n.id, explain(model, state, n.id)])),
  };
}
