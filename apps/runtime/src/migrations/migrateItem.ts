import { planMigration } from "@flowstate/engine";
import type { InstanceState, MigrationPlanResult } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { CachedVersion } from "../instances/ModelCache.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { stepInstance, stepInstances } from "../instances/stepInstance.ts";
import { BatchConflictError } from "../instances/stepInstance.ts";
import { alongsideParam } from "../instances/persistStep.ts";
import type { BatchDecision, LockedInstance } from "../instances/stepInstance.ts";
import type { MigrationPlanInput } from "./migrationPlan.ts";

type Reader = Prisma.TransactionClient;

/** What `migration_run.plan` holds: the plan as given plus what was resolved when the run was created. */
export interface StoredPlan extends MigrationPlanInput {
  /** Per source version: proposal + operator choices (what every instance of that version is planned with). */
  effectiveMapping: Record<string, Record<string, string>>;
  /** Source version id → number. */
  sourceVersions: Record<string, number>;
  targetVersion: number;
  /** How fast the run goes (given at `create`); absent: the executor's defaults. */
  pace?: RunPace;
}

/**
 * A run's pace: fewer instances per chunk and a pause between chunks spread a large migration
 * over time (less load on the database and on the handlers its migration actions call) and make
 * pause/resume/cancel take effect sooner (they act between chunks).
 */
export interface RunPace {
  /** Items claimed per chunk (the executor's `chunkSize` otherwise). */
  chunkSize?: number;
  /** Wait after each chunk, in milliseconds. */
  chunkDelayMs?: number;
}

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
function settleFailure(rejection: { code: string; message: string }): string | undefined {
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
class ItemNotPending extends Error {
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

/**
 * The batch path's item updates, given the placeholders of their parameters: the run, the time, the
 * batch's instance ids, then per id (arrays in the ids' order): the target state and seq after
 * (migrated), or the status, error and seq judged on (ended).
 * The item rows are found through the primary key bounded to the batch's id range (a batch is a
 * slice of a chunk read in key order, so its items are the range's pending items) and each row
 * takes its values from the arrays at its id's position. Without the range, with the run's items
 * unanalysed (a run inserts them all at once), Postgres scanned all of the run's items for every
 * batch (by `run_id` alone, the ids only a filter): quadratic in the run's size.
 */
export function markMigrated(p: {
  run: string;
  at: string;
  ids: string;
  toState: string;
  seqAfter: string;
}): string {
  return `UPDATE migration_item m SET status = 'migrated', to_state_id = (${p.toState}::text[])[array_position(${p.ids}::uuid[], m.instance_id)],
          seq_after = (${p.seqAfter}::int[])[array_position(${p.ids}::uuid[], m.instance_id)], error = NULL, updated_at = ${p.at}::timestamptz
    WHERE m.run_id = ${p.run}::uuid AND m.instance_id = ANY(${p.ids}::uuid[]) AND m.status = 'pending'
      AND m.instance_id BETWEEN (SELECT x FROM unnest(${p.ids}::uuid[]) x ORDER BY x LIMIT 1) AND (SELECT x FROM unnest(${p.ids}::uuid[]) x ORDER BY x DESC LIMIT 1)`;
}

export function markEnded(p: {
  run: string;
  at: string;
  ids: string;
  status: string;
  error: string;
  seq: string;
}): string {
  return `UPDATE migration_item m SET status = (${p.status}::text[])[array_position(${p.ids}::uuid[], m.instance_id)], error = (${p.error}::text[])[array_position(${p.ids}::uuid[], m.instance_id)], updated_at = ${p.at}::timestamptz
    WHERE m.run_id = ${p.run}::uuid AND m.instance_id = ANY(${p.ids}::uuid[]) AND m.status = 'pending'
      AND m.instance_id BETWEEN (SELECT x FROM unnest(${p.ids}::uuid[]) x ORDER BY x LIMIT 1) AND (SELECT x FROM unnest(${p.ids}::uuid[]) x ORDER BY x DESC LIMIT 1)
      AND ((${p.seq}::int[])[array_position(${p.ids}::uuid[], m.instance_id)] IS NULL
           OR EXISTS (SELECT 1 FROM instance i WHERE i.id = m.instance_id AND i.seq = (${p.seq}::int[])[array_position(${p.ids}::uuid[], m.instance_id)]))`;
}

/**
 * What a batch writes alongside its steps, in the step statement (`AlongsideWrites`): the items of
 * the migrated instances, those of the ones that failed or were skipped (each only if its instance
 * still has the seq it was judged on), and a failure's history row, so the instance's timeline says
 * why the migration left it where it is. The statement applies only if every item was still pending.
 */
const P = alongsideParam;
const batchItemWrites = `
migrated_items AS (
  ${markMigrated({ run: P(0), at: "$1", ids: P(1), toState: P(2), seqAfter: P(3) })}
  RETURNING 1),
ended_items AS (
  ${markEnded({ run: P(0), at: "$1", ids: P(4), status: P(5), error: P(6), seq: P(7) })}
  RETURNING 1),
failure_history AS (
  INSERT INTO history_event (instance_id, seq, type, data, actor, at)
  SELECT f.instance_id, f.seq, 'migrationFailed', json_build_object('runId', ${P(0)}::text, 'targetVersion', ${P(8)}::int, 'reason', f.reason), ${P(9)}::text, $1::timestamptz
    FROM unnest(${P(4)}::uuid[], ${P(5)}::text[], ${P(6)}::text[], ${P(7)}::int[]) AS f(instance_id, status, reason, seq)
   WHERE f.status = 'failed' AND f.seq IS NOT NULL
  RETURNING 1)`;
const batchItemCheck = `(SELECT count(*) FROM migrated_items) = cardinality(${P(1)}::uuid[]) AND (SELECT count(*) FROM ended_items) = cardinality(${P(4)}::uuid[])`;

/**
 * Migrates many items of a run in ONE transaction (the fast path of the executor): their instance
 * rows are read together (no row lock: optimistic), each is re-checked and planned on its current
 * state, the accepted migrations are persisted with one statement — each only if its instance is
 * still at the seq it was planned on — and every item row flips from `pending` to its outcome in the
 * same transaction (a failed or skipped one only if its instance is still at the seq it was judged
 * on) — all or nothing, so a crash loses nothing and nothing is migrated twice. If any instance
 * moved meanwhile, or any item is no longer pending (another process did it, or the run was
 * cancelled), the chunk rolls back and `undefined` is returned: the caller then goes item by item
 * (`migrateItem`), which sorts such cases out one at a time.
 */
export async function migrateChunk(
  rt: Runtime,
  run: RunContext,
  items: readonly PendingItem[],
): Promise<ItemOutcome[] | undefined> {
  const now = rt.clock.now();
  const byId = new Map(items.map((i) => [i.instanceId, i]));
  const verdicts = new Map<string, ItemOutcome>();
  const targets = new Map<string, string>();
  const decide = (row: LockedInstance): BatchDecision => {
    const item = byId.get(row.id)!;
    const pass = (status: "failed" | "skipped", reason: string): BatchDecision => {
      verdicts.set(row.id, { status, reason });
      return { pass: reason };
    };
    if (row.status !== "running" && row.status !== "locked")
      return pass("skipped", `the instance is ${row.status} (it was running when the run was created)`);
    if (row.versionId === run.target.versionId)
      return pass("skipped", `the instance is on the target v${run.target.number} already`);
    const source = run.sources.get(row.versionId);
    if (!source)
      return pass("failed", `the instance is on v${row.version.number} now, which this run does not migrate`);
    const moved =
      row.versionId !== item.fromVersionId || (item.seqBefore !== null && row.seq !== item.seqBefore);
    const plan = planInstance(run, source, row.state, now, false);
    if (!plan.ok) {
      const why = moved
        ? `the instance moved since the run was created (state ${item.fromStateId ?? "?"} at seq ${item.seqBefore ?? "?"} → ${row.state.current.stateId} at seq ${row.seq}) and cannot be migrated now: ${plan.message}`
        : plan.message;
      return pass("failed", `${plan.reason}: ${why}`);
    }
    targets.set(row.id, plan.targetStateId);
    verdicts.set(row.id, { status: "migrated", toStateId: plan.targetStateId, replanned: moved });
    return { event: { type: "migrate", toModel: run.target.model, plan } };
  };
  try {
    await stepInstances(
      rt,
      items.map((i) => i.instanceId),
      decide,
      {
        actor: `migration:${run.id}`,
        // Rows read without a lock: a migrated instance is written only if unchanged since the read,
        // and an item ended (failed/skipped) only if its instance still has the seq it was judged on;
        // otherwise the batch rolls back and goes item by item.
        optimistic: true,
        // The items are written by the steps' own statement: all of it applies, or nothing.
        alongside: (results) => {
          const migrated: { id: string; to: string; seq: number }[] = [];
          const ended: { id: string; status: "failed" | "skipped"; reason: string; seq: number | null }[] =
            [];
          for (const r of results) {
            if (!r.row) {
              ended.push({
                id: r.instanceId,
                status: "failed",
                reason: "the instance no longer exists",
                seq: null,
              });
              verdicts.set(r.instanceId, { status: "failed", reason: "the instance no longer exists" });
            } else if (r.outcome?.ok) {
              migrated.push({ id: r.instanceId, to: targets.get(r.instanceId)!, seq: r.outcome.state.seq });
            } else {
              const verdict =
                r.outcome && !r.outcome.ok
                  ? ({
                      status: "failed",
                      reason:
                        settleFailure(r.outcome.rejection) ??
                        `${r.outcome.rejection.code}: ${r.outcome.rejection.message}`,
                    } as const)
                  : (verdicts.get(r.instanceId) as { status: "failed" | "skipped"; reason: string });
              verdicts.set(r.instanceId, verdict);
              ended.push({
                id: r.instanceId,
                status: verdict.status,
                reason: verdict.reason,
                seq: r.row.seq,
              });
            }
          }
          return {
            name: "migration_items",
            ctes: batchItemWrites,
            check: batchItemCheck,
            values: [
              run.id,
              migrated.map((m) => m.id),
              migrated.map((m) => m.to),
              migrated.map((m) => m.seq),
              ended.map((e) => e.id),
              ended.map((e) => e.status),
              ended.map((e) => e.reason),
              ended.map((e) => e.seq),
              run.target.number,
              `migration:${run.id}`,
            ],
          };
        },
      },
    );
  } catch (error) {
    if (error instanceof ItemNotPending || error instanceof BatchConflictError) return undefined;
    throw error;
  }
  return items.map((i) => verdicts.get(i.instanceId)!);
}
