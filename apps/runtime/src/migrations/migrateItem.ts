import { planMigration } from "@flowstate/engine";
import type { InstanceState, MigrationPlanResult } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { CachedVersion } from "../instances/ModelCache.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { stepInstance } from "../instances/stepInstance.ts";
import type { StoredPlan } from "./migrationPlan.ts";

type Reader = Prisma.TransactionClient;

/** Everything executing one run needs, loaded once per chunk. */
export interface RunContext {
  id: string;
  status: string;
  processId: string;
  target: CachedVersion;
  sources: Map<string, CachedVersion>;
  plan: StoredPlan;
}

export async function loadRunContext(
  rt: Runtime,
  runId: string,
  client: Reader = rt.db.prisma,
): Promise<RunContext> {
  const run = await client.migrationRun.findUnique({ where: { id: runId } });
  if (!run) throw new DomainError("NOT_FOUND", `no migration run with id "${runId}"`);
  const plan = run.plan as unknown as StoredPlan;
  const sources = new Map<string, CachedVersion>();
  for (const id of plan.sourceVersionIds) sources.set(id, await rt.models.get(id, client));
  return {
    id: run.id,
    status: run.status,
    processId: run.processId,
    target: await rt.models.get(run.targetVersionId, client),
    sources,
    plan,
  };
}

/**
 * Plans one instance in its current state with the run's mapping: the dry run of one instance
 * (`preview`, the default), or — to execute right away — without previewing what gets unlocked
 * (the migration step itself then refuses one that cannot settle: `settleFailure`).
 */
export function planInstance(
  run: Pick<RunContext, "target" | "plan">,
  source: CachedVersion,
  state: InstanceState,
  now: Date,
  preview = true,
): MigrationPlanResult {
  return planMigration(source.model, run.target.model, state, {
    mapping: run.plan.effectiveMapping[source.versionId] ?? {},
    variableChanges: run.plan.variableChanges ?? {},
    sourceVersion: source.number,
    targetVersion: run.target.number,
    now: now.toISOString(),
    preview,
  });
}

/** A migration step refused for not settling in the target model: the dry run's `CANNOT_SETTLE` reason; undefined for any other refusal. */
export function settleFailure(rejection: { code: string; message: string }): string | undefined {
  return rejection.code === "CASCADE_LIMIT" || rejection.code === "INTERNAL_ERROR"
    ? `CANNOT_SETTLE: ${rejection.message}`
    : undefined;
}

export interface PendingItem {
  instanceId: string;
  fromVersionId: string;
  fromStateId: string | null;
  seqBefore: number | null;
}

export type ItemOutcome =
  | { status: "migrated"; toStateId: string; replanned: boolean }
  | { status: "failed" | "skipped"; reason: string }
  | { status: "gone" };

/** An item is no longer pending (cancelled, or finished by another executor): roll its step (or chunk) back. */
export class ItemNotPending extends Error {
  override name = "ItemNotPending";
}

/** How often an instance that keeps moving between our read and its row lock is re-planned. */
const ATTEMPTS = 3;

/**
 * Migrates one item of a run, exactly once:
 *
 * 1. Re-checks the instance as it is NOW (not as it was when the run was created): finished →
 *    `skipped`; already on the target version → `skipped`; on a version the run does not migrate →
 *    `failed`; otherwise it is planned again for its current state (a moved instance whose new
 *    state has no target → `failed` with the reason; never migrated blindly).
 * 2. Steps `migrate` through `stepInstance` (row lock, engine, persistStep — the one path for
 *    every event) and, in the SAME transaction (`inTransaction`), flips the item from `pending` to
 *    `migrated`. If the item is no longer pending (cancelled, or another process did it) the whole
 *    transaction rolls back. So the instance change and the item row commit together or not at
 *    all: a crash between items loses nothing and a resumed run never migrates an instance twice.
 * 3. The engine refuses a plan whose state instance is no longer current (the instance moved
 *    between our read and the row lock): read again and re-plan, a few times.
 */
export async function migrateItem(rt: Runtime, run: RunContext, item: PendingItem): Promise<ItemOutcome> {
  let lastRejection = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const row = await rt.db.prisma.instance.findUnique({
      where: { id: item.instanceId },
      select: { versionId: true, status: true, seq: true, state: true },
    });
    const now = rt.clock.now();
    if (!row) return finish(rt, run, item, "failed", "the instance no longer exists");
    if (row.status !== "running" && row.status !== "locked")
      return finish(
        rt,
        run,
        item,
        "skipped",
        `the instance is ${row.status} (it was running when the run was created)`,
      );
    if (row.versionId === run.target.versionId)
      return finish(rt, run, item, "skipped", `the instance is on the target v${run.target.number} already`);
    const source = run.sources.get(row.versionId);
    if (!source) {
      const other = await rt.models.get(row.versionId);
      return finish(
        rt,
        run,
        item,
        "failed",
        `the instance is on v${other.number} now, which this run does not migrate`,
      );
    }
    const state = row.state as unknown as InstanceState;
    const moved =
      row.versionId !== item.fromVersionId || (item.seqBefore !== null && row.seq !== item.seqBefore);
    const plan = planInstance(run, source, state, now, false);
    if (!plan.ok) {
      const why = moved
        ? `the instance moved since the run was created (state ${item.fromStateId ?? "?"} at seq ${item.seqBefore ?? "?"} → ${state.current.stateId} at seq ${row.seq}) and cannot be migrated now: ${plan.message}`
        : plan.message;
      return finish(rt, run, item, "failed", `${plan.reason}: ${why}`);
    }
    try {
      const outcome = await stepInstance(
        rt,
        item.instanceId,
        { type: "migrate", toModel: run.target.model, plan },
        {
          actor: `migration:${run.id}`,
          inTransaction: async (tx, outcome) => {
            if (!outcome.ok) return;
            const updated = await tx.$executeRawUnsafe(
              `UPDATE migration_item SET status = 'migrated', to_state_id = $3, seq_after = $4, error = NULL, updated_at = $5
                WHERE run_id = $1::uuid AND instance_id = $2::uuid AND status = 'pending'`,
              run.id,
              item.instanceId,
              plan.targetStateId,
              outcome.state.seq,
              rt.clock.now(),
            );
            if (updated !== 1) throw new ItemNotPending();
          },
        },
      );
      if (outcome.ok) return { status: "migrated", toStateId: plan.targetStateId, replanned: moved };
      const cannotSettle = settleFailure(outcome.rejection);
      if (cannotSettle) return finish(rt, run, item, "failed", cannotSettle);
      lastRejection = `${outcome.rejection.code}: ${outcome.rejection.message}`;
    } catch (error) {
      if (error instanceof ItemNotPending) return { status: "gone" };
      return finish(
        rt,
        run,
        item,
        "failed",
        `the migration step failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return finish(
    rt,
    run,
    item,
    "failed",
    `the instance kept moving while it was being migrated: ${lastRejection}`,
  );
}

/**
 * Records a failed or skipped item (only while it is still pending). A failure is also written to
 * the instance's history, so its timeline says why the migration left it where it is.
 */
async function finish(
  rt: Runtime,
  run: RunContext,
  item: PendingItem,
  status: "failed" | "skipped",
  reason: string,
): Promise<ItemOutcome> {
  const now = rt.clock.now();
  const changed = await rt.db.prisma.$transaction(async (tx) => {
    const updated = await tx.$executeRawUnsafe(
      `UPDATE migration_item SET status = $3, error = $4, updated_at = $5 WHERE run_id = $1::uuid AND instance_id = $2::uuid AND status = 'pending'`,
      run.id,
      item.instanceId,
      status,
      reason,
      now,
    );
    if (updated !== 1) return false;
    if (status === "failed") {
      const seq = (await tx.instance.findUnique({ where: { id: item.instanceId }, select: { seq: true } }))
        ?.seq;
      if (seq !== undefined) {
        await tx.historyEvent.create({
          data: {
            instanceId: item.instanceId,
            seq,
            type: "migrationFailed",
            data: { runId: run.id, targetVersion: run.target.number, reason },
            actor: `migration:${run.id}`,
            at: now,
          },
        });
      }
    }
    return true;
  });
  return changed ? { status, reason } : { status: "gone" };
}
