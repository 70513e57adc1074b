import type { InstanceState } from "@flowstate/engine";
import { DomainError } from "../errors/DomainError.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { stepInstances } from "../instances/stepBatch.ts";
import type { LockedInstance } from "../instances/stepBatch.ts";
import { refreshCounters } from "./MigrationExecutor.ts";
import { runRow } from "./migrationService.ts";
import type { ItemStatus } from "./migrationService.ts";

/** Reverting one migrated instance of a run (the item becomes `reverted`). */

/**
 * Reverts one migrated instance of a run (back to its source version and old state instance)
 * while nothing happened to it since; otherwise CONFLICT with the reason (`data.rejection` when
 * the engine refused). "Nothing since" is checked on the locked row against THIS run's item: the
 * instance must still be on the run's target version at the seq the run left it (`seqAfter`) —
 * the engine alone would revert whatever migration is the latest, e.g. a later run's. The source
 * model is the one the migration came from (the engine's stash), which is not necessarily the
 * version the item was selected on (an instance can move between source versions before the run
 * reaches it). The item becomes `reverted` in the same transaction.
 */
export async function revertInstance(
  rt: Runtime,
  input: { runId: string; instanceId: string; actor?: string },
) {
  const run = await runRow(rt, input.runId);
  const item = await rt.db.prisma.migrationItem.findUnique({
    where: { runId_instanceId: { runId: input.runId, instanceId: input.instanceId } },
  });
  if (!item)
    throw new DomainError("NOT_FOUND", `instance ${input.instanceId} is not part of run ${input.runId}`);
  if (item.status !== "migrated")
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the item is ${item.status}; only a migrated instance is reverted`,
      { status: item.status },
    );
  const target = await rt.models.get(run.targetVersionId);
  const current = await rt.db.prisma.instance.findUnique({
    where: { id: input.instanceId },
    select: { state: true },
  });
  const fromNumber = (current?.state as unknown as InstanceState | undefined)?.migration?.fromVersion;
  const source =
    fromNumber === undefined ? undefined : await rt.models.getByNumber(run.processId, fromNumber);
  const now = rt.clock.now();
  /** Why this run's migration of the instance can no longer be reverted (undefined: it can). */
  const moved = (row: LockedInstance): string | undefined => {
    const stash = row.state.migration;
    if (row.versionId !== run.targetVersionId)
      return `the instance is on v${row.version.number} now, not on this run's target v${target.number}`;
    if (item.seqAfter === null || row.seq !== item.seqAfter)
      return `something happened since this run migrated the instance (seq ${item.seqAfter ?? "?"} → ${row.seq})`;
    if (!stash || stash.seqAfter !== item.seqAfter || !source || stash.fromVersion !== source.number)
      return "the instance's last migration is not this run's";
    return undefined;
  };
  let refused: string | undefined;
  const [result] = await stepInstances(
    rt,
    [input.instanceId],
    (row) => {
      refused = moved(row);
      return refused === undefined
        ? { event: { type: "revertMigration", fromModel: source!.model } }
        : { pass: refused };
    },
    {
      mustExist: true,
      actor: input.actor ?? `migration:${input.runId}`,
      inTransaction: async (tx, results) => {
        if (!results[0]?.outcome?.ok) return;
        const updated = await tx.migrationItem.updateMany({
          where: { runId: input.runId, instanceId: input.instanceId, status: "migrated" },
          data: { status: "reverted", updatedAt: now },
        });
        if (updated.count !== 1) throw new DomainError("CONFLICT", "the item changed meanwhile; look again");
        // Back on the source version: an inactive version (emptied by the run) runs instances again.
        await tx.version.updateMany({
          where: { id: source!.versionId, status: "inactive" },
          data: { status: "deprecated" },
        });
      },
    },
  );
  if (refused !== undefined)
    throw new DomainError("CONFLICT", `cannot revert: ${refused}`, {
      rejection: { code: "NOT_REVERTIBLE", message: refused },
    });
  const outcome = result!.outcome!;
  if (!outcome.ok)
    throw new DomainError("CONFLICT", `cannot revert: ${outcome.rejection.message}`, {
      rejection: outcome.rejection,
    });
  await refreshCounters(rt, input.runId);
  return {
    runId: input.runId,
    instanceId: input.instanceId,
    status: "reverted" as ItemStatus,
    versionNumber: outcome.state.version,
    currentStateId: outcome.state.current.stateId,
    seq: outcome.state.seq,
  };
}
