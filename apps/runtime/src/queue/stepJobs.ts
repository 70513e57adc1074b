import type { Effect, InstanceState } from "@flowstate/engine";

/**
 * The queue's part of a step: the job rows a step's effects ask for (the `job` table is the
 * transactional outbox, written by the step's own statement) and that statement's job SQL —
 * the fenced job's lock, the inserts, cancelled schedules, the fenced job's delete and the
 * hand-off of a new handler job to the stepping worker.
 */

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

/** One job row as the step statement inserts it (`run_at` left out: the statement's time). */
export interface StepJobRow {
  kind: string;
  occurrence_id: string | null;
  handler: string | null;
  run_at?: string;
  attempt: number;
  idempotency_key: string;
  payload: unknown;
  /** Set for a job handed over to the stepping worker (see `JobHandoff`). */
  locked_by?: string;
  locked_until?: string;
}

/** The job rows the effects ask for (outbox), and the occurrences whose scheduled jobs are cancelled. */
export function jobsFor(
  after: InstanceState,
  effects: readonly Effect[],
  now: Date,
): { jobs: StepJobRow[]; cancelled: string[] } {
  const instanceId = after.instanceId;
  const jobs: StepJobRow[] = [];
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

/**
 * The step statement's first part: locks each step's fenced job while it is still leased to the
 * step's worker (`FOR UPDATE` re-checks `locked_by` on the newest row version). `fences`: a JSON
 * array of `{ job_id, worker_id, instance_id }`.
 */
export const fenceLockCte = (fences: string) => `
fence_lock AS (
  SELECT job.id, f.instance_id FROM job JOIN jsonb_to_recordset(${fences}::jsonb) AS f(job_id bigint, worker_id text, instance_id uuid)
    ON job.id = f.job_id AND job.locked_by = f.worker_id
  FOR UPDATE OF job)`;

/**
 * The step statement's job writes, each joined to `inst` (the instances the steps updated):
 * `jobs` inserts the steps' job rows (nested in each step as `jobs`; a handed-over one already
 * leased), `cancelled` deletes the jobs of cancelled schedules (`{ instance_id, occurrence_id }`),
 * `fence` deletes the fenced jobs whose results the steps record.
 */
export const stepJobsCtes = (p: { at: string; cancelled: string }) => `
jobs AS (
  INSERT INTO job (kind, instance_id, occurrence_id, handler, run_at, attempt, idempotency_key, payload, locked_by, locked_until, deliveries)
  SELECT r->>'kind', step.id, r->>'occurrence_id', r->>'handler', coalesce((r->>'run_at')::timestamptz, ${p.at}::timestamptz), (r->>'attempt')::int,
         CASE WHEN step.stand_in IS NULL THEN r->>'idempotency_key' ELSE replace(r->>'idempotency_key', step.stand_in, step.id::text) END, r->'payload',
         r->>'locked_by', (r->>'locked_until')::timestamptz, CASE WHEN r->>'locked_by' IS NULL THEN 0 ELSE 1 END
    FROM inst AS step CROSS JOIN LATERAL jsonb_array_elements(step.jobs) AS r
  ON CONFLICT (idempotency_key) DO NOTHING RETURNING job.id, job.idempotency_key, job.locked_by),
cancelled AS (
  DELETE FROM job USING jsonb_to_recordset(${p.cancelled}::jsonb) AS c(instance_id uuid, occurrence_id text)
   WHERE job.instance_id = c.instance_id AND job.occurrence_id = c.occurrence_id
     AND c.instance_id IN (SELECT inst.id FROM inst) RETURNING 1),
fence AS (
  DELETE FROM job USING fence_lock fl
   WHERE job.id = fl.id AND fl.instance_id IN (SELECT inst.id FROM inst) RETURNING 1)`;

/**
 * The step statement's job results: `jobs`, how many jobs no worker holds yet were inserted (wake
 * the workers); `fences_held`, how many fenced jobs were still leased; `fenced`, the instances whose
 * fenced job was (a group of steps tells a lost lease from a moved seq per step); `handed`, the handed-over jobs (`[{ id, key }]`); and the workers' wake-up NOTIFY
 * (delivered at commit; `jobs_only`: only when such jobs were inserted — a handed-over job needs
 * no wake-up). The notify subquery is counted so the planner keeps it (pg_notify is volatile).
 * `notifications`: a JSON array of `{ channel, payload, jobs_only }`.
 */
export const stepJobsResult = (p: { notifications: string }) =>
  `(SELECT count(*) FROM jobs WHERE jobs.locked_by IS NULL)::int AS jobs,
  (SELECT count(*) FROM fence_lock)::int AS fences_held,
  (SELECT coalesce(array_agg(fence_lock.instance_id::text), '{}') FROM fence_lock) AS fenced,
  (SELECT coalesce(json_agg(json_build_object('id', jobs.id::text, 'key', jobs.idempotency_key)), '[]') FROM jobs WHERE jobs.locked_by IS NOT NULL) AS handed,
  (SELECT count(*) FROM (SELECT pg_notify(n.channel, n.payload) FROM jsonb_to_recordset(${p.notifications}::jsonb) AS n(channel text, payload text, jobs_only boolean)
    WHERE EXISTS (SELECT 1 FROM inst) AND (NOT n.jobs_only OR EXISTS (SELECT 1 FROM jobs WHERE jobs.locked_by IS NULL))) AS notified)::int AS notified`;
