import { bulkOperationSchema } from "@flowstate/client";
import type { z } from "zod";
import type { EngineEvent } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { stepInstance } from "../instances/stepInstance.ts";
import type { StepOutcome } from "../instances/stepBatch.ts";
import { ItemNotPending } from "../migrations/migrateItem.ts";

/**
 * What a bulk operation does to each instance of its selection. THE extension point: an operation
 * is a zod schema (its `type` and parameters, as `bulk.create` takes them) plus `applyItem`, which
 * does the operation to one instance exactly once — its last step flips the item from `pending`
 * to `done` in the same transaction (`markDone`), and a refusal is returned as a reason in words.
 * Move is the single-instance move (`instance.move`) with the run's reason; which versions have the
 * state is checked when the run is created (`bulkService`). The schema is `@flowstate/client`'s
 * (one source for the procedure, the REST route and the OpenAPI document).
 */
export { bulkOperationSchema };
export type BulkOperation = z.infer<typeof bulkOperationSchema>;

/** What became of one item: `gone` when it was no longer pending (another process did it). */
export type BulkItemResult = { status: "done" } | { status: "failed"; reason: string } | { status: "gone" };

export interface BulkItemContext {
  rt: Runtime;
  runId: string;
  instanceId: string;
  /** The history's actor of the steps: `bulk:<run id>`. */
  actor: string;
}

type ApplyItem<O> = (c: BulkItemContext, operation: O) => Promise<BulkItemResult>;

export const bulkOperations: {
  [T in BulkOperation["type"]]: ApplyItem<Extract<BulkOperation, { type: T }>>;
} = {
  cancel: (c, operation) => oneStep(c, { type: "cancel", reason: operation.reason }),
  move: (c, operation) =>
    oneStep(c, { type: "move", stateId: operation.stateId, reason: operation.reason, actor: c.actor }),
  async retryIncidents(c) {
    const finished = await finishedNow(c);
    if (finished) return finished;
    const open = await c.rt.db.prisma.incident.findMany({
      where: { instanceId: c.instanceId, status: "open" },
      select: { engineId: true, nodeId: true },
      orderBy: { createdAt: "asc" },
    });
    if (open.length === 0)
      return failItem(c, "the instance has no open incident (it was resolved meanwhile)");
    // Each retry resolves its incident in its own step; only the last step marks the item done, so
    // after a crash in between the item is redone with the incidents still open (each retried once).
    for (const [k, incident] of open.entries()) {
      const last = k === open.length - 1;
      const outcome = await stepInstance(
        c.rt,
        c.instanceId,
        { type: "retryIncident", incidentId: incident.engineId },
        { actor: c.actor, ...(last ? { inTransaction: markDone(c) } : {}) },
      );
      if (!outcome.ok) return settled(c, outcome, `retrying the incident of ${incident.nodeId}: `);
    }
    return { status: "done" };
  },
};

/** An operation of one step: `event` on a still-running instance, marking the item done with it. */
async function oneStep(c: BulkItemContext, event: EngineEvent): Promise<BulkItemResult> {
  const finished = await finishedNow(c);
  if (finished) return finished;
  const outcome = await stepInstance(c.rt, c.instanceId, event, {
    actor: c.actor,
    inTransaction: markDone(c),
  });
  return settled(c, outcome);
}

/** Does the run's operation to one pending item; an unexpected error fails the item with its message. */
export async function applyBulkItem(c: BulkItemContext, operation: BulkOperation): Promise<BulkItemResult> {
  try {
    const apply = bulkOperations[operation.type] as ApplyItem<BulkOperation>;
    return await apply(c, operation);
  } catch (error) {
    if (error instanceof ItemNotPending) return { status: "gone" };
    return failItem(c, `the step failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The item's `pending` → `done`, in the step's transaction (nothing of the step commits if it is no longer pending). */
function markDone(c: BulkItemContext) {
  return async (tx: Prisma.TransactionClient, outcome: StepOutcome) => {
    if (!outcome.ok) return;
    const updated = await tx.$executeRawUnsafe(
      `UPDATE bulk_item SET status = 'done', error = NULL, updated_at = $3
        WHERE run_id = $1::uuid AND instance_id = $2::uuid AND status = 'pending'`,
      c.runId,
      c.instanceId,
      c.rt.clock.now(),
    );
    if (updated !== 1) throw new ItemNotPending();
  };
}

/** A finished or vanished instance fails its item with the reason in words. */
async function finishedNow(c: BulkItemContext): Promise<BulkItemResult | undefined> {
  const row = await c.rt.db.prisma.instance.findUnique({
    where: { id: c.instanceId },
    select: { status: true },
  });
  if (!row) return failItem(c, "the instance no longer exists");
  if (row.status !== "running" && row.status !== "locked")
    return failItem(c, `the instance finished meanwhile (${row.status})`);
  return undefined;
}

/** After a step: done, or failed with the engine's refusal (or "finished meanwhile" when that is why). */
async function settled(c: BulkItemContext, outcome: StepOutcome, prefix = ""): Promise<BulkItemResult> {
  if (outcome.ok) return { status: "done" };
  return (await finishedNow(c)) ?? failItem(c, `${prefix}${outcome.rejection.message}`);
}

/** Records a failed item (only while it is still pending). */
async function failItem(c: BulkItemContext, reason: string): Promise<BulkItemResult> {
  const updated = await c.rt.db.prisma.$executeRawUnsafe(
    `UPDATE bulk_item SET status = 'failed', error = $3, updated_at = $4
      WHERE run_id = $1::uuid AND instance_id = $2::uuid AND status = 'pending'`,
    c.runId,
    c.instanceId,
    reason,
    c.rt.clock.now(),
  );
  return updated === 1 ? { status: "failed", reason } : { status: "gone" };
}
