import { randomUUID } from "node:crypto";
import type { Effect, InstanceState, Records } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { jobsChannel } from "../queue/queueSql.ts";
import { outboundEvents } from "../webhooks/outboundEvents.ts";
import type { Runtime } from "./Runtime.ts";
import type { PendingAudit } from "../auth/auditLog.ts";
import { historyEntries } from "./historyRecords.ts";

type Tx = Prisma.TransactionClient;
/** Where a step's statement runs: in a Prisma transaction, or on its own. */
export type StepTx = Tx | "autocommit";

/** A step with side writes (identifiers, incidents) was given no transaction: nothing was written; run it in a Prisma transaction. */
export class SideWritesNeedPrismaError extends Error {
  override name = "SideWritesNeedPrismaError";
}
const j = (v: unknown) => (v === undefined ? undefined : (v as Prisma.InputJsonValue));

export interface PersistContext {
  /** The caller's transaction, or "autocommit": the statement alone (a step without side writes). */
  tx: StepTx;
  rt: Runtime;
  processId: string;
  /** The instance row's state before the step (absent for a start). */
  before?: InstanceState;
  after: InstanceState;
  records: Records;
  effects: Effect[];
  now: Date;
  actor?: string;
  /** The job whose result this step records: deleted by the same statement, only while this worker still holds its lease. */
  fence?: { jobId: bigint; workerId: string };
  /** The instance row's `seq` the step was computed from: the write happens only if it still is (absent for a start). */
  expectedSeq?: number;
  /** A worker that takes a handler job this step creates straight away (inserted already leased to it: no claim). */
  handoff?: JobHandoff;
  /** The audit record of the call that made this step: written by the same statement (then `recorded`). */
  audit?: PendingAudit;
}

/**
 * A worker's offer to run a job the step creates without claiming it: the job is inserted
 * already leased to `workerId` (a crash before it runs is a lease that expires, as for a claim).
 * `reserve` takes one of the worker's slots for that handler (false: no room, or not ours);
 * `release` gives it back when the job was not handed over after all.
 */
export interface JobHandoff {
  workerId: string;
  leaseMs: number;
  reserve(handler: string): boolean;
  release(handler: string): void;
}

/** A job a step inserted already leased to the step's worker. */
export interface HandedOverJob {
  id: bigint;
  instanceId: string;
  occurrenceId: string;
  handler: string;
  runAt: Date;
  attempt: number;
  idempotencyKey: string;
  payload: unknown;
}

/**
 * Version ids of the numbers the records mention (history keeps pointing at old versions after a
 * migration). Read from the model cache without awaiting when every one is cached (a batch of
 * steps would otherwise yield once per step and version).
 */
function versionIds(ctx: PersistContext): Map<number, string> | Promise<Map<number, string>> {
  const numbers = new Set<number>([ctx.after.version]);
  for (const s of ctx.records.stateInstances) numbers.add(s.version);
  for (const o of ctx.records.occurrences) numbers.add(o.version);
  const map = new Map<number, string>();
  for (const n of numbers) {
    const cached = ctx.rt.models.peekByNumber(ctx.processId, n);
    if (!cached) return readVersionIds(ctx, numbers);
    map.set(n, cached.versionId);
  }
  return map;
}

async function readVersionIds(ctx: PersistContext, numbers: Set<number>): Promise<Map<number, string>> {
  const map = new Map<number, string>();
  for (const n of numbers)
    map.set(n, (await ctx.rt.models.getByNumber(ctx.processId, n, reader(ctx.tx))).versionId);
  return map;
}

/**
 * The writes of any number of steps as ONE statement (data-modifying CTEs over one JSON array of
 * steps, each carrying its own rows). The statement is atomic by itself, so a step needs no explicit
 * transaction: every write is GUARDED by the instance row's update, which happens only when
 *  - the row still has the seq the step was computed from (`expected_seq`; a concurrent step made
 *    since then updates zero rows — the caller re-reads and steps again: optimistic concurrency,
 *    the row lock taken by the UPDATE makes the check-and-write atomic under READ COMMITTED), and
 *  - the step's fenced job (the job whose result it records) is still leased to the caller:
 *    `fence_lock` locks that job row (FOR UPDATE re-checks `locked_by` on the newest row version),
 *    so a lease lost to a concurrent re-claim refuses the whole step.
 * Every other write joins `inst` (the updated rows), so a refused step writes nothing.
 * A step thus costs one round trip (the worker's path), and a batch of steps one statement.
 *
 * The payload is kept small, because Postgres parses every byte of it (`jsonb_in` was a quarter of
 * the statement's time for a migration) and Node serialises and sends it: each step's rows are
 * nested in the step (`si`, `occ`, `fir`, `jobs`; `his` the seq and time of its history row), so
 * the instance id, the actor and the version id are not repeated per row; a missing key is NULL,
 * and SQL fills in the defaults (a row's version is the step's, a time is the statement's `$1`, a
 * flag is false). Three text parameters carry one line per step each, line i of each belonging to
 * step i: `$2` the step and its rows (parsed as jsonb), `$8` the new snapshot and `$9` the step's
 * history records, its ONE history row's data (`historyEntries`; both parsed as json, which only
 * checks the syntax: the `state` and `data` columns are json because nothing queries inside them;
 * jsonb took about four times as long per byte, and those two are three quarters of a migrated
 * instance's 2.7 KB). Each line is parsed on its own (`OFFSET 0` keeps the parse to once per
 * step): one 680 KB jsonb document (a batch of 250 migrated instances) parsed about six times
 * slower per byte than documents of a few KB. Rows are read with `->`/`->>`, not
 * `jsonb_to_recordset`, which on Postgres 15 took ~20 µs per step to extract nested values.
 * `inst` returns each step's nested rows, so the steps are parsed once.
 * Columns are named explicitly. The statement also writes the webhook outbox (one delivery per
 * event and matching webhook: active, listing the event, no process filter or this process, no
 * action filter or this action; a re-recorded event — same key — is not delivered twice), deletes
 * the jobs of cancelled schedules and the fenced jobs, and sends the workers' wake-up NOTIFY
 * (delivered at commit; `jobs_only`: only when jobs were inserted that no worker holds yet — a job
 * handed over to the stepping worker needs no wake-up; live pages hear of steps from the change
 * feed's batched NOTIFY after commit), and the audit record of the call that caused the step (so a
 * change and its record commit together). The notify subquery is counted in the result so the
 * planner keeps it (pg_notify is volatile). Planning this statement costs several times its
 * execution: it runs as a named prepared statement (`Database.query`) wherever the driver allows.
 */
const writeStepsCtes = `
WITH
fence_lock AS (
  SELECT job.id, f.instance_id FROM job JOIN jsonb_to_recordset($3::jsonb) AS f(job_id bigint, worker_id text, instance_id uuid)
    ON job.id = f.job_id AND job.locked_by = f.worker_id
  FOR UPDATE OF job),
inst AS (
  UPDATE instance SET state = x.s, status = (x.e->>'status')::instance_status, seq = (x.e->>'seq')::int, variables = x.e->'variables',
         version_id = (x.e->>'version_id')::uuid, current_state_id = x.e->>'current_state_id', locked_by = (x.e->>'locked_by')::uuid, outcome = x.e->>'outcome',
         has_incident = coalesce((x.e->>'has_incident')::boolean, false),
         ended_at = CASE WHEN (x.e->>'finished')::boolean THEN $1::timestamptz ELSE instance.ended_at END,
         active_business_key = CASE WHEN (x.e->>'free_business_key')::boolean THEN NULL ELSE instance.active_business_key END,
         updated_at = $1::timestamptz
    FROM (SELECT e, s, hd, (e->>'id')::uuid AS id, (e->>'expected_seq')::int AS expected_seq, (e->>'fenced')::boolean AS fenced
            FROM (SELECT t::jsonb AS e, u::json AS s, v::json AS hd
                    FROM unnest(string_to_array($2::text, E'\\n'), string_to_array($8::text, E'\\n'), string_to_array($9::text, E'\\n')) AS lines(t, u, v) OFFSET 0) AS parsed) x
   WHERE instance.id = x.id
     AND (x.expected_seq IS NULL OR instance.seq = x.expected_seq)
     AND (x.fenced IS NOT TRUE OR x.id IN (SELECT fl.instance_id FROM fence_lock fl))
   RETURNING instance.id, (x.e->>'version_id')::uuid AS version_id, x.e->>'actor' AS actor, x.e->'si' AS si, x.e->'occ' AS occ, x.e->'fir' AS fir, x.e->'his' AS his, x.hd AS hd, x.e->'jobs' AS jobs),
si AS (
  INSERT INTO state_instance (instance_id, key, version_id, state_id, entered_seq, reason, exited_seq, exit_reason, entered_at, exited_at)
  SELECT step.id, r->>'key', coalesce((r->>'version_id')::uuid, step.version_id), r->>'state_id', (r->>'entered_seq')::int, r->>'reason', (r->>'exited_seq')::int, r->>'exit_reason',
         coalesce((r->>'entered_at')::timestamptz, $1::timestamptz), CASE WHEN r->>'exited_seq' IS NULL THEN NULL ELSE coalesce((r->>'exited_at')::timestamptz, $1::timestamptz) END
    FROM inst AS step CROSS JOIN LATERAL jsonb_array_elements(step.si) AS r
  ON CONFLICT (instance_id, key) DO UPDATE SET exited_seq = EXCLUDED.exited_seq, exit_reason = EXCLUDED.exit_reason, exited_at = EXCLUDED.exited_at
  RETURNING 1),
occ AS (
  INSERT INTO occurrence (instance_id, id, state_instance_key, version_id, node_id, status, attempt, reason, input, output, error, actor, closed_seq, due_at, created_at, updated_at)
  SELECT step.id, r->>'id', r->>'state_instance_key', coalesce((r->>'version_id')::uuid, step.version_id), r->>'node_id', (r->>'status')::occurrence_status, (r->>'attempt')::int, r->>'reason',
         r->'input', r->'output', r->'error', r->>'actor', (r->>'closed_seq')::int, (r->>'due_at')::timestamptz, $1::timestamptz, $1::timestamptz
    FROM inst AS step CROSS JOIN LATERAL jsonb_array_elements(step.occ) AS r
  ON CONFLICT (instance_id, id) DO UPDATE SET status = EXCLUDED.status, attempt = EXCLUDED.attempt, reason = EXCLUDED.reason, input = EXCLUDED.input,
     output = EXCLUDED.output, error = EXCLUDED.error, actor = EXCLUDED.actor, closed_seq = EXCLUDED.closed_seq, due_at = EXCLUDED.due_at, updated_at = EXCLUDED.updated_at
  RETURNING 1),
fir AS (
  INSERT INTO firing (instance_id, key, state_instance_key, line_id, seq, fired_at)
  SELECT step.id, r->>'key', r->>'state_instance_key', r->>'line_id', (r->>'seq')::int, coalesce((r->>'fired_at')::timestamptz, $1::timestamptz)
    FROM inst AS step CROSS JOIN LATERAL jsonb_array_elements(step.fir) AS r
  ON CONFLICT DO NOTHING RETURNING 1),
his AS (
  INSERT INTO history_event (instance_id, seq, type, data, actor, at)
  SELECT step.id, (step.his->>'seq')::int, 'step', step.hd, step.actor, coalesce((step.his->>'at')::timestamptz, $1::timestamptz)
    FROM inst AS step WHERE step.his IS NOT NULL
  RETURNING 1),
jobs AS (
  INSERT INTO job (kind, instance_id, occurrence_id, handler, run_at, attempt, idempotency_key, payload, locked_by, locked_until, deliveries)
  SELECT r->>'kind', step.id, r->>'occurrence_id', r->>'handler', coalesce((r->>'run_at')::timestamptz, $1::timestamptz), (r->>'attempt')::int, r->>'idempotency_key', r->'payload',
         r->>'locked_by', (r->>'locked_until')::timestamptz, CASE WHEN r->>'locked_by' IS NULL THEN 0 ELSE 1 END
    FROM inst AS step CROSS JOIN LATERAL jsonb_array_elements(step.jobs) AS r
  ON CONFLICT (idempotency_key) DO NOTHING RETURNING job.id, job.idempotency_key, job.locked_by),
hooks AS (
  INSERT INTO webhook_delivery (id, webhook_id, event, event_key, instance_id, payload, status, attempts, next_attempt_at, created_at)
  SELECT gen_random_uuid(), w.id, e.event, e.key, e.instance_id, e.payload, 'pending', 0, $1::timestamptz, $1::timestamptz
    FROM jsonb_to_recordset($5::jsonb) AS e(event text, key text, instance_id uuid, process_key text, action_id text, payload jsonb)
    JOIN inst ON inst.id = e.instance_id
    JOIN webhook w ON w.active AND e.event = ANY(w.events)
                  AND (w.process_key IS NULL OR w.process_key = e.process_key)
                  AND (e.action_id IS NULL OR cardinality(w.actions) = 0 OR e.action_id = ANY(w.actions))
  ON CONFLICT (webhook_id, event_key) DO NOTHING RETURNING 1),
cancelled AS (
  DELETE FROM job USING jsonb_to_recordset($6::jsonb) AS c(instance_id uuid, occurrence_id text)
   WHERE job.instance_id = c.instance_id AND job.occurrence_id = c.occurrence_id
     AND c.instance_id IN (SELECT inst.id FROM inst) RETURNING 1),
fence AS (
  DELETE FROM job USING fence_lock fl
   WHERE job.id = fl.id AND fl.instance_id IN (SELECT inst.id FROM inst) RETURNING 1),
aud AS (
  INSERT INTO audit_event (at, actor_kind, actor_id, actor_name, ip, action, outcome, process_key, instance_id, version_id, detail)
  SELECT $1::timestamptz, a.actor_kind, a.actor_id, a.actor_name, a.ip, a.action, a.outcome, a.process_key, a.instance_id, a.version_id, a.detail
    FROM jsonb_to_recordset($7::jsonb) AS a(step_instance_id uuid, actor_kind text, actor_id text, actor_name text, ip text, action text, outcome text,
         process_key text, instance_id text, version_id text, detail jsonb)
    JOIN inst ON inst.id = a.step_instance_id
  RETURNING 1)`;
const writeStepsResult = `
SELECT (SELECT coalesce(array_agg(inst.id::text), '{}') FROM inst) AS updated, (SELECT count(*) FROM jobs WHERE jobs.locked_by IS NULL)::int AS jobs,
  (SELECT coalesce(json_agg(json_build_object('id', jobs.id::text, 'key', jobs.idempotency_key)), '[]') FROM jobs WHERE jobs.locked_by IS NOT NULL) AS handed,
  (SELECT count(*) FROM fence_lock)::int AS fences_held,
  (SELECT count(*) FROM (SELECT pg_notify(n.channel, n.payload) FROM jsonb_to_recordset($4::jsonb) AS n(channel text, payload text, jobs_only boolean)
    WHERE EXISTS (SELECT 1 FROM inst) AND (NOT n.jobs_only OR EXISTS (SELECT 1 FROM jobs WHERE jobs.locked_by IS NULL))) AS notified)::int AS notified`;
export const writeStepsSql = writeStepsCtes + writeStepsResult;

/**
 * Writes that must commit with a batch of steps, made part of the step statement itself (so the
 * batch needs no transaction: `BatchOptions.alongside`). `ctes` are further `name AS (…)` entries of
 * the statement's WITH list: they may read `inst` (the instance rows the steps updated: `id`,
 * `version_id`, `actor`) and `$1` (the statement's time), and take their own parameters, `values`,
 * numbered from `alongsideParam(0)` on. The statement applies only if EVERY step was written and
 * `check` (an SQL condition over the CTEs) holds; otherwise it fails as a whole, nothing written
 * (`WritesRefusedError`). `name` names the statement's variant (one prepared statement each).
 */
export interface AlongsideWrites {
  name: string;
  ctes: string;
  values: unknown[];
  check: string;
}

/** The placeholder of the i-th (from 0) parameter of `AlongsideWrites.values`. */
export const alongsideParam = (i: number): string => `$${11 + i}`;

/** The step statement with writes alongside (see `AlongsideWrites`); `$10` is the number of steps. */
function writeStepsWith(alongside: AlongsideWrites): string {
  return `${writeStepsCtes},\n${alongside.ctes}${writeStepsResult},
  flowstate_assert((SELECT count(*) FROM inst) = $10::int AND ${alongside.check}, 'a batch of steps did not apply as a whole') AS applied`;
}

/** A step statement with writes alongside did not apply as a whole (a step's seq moved, or the writes' check failed): it wrote nothing. */
export class WritesRefusedError extends Error {
  override name = "WritesRefusedError";
}
/** The SQLSTATE `flowstate_assert` raises (migration `batch_assert`). */
const refusedState = "FS409";

/** One step to write: the context of `persistStep` without the transaction, runtime and clock. */
export type StepWrite = Omit<PersistContext, "tx" | "rt" | "now">;

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

/** What `persistSteps` wrote: which instances were updated (a step whose seq or fence no longer held writes nothing). */
export interface PersistResult {
  jobsInserted: boolean;
  /** Ids of the instances whose steps were written. */
  updated: Set<string>;
  /** How many of the steps' fenced jobs were still leased to their callers. */
  fencesHeld: number;
  steps: {
    jobsInserted: boolean;
    finished: boolean;
    fenced: boolean;
    written: boolean;
    handedOver: HandedOverJob[];
  }[];
}

/**
 * Writes one accepted step in the caller's transaction (the transactional outbox): the instance
 * row, state instances, occurrences, firings, history and the jobs the effects ask for in one
 * statement; identifiers, incidents and cancelled schedules (rare) separately. Returns whether
 * jobs were inserted (so the caller wakes workers after commit), whether the instance ended, and
 * whether the fenced job was still this worker's.
 */
export async function persistStep(
  ctx: PersistContext,
): Promise<{ jobsInserted: boolean; finished: boolean; fenced: boolean; written: boolean }> {
  const { tx, rt, now, ...step } = ctx;
  const [result] = (await persistSteps(tx, rt, now, [step])).steps;
  return result!;
}

/**
 * Writes many accepted steps (of any instances) with one statement: what `persistStep` does, for a
 * batch. `tx` is the caller's transaction, or the client itself for a step without side writes
 * (`needsSideWrites`), whose statement is its own transaction. Per step: whether it was written
 * (its seq and fence still held), whether it ended its instance and whether its fenced job was
 * still held; overall: whether any job was inserted. With `alongside`, the caller's writes are
 * part of the statement, which then applies only as a whole (`AlongsideWrites`; `WritesRefusedError`
 * otherwise) and runs even for no steps (the caller's writes alone).
 */
export async function persistSteps(
  tx: StepTx,
  rt: Runtime,
  now: Date,
  steps: StepWrite[],
  alongside?: AlongsideWrites,
): Promise<PersistResult> {
  if (steps.length === 0 && !alongside)
    return { jobsInserted: false, updated: new Set(), fencesHeld: 0, steps: [] };
  if (tx === "autocommit" && steps.some(needsSideWrites))
    throw new SideWritesNeedPrismaError(
      "a step with side writes (identifiers, incidents) needs a Prisma transaction",
    );
  const iso = now.toISOString();
  const rows = {
    steps: [] as unknown[],
    fences: [] as unknown[],
    notifications: [] as unknown[],
    webhookEvents: [] as unknown[],
    audit: [] as unknown[],
  };
  const cancelled: { instanceId: string; occurrenceId: string }[] = [];
  const finished: boolean[] = [];
  const candidates: { handoff: JobHandoff; instanceId: string; jobs: Record<string, unknown>[] }[] = [];
  const offers: { handoff: JobHandoff; instanceId: string; job: Record<string, unknown> }[] = [];
  for (const step of steps) {
    const ctx: PersistContext = { tx, rt, now, ...step };
    const { after, records } = step;
    const instance_id = after.instanceId;
    const known = versionIds(ctx);
    const versions = known instanceof Map ? known : await known;
    const versionId = versions.get(after.version)!;
    // Keys left out are NULL in the statement, which fills in the defaults (see `writeStepsSql`).
    const otherVersion = (version: number) =>
      version === after.version ? undefined : versions.get(version)!;
    const seqTime = new Map(records.history.map((h) => [h.seq, h.at]));
    const atOrNow = (seq: number) => {
      const at = seqTime.get(seq);
      return at === iso ? undefined : at;
    };
    const ended = after.status === "completed" || after.status === "failed" || after.status === "cancelled";
    finished.push(ended);
    const row: Record<string, unknown> = {
      id: instance_id,
      variables: after.variables,
      status: after.status,
      seq: after.seq,
      version_id: versionId,
      current_state_id: after.current.stateId,
    };
    if (after.lockedBy !== undefined && after.lockedBy !== null) row.locked_by = after.lockedBy;
    if (after.outcome !== undefined && after.outcome !== null) row.outcome = after.outcome;
    if (after.incidents.length > 0) row.has_incident = true;
    if (ended) row.finished = true;
    // A failed instance keeps its business key until an operator acknowledges the failure (seed 003).
    if (ended && after.status !== "failed" && after.outcome !== "failed") row.free_business_key = true;
    if (step.expectedSeq !== undefined) row.expected_seq = step.expectedSeq;
    if (step.fence) row.fenced = true;
    if (step.actor) row.actor = step.actor;
    if (records.stateInstances.length) {
      row.si = records.stateInstances.map((s) => ({
        key: s.id,
        version_id: otherVersion(s.version),
        state_id: s.stateId,
        entered_seq: s.enteredSeq,
        reason: s.reason,
        exited_seq: s.exitedSeq,
        exit_reason: s.exitReason,
        entered_at: atOrNow(s.enteredSeq),
        exited_at: s.exitedSeq === undefined ? undefined : atOrNow(s.exitedSeq),
      }));
    }
    if (records.occurrences.length) {
      row.occ = records.occurrences.map((o) => ({
        id: o.id,
        state_instance_key: o.stateInstanceId,
        version_id: otherVersion(o.version),
        node_id: o.nodeId,
        status: o.status,
        attempt: o.attempt,
        reason: o.reason,
        input: o.input ?? undefined,
        output: o.output ?? undefined,
        error: o.error ?? undefined,
        actor:
          o.actor === undefined || o.actor === null
            ? undefined
            : typeof o.actor === "string"
              ? o.actor
              : JSON.stringify(o.actor),
        closed_seq: o.closedSeq,
        due_at: o.dueAt ?? undefined,
      }));
    }
    if (records.firings.length)
      row.fir = records.firings.map((f) => ({
        key: f.id,
        state_instance_key: f.stateInstanceId,
        line_id: f.lineId,
        seq: f.seq,
        fired_at: atOrNow(f.seq),
      }));
    // The step's history is ONE row (type `step`, its records in `data`: see `historyRecordsSql`).
    const [first] = records.history;
    if (first) row.his = { seq: first.seq, at: first.at === iso ? undefined : first.at };
    const effects = jobsFor(ctx);
    const handlerJobs: Record<string, unknown>[] = [];
    if (effects.jobs.length) {
      row.jobs = effects.jobs.map((job) => {
        const jobRow: Record<string, unknown> = {
          ...job,
          run_at: job.run_at === iso ? undefined : job.run_at,
        };
        if (job.kind === "handler") handlerJobs.push(jobRow);
        return jobRow;
      });
    }
    rows.steps.push(row);
    if (step.handoff && handlerJobs.length)
      candidates.push({ handoff: step.handoff, instanceId: instance_id, jobs: handlerJobs });
    for (const occurrenceId of effects.cancelled) cancelled.push({ instanceId: instance_id, occurrenceId });
    if (step.fence)
      rows.fences.push({ job_id: String(step.fence.jobId), worker_id: step.fence.workerId, instance_id });
    if (step.audit && !step.audit.recorded)
      rows.audit.push({ ...step.audit.row, step_instance_id: instance_id });
    // Webhook outbox: the step's lifecycle and action events, for the webhooks that want them.
    const model = (
      rt.models.peekByNumber(step.processId, after.version) ??
      (await rt.models.getByNumber(step.processId, after.version, reader(tx)))
    ).model;
    for (const e of outboundEvents({ before: step.before, after, records, model, now })) {
      rows.webhookEvents.push({
        event: e.event,
        key: e.key,
        instance_id: e.instanceId,
        process_key: e.processKey,
        action_id: e.actionId,
        payload: e.payload,
      });
    }
  }
  if (rt.db.pool) rows.notifications.push({ channel: jobsChannel, payload: "", jobs_only: true });
  // At most one job per step is handed over (the first handler job the worker has a slot for): the
  // worker's slot passes from the job this step records to the next. Reserved right before the
  // statement, released below unless the statement inserted it leased.
  for (const c of candidates) {
    const job = c.jobs.find((j) => c.handoff.reserve(j.handler as string));
    if (!job) continue;
    job.locked_by = c.handoff.workerId;
    job.locked_until = new Date(now.getTime() + c.handoff.leaseMs).toISOString();
    offers.push({ handoff: c.handoff, instanceId: c.instanceId, job });
  }

  const values = [
    iso,
    // One step per line (JSON text never holds a raw newline): parsed step by step (see the statement).
    rows.steps.map((step) => JSON.stringify(step)).join("\n"),
    JSON.stringify(rows.fences),
    JSON.stringify(rows.notifications),
    JSON.stringify(rows.webhookEvents),
    JSON.stringify(cancelled.map((c) => ({ instance_id: c.instanceId, occurrence_id: c.occurrenceId }))),
    JSON.stringify(rows.audit),
    // Each step's new snapshot, on the line of the same number as its step (see the statement).
    steps.map((step) => JSON.stringify(step.after)).join("\n"),
    // Each step's history records, the data of its history row (see the statement).
    steps.map((step) => JSON.stringify(historyEntries(step.records.history))).join("\n"),
    ...(alongside ? [steps.length, ...alongside.values] : []),
  ];
  const text = alongside ? writeStepsWith(alongside) : writeStepsSql;
  // The rows are in the text now: let them go before the statement's wait (a batch's are thousands
  // of small objects the young generation would otherwise copy at every scavenge meanwhile).
  rows.steps.length = 0;
  type Row = { updated: string[]; jobs: number; fences_held: number; handed: unknown };
  let row: Row | undefined;
  try {
    const name = alongside ? `flowstate_write_steps_${alongside.name}` : "flowstate_write_steps";
    [row] =
      tx === "autocommit"
        ? await rt.db.query<Row>(name, text, values)
        : await tx.$queryRawUnsafe<Row[]>(text, ...values);
  } catch (error) {
    for (const o of offers) o.handoff.release(o.job.handler as string);
    if (refused(error)) throw new WritesRefusedError(error.message);
    throw error;
  }
  const updated = new Set(row?.updated ?? []);
  const handedKeys = new Map(
    (
      (typeof row?.handed === "string" ? JSON.parse(row.handed) : (row?.handed ?? [])) as {
        id: string;
        key: string;
      }[]
    ).map((h) => [h.key, BigInt(h.id)]),
  );
  const handedOver = new Map<string, HandedOverJob[]>();
  for (const o of offers) {
    const id = handedKeys.get(o.job.idempotency_key as string);
    if (id === undefined) {
      o.handoff.release(o.job.handler as string);
      continue;
    }
    const j = o.job;
    const list = handedOver.get(o.instanceId) ?? [];
    list.push({
      id,
      instanceId: o.instanceId,
      occurrenceId: j.occurrence_id as string,
      handler: j.handler as string,
      runAt: new Date((j.run_at as string | undefined) ?? iso),
      attempt: j.attempt as number,
      idempotencyKey: j.idempotency_key as string,
      payload: j.payload,
    });
    handedOver.set(o.instanceId, list);
  }
  const jobsInserted = Number(row?.jobs ?? 0) > 0;
  const fencesHeld = Number(row?.fences_held ?? 0);
  const allFenced = fencesHeld === rows.fences.length;
  for (const step of steps) {
    if (!updated.has(step.after.instanceId)) continue;
    if (tx === "autocommit") {
      // Committed with the step (in a transaction, the caller marks it once the transaction committed).
      if (step.audit) step.audit.recorded = true;
      continue;
    }
    // In the caller's transaction: it commits with it (an audited mutation's transaction must not add it again).
    if (step.audit) step.audit.inTransaction = true;
    await syncIdentifiers(tx, { rt, now, ...step });
    await syncIncidents(tx, { rt, now, ...step });
  }
  // Per-step job and fence results are only told apart for a single step (the step path); a batch carries no fences.
  return {
    jobsInserted,
    updated,
    fencesHeld,
    steps: steps.map((step, i) => ({
      jobsInserted,
      finished: finished[i]!,
      fenced: step.fence ? allFenced : true,
      written: updated.has(step.after.instanceId),
      handedOver: handedOver.get(step.after.instanceId) ?? [],
    })),
  };
}

/** What model lookups read through: the transaction, or the client for an autocommit statement (Postgres: any connection). */
const reader = (tx: StepTx): Tx | undefined => (tx === "autocommit" ? undefined : tx);
/** `flowstate_assert`'s error, as pg reports it or as Prisma wraps it (Postgres and PGlite alike). */
function refused(error: unknown): error is Error {
  const e = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  } | null;
  return (
    error instanceof Error &&
    (e?.code === refusedState || e?.meta?.driverAdapterError?.cause?.originalCode === refusedState)
  );
}

async function syncIdentifiers(
  tx: Tx,
  { before, after, processId }: Omit<PersistContext, "tx">,
): Promise<void> {
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

async function syncIncidents(
  tx: Tx,
  { before, after, now, records }: Omit<PersistContext, "tx">,
): Promise<void> {
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

/** The job rows the effects ask for (outbox), and the occurrences whose scheduled jobs are cancelled. */
function jobsFor(ctx: PersistContext): { jobs: Record<string, unknown>[]; cancelled: string[] } {
  const { after, effects, now } = ctx;
  const instanceId = after.instanceId;
  const jobs: Record<string, unknown>[] = [];
  const cancelled: string[] = [];
  for (const e of effects) {
    switch (e.type) {
      case "schedule":
        jobs.push({
          kind: "timer",
          occurrence_id: e.occurrenceId,
          handler: null,
          run_at: e.dueAt,
          attempt: e.attempt,
          idempotency_key: `timer:${e.idempotencyKey}`,
          payload: { nodeId: e.nodeId },
        });
        break;
      case "callHandler":
        jobs.push({
          kind: "handler",
          occurrence_id: e.occurrenceId,
          handler: e.handler,
          run_at: now.toISOString(),
          attempt: e.attempt,
          idempotency_key: e.idempotencyKey,
          payload: { nodeId: e.nodeId, input: e.input ?? null },
        });
        break;
      case "cancelSchedule":
        cancelled.push(e.occurrenceId);
        break;
      case "lockInstances":
        jobs.push({
          kind: "lockInstances",
          occurrence_id: null,
          handler: null,
          run_at: now.toISOString(),
          attempt: 1,
          idempotency_key: `lock:${instanceId}:${after.seq}`,
          payload: {
            processKey: e.processKey,
            identifiers: e.identifiers,
            exceptInstanceId: e.exceptInstanceId,
          },
        });
        break;
      default:
        break;
    }
  }
  const compensations = effects.filter((e) => e.type === "compensate").sort((a, b) => a.order - b.order);
  if (compensations.length) {
    // One job runs the compensations one after the other, in order, recording progress in its payload.
    jobs.push({
      kind: "compensation",
      occurrence_id: null,
      handler: null,
      run_at: now.toISOString(),
      attempt: 1,
      idempotency_key: `compensation:${instanceId}:${after.seq}`,
      payload: {
        done: 0,
        items: compensations.map((c) => ({
          occurrenceId: c.occurrenceId,
          actionId: c.actionId,
          handler: c.handler,
          input: c.input,
          idempotencyKey: c.idempotencyKey,
        })),
      },
    });
  }
  return { jobs, cancelled };
}
