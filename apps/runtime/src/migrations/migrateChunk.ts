import { stepInstances } from "../instances/stepBatch.ts";
import { BatchConflictError } from "../instances/stepBatch.ts";
import type { BatchDecision, LockedInstance } from "../instances/stepBatch.ts";
import type { Runtime } from "../instances/Runtime.ts";
import type { EngineEvent, MigrationPlan, MigrationPlanResult } from "@flowstate/engine";
import type { AlongsideWrites } from "../instances/stepStatement.ts";
import { ItemNotPending, planInstance, settleFailure } from "./migrateItem.ts";
import type { ItemOutcome, PendingItem, RunContext } from "./migrateItem.ts";

/** The fast path of a migration chunk: many items in ONE step statement (`migrateItem` is the slow path, item by item). */

/**
 * The batch path's item updates, given the placeholders of their parameters: the run, the time, the
 * batch's instance ids, then per id (arrays in the ids' order): the target state and seq after
 * (migrated), or the status, error and seq judged on (ended). Each item row is joined to its
 * values by its instance id (`unnest` of the arrays side by side: one index lookup per item; the
 * arrays searched per row instead — `array_position` — cost a migrated instance ~20 µs of
 * Postgres's time at 250 per batch). The rows are also bounded to the batch's id range (a batch is
 * a slice of a chunk read in key order, so its items are the range's pending items): whatever
 * plan Postgres picks never scans the rest of the run's items (unanalysed, a run inserts them all
 * at once), which once made the run quadratic in its size.
 */
const inRange = (ids: string) =>
  `m.instance_id BETWEEN (SELECT x FROM unnest(${ids}::uuid[]) x ORDER BY x LIMIT 1) AND (SELECT x FROM unnest(${ids}::uuid[]) x ORDER BY x DESC LIMIT 1)`;

export function markMigrated(p: {
  run: string;
  at: string;
  ids: string;
  toState: string;
  seqAfter: string;
}): string {
  return `UPDATE migration_item m SET status = 'migrated', to_state_id = u.to_state, seq_after = u.seq_after, error = NULL, updated_at = ${p.at}::timestamptz
    FROM unnest(${p.ids}::uuid[], ${p.toState}::text[], ${p.seqAfter}::int[]) AS u(instance_id, to_state, seq_after)
    WHERE m.run_id = ${p.run}::uuid AND m.instance_id = u.instance_id AND m.status = 'pending' AND ${inRange(p.ids)}`;
}

export function markEnded(p: {
  run: string;
  at: string;
  ids: string;
  status: string;
  error: string;
  seq: string;
}): string {
  return `UPDATE migration_item m SET status = u.status, error = u.error, updated_at = ${p.at}::timestamptz
    FROM unnest(${p.ids}::uuid[], ${p.status}::text[], ${p.error}::text[], ${p.seq}::int[]) AS u(instance_id, status, error, seq)
    WHERE m.run_id = ${p.run}::uuid AND m.instance_id = u.instance_id AND m.status = 'pending' AND ${inRange(p.ids)}
      AND (u.seq IS NULL OR EXISTS (SELECT 1 FROM instance i WHERE i.id = m.instance_id AND i.seq = u.seq))`;
}

/** A batch's item outcomes, as `batchItemWrites` writes them. */
interface BatchItems {
  runId: string;
  targetVersion: number;
  migrated: { id: string; to: string; seq: number }[];
  ended: { id: string; status: "failed" | "skipped"; reason: string; seq: number | null }[];
}

/**
 * What a batch writes alongside its steps, in the step statement (`AlongsideWrites`): the items of
 * the migrated instances, those of the ones that failed or were skipped (each only if its instance
 * still has the seq it was judged on), and a failure's history row, so the instance's timeline says
 * why the migration left it where it is. The statement applies only if every item was still pending.
 */
function batchItemWrites(items: BatchItems): AlongsideWrites {
  return {
    name: "migration_items",
    sql: (p, at) => {
      const run = p.add(items.runId);
      const migratedIds = p.add(items.migrated.map((m) => m.id));
      const endedIds = p.add(items.ended.map((e) => e.id));
      const status = p.add(items.ended.map((e) => e.status));
      const error = p.add(items.ended.map((e) => e.reason));
      const seq = p.add(items.ended.map((e) => e.seq));
      const toState = p.add(items.migrated.map((m) => m.to));
      const seqAfter = p.add(items.migrated.map((m) => m.seq));
      const ctes = `
migrated_items AS (
  ${markMigrated({ run, at, ids: migratedIds, toState, seqAfter })}
  RETURNING 1),
ended_items AS (
  ${markEnded({ run, at, ids: endedIds, status, error, seq })}
  RETURNING 1),
failure_history AS (
  INSERT INTO history_event (instance_id, seq, type, data, actor, at)
  SELECT f.instance_id, f.seq, 'migrationFailed', json_build_object('runId', ${run}::text, 'targetVersion', ${p.add(items.targetVersion)}::int, 'reason', f.reason), ${p.add(`migration:${items.runId}`)}::text, ${at}::timestamptz
    FROM unnest(${endedIds}::uuid[], ${status}::text[], ${error}::text[], ${seq}::int[]) AS f(instance_id, status, reason, seq)
   WHERE f.status = 'failed' AND f.seq IS NOT NULL
  RETURNING 1)`;
      const check = `(SELECT count(*) FROM migrated_items) = cardinality(${migratedIds}::uuid[]) AND (SELECT count(*) FROM ended_items) = cardinality(${endedIds}::uuid[])`;
      return { ctes, check };
    },
  };
}

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
  // Instances of one kind (`LockedInstance.kind`) share their plan and event: without variable
  // changes (expressions, which may read the identity) a plan reads nothing of an instance's id or key.
  const perKind = Object.keys(run.plan.variableChanges ?? {}).length === 0;
  const planned = new Map<
    object,
    { plan: Exclude<MigrationPlanResult, { ok: true }> } | { plan: MigrationPlan; event: EngineEvent }
  >();
  const eventKeys = new WeakMap<EngineEvent, string>();
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
    let kindPlan = perKind && row.kind ? planned.get(row.kind) : undefined;
    if (!kindPlan) {
      const plan = planInstance(run, source, row.state, now, false);
      kindPlan = plan.ok ? { plan, event: { type: "migrate", toModel: run.target.model, plan } } : { plan };
      if (perKind && row.kind) planned.set(row.kind, kindPlan);
    }
    if (!("event" in kindPlan)) {
      const { plan } = kindPlan;
      const why = moved
        ? `the instance moved since the run was created (state ${item.fromStateId ?? "?"} at seq ${item.seqBefore ?? "?"} → ${row.state.current.stateId} at seq ${row.seq}) and cannot be migrated now: ${plan.message}`
        : plan.message;
      return pass("failed", `${plan.reason}: ${why}`);
    }
    const { plan, event } = kindPlan;
    targets.set(row.id, plan.targetStateId);
    verdicts.set(row.id, { status: "migrated", toStateId: plan.targetStateId, replanned: moved });
    return { event };
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
        // Instances alike but for their identity, under the same plan, take one engine step (`alikeSteps.ts`).
        alike: (_row, event) => {
          if (event.type !== "migrate") return undefined;
          let key = eventKeys.get(event);
          if (key === undefined) eventKeys.set(event, (key = JSON.stringify(event.plan)));
          return key;
        },
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
          return batchItemWrites({ runId: run.id, targetVersion: run.target.number, migrated, ended });
        },
      },
    );
  } catch (error) {
    if (error instanceof ItemNotPending || error instanceof BatchConflictError) return undefined;
    throw error;
  }
  return items.map((i) => verdicts.get(i.instanceId)!);
}
