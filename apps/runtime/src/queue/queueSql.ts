import type { Database } from "../db/openDatabase.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { InstanceRow } from "../instances/instanceRow.ts";

/**
 * All SQL of the job queue, in one place (graphile-worker style). The `job` table is the
 * transactional outbox: steps insert jobs in the same transaction as the state change; workers
 * claim them here and delete them in the transaction that steps the result in.
 *
 * Works on Postgres and on PGlite (single connection: SKIP LOCKED is trivially satisfied there).
 */

export interface ClaimedJob {
  id: bigint;
  kind: string;
  instanceId: string;
  occurrenceId: string | null;
  handler: string | null;
  runAt: Date;
  attempt: number;
  idempotencyKey: string;
  payload: unknown;
  deliveries: number;
  /**
   * The instance's variables as the claim saw them (handlers get them; saves a read per job), or
   * null when the instance is gone. Absent when the job was read another way.
   */
  variables?: Record<string, unknown> | null;
  /** The instance row as the claim saw it (the step of the job's result starts from it; a stale one costs a retry), or null when gone. */
  instance?: InstanceRow | null;
}

type Row = {
  id: bigint;
  kind: string;
  instance_id: string;
  occurrence_id: string | null;
  handler: string | null;
  run_at: Date;
  attempt: number;
  idempotency_key: string;
  payload: unknown;
  deliveries: number;
  instance?: unknown;
};

const toJob = (r: Row): ClaimedJob => ({
  id: BigInt(r.id),
  kind: r.kind,
  instanceId: r.instance_id,
  occurrenceId: r.occurrence_id,
  handler: r.handler,
  runAt: new Date(r.run_at),
  attempt: Number(r.attempt),
  idempotencyKey: r.idempotency_key,
  payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
  deliveries: Number(r.deliveries),
  ...claimedInstance(r.instance),
});

function claimedInstance(value: unknown): Pick<ClaimedJob, "variables" | "instance"> {
  if (value === undefined) return {};
  const row = (typeof value === "string" ? JSON.parse(value) : value) as
    (InstanceRow & { variables: Record<string, unknown> | null }) | null;
  if (row === null) return { variables: null, instance: null };
  const { variables, ...instance } = row;
  return { variables, instance };
}

/**
 * Claims up to `limit` due jobs for the given handlers (at most `handlerLimits[h]` of handler `h`:
 * a worker's free slots per handler, so per-handler concurrency holds) and system kinds, and
 * leases them to `workerId`.
 *
 * - Only jobs whose handler this worker has registered are claimed, so two deployments with
 *   different handler sets can run side by side (blue-green): each picks only what it can run.
 * - `FOR UPDATE SKIP LOCKED` lets many workers claim concurrently without waiting on each other
 *   or claiming the same row twice. One index range scan per handler (handler, run_at).
 * - A job whose lease expired (its worker died or stalled) is due again: that is redelivery.
 *   `deliveries` counts claims, so redeliveries are visible.
 * - Ordered by run_at then id within a handler: oldest due work first.
 * - Each job comes with its instance's row (variables for the handler; state and seq for the step
 *   that records the result), read in the same statement instead of one query per job.
 */
export async function claimJobs(
  db: Database,
  /** `processKeys`: only jobs of instances of these processes (a remote worker's API key scope); omitted = all. */
  args: {
    workerId: string;
    handlers: string[];
    kinds: string[];
    limit: number;
    leaseMs: number;
    now: Date;
    handlerLimits?: Record<string, number>;
    processKeys?: readonly string[] | null | undefined;
  },
): Promise<ClaimedJob[]> {
  if (args.limit <= 0 || (args.handlers.length === 0 && args.kinds.length === 0)) return [];
  const want = args.handlers
    .map((handler) => ({ handler, n: Math.min(args.handlerLimits?.[handler] ?? args.limit, args.limit) }))
    .filter((w) => w.n > 0);
  const scope = args.processKeys === undefined || args.processKeys === null ? null : [...args.processKeys];
  const rows = await db.query<Row>(
    "flowstate_claim_jobs",
    `WITH scoped AS (
       SELECT i.id FROM instance i JOIN process p ON p.id = i.process_id WHERE $7::text[] IS NOT NULL AND p.key = ANY($7::text[])
     ),
     due AS (
       SELECT u.id FROM (
         SELECT j.id FROM jsonb_to_recordset($2::jsonb) AS w(handler text, n int) CROSS JOIN LATERAL (
           SELECT job.id FROM job
            WHERE job.handler = w.handler AND job.run_at <= $1 AND (job.locked_until IS NULL OR job.locked_until < $1)
              AND ($7::text[] IS NULL OR job.instance_id IN (SELECT scoped.id FROM scoped))
            ORDER BY job.run_at, job.id LIMIT w.n
            FOR UPDATE OF job SKIP LOCKED) j
         UNION ALL
         SELECT s.id FROM (
           SELECT job.id FROM job
            WHERE job.handler IS NULL AND job.kind = ANY($3::text[]) AND job.run_at <= $1 AND (job.locked_until IS NULL OR job.locked_until < $1)
              AND ($7::text[] IS NULL OR job.instance_id IN (SELECT scoped.id FROM scoped))
            ORDER BY job.run_at, job.id LIMIT $4
            FOR UPDATE OF job SKIP LOCKED) s
       ) u LIMIT $4
     )
     UPDATE job SET locked_by = $5, locked_until = $6, deliveries = job.deliveries + 1
       FROM due WHERE job.id = due.id
    RETURNING job.id, job.kind, job.instance_id, job.occurrence_id, job.handler, job.run_at, job.attempt,
               job.idempotency_key, job.payload, job.deliveries,
               (SELECT json_build_object('id', i.id, 'version_id', i.version_id, 'process_id', i.process_id, 'status', i.status,
                                         'seq', i.seq, 'state', i.state, 'variables', i.variables)
                  FROM instance i WHERE i.id = job.instance_id) AS instance`,
    [
      args.now,
      JSON.stringify(want),
      args.kinds,
      args.limit,
      args.workerId,
      new Date(args.now.getTime() + args.leaseMs),
      scope,
    ],
  );
  return rows.map(toJob);
}

/** Heartbeat: extends the leases this worker still holds. Returns the ids it still owns. */
export async function extendLeases(
  db: Database,
  args: { workerId: string; jobIds: bigint[]; leaseMs: number; now: Date },
): Promise<bigint[]> {
  if (args.jobIds.length === 0) return [];
  const rows = await db.prisma.$queryRawUnsafe<{ id: bigint }[]>(
    `UPDATE job SET locked_until = $1 WHERE id = ANY($2::bigint[]) AND locked_by = $3 RETURNING id`,
    new Date(args.now.getTime() + args.leaseMs),
    args.jobIds.map(String),
    args.workerId,
  );
  return rows.map((r) => BigInt(r.id));
}

/**
 * Gives a claimed job back (the worker is shutting down, or the handler asked to retry later
 * without consuming an attempt): clears the lease and sets the next run time.
 */
export async function releaseJob(
  db: Database,
  args: { jobId: bigint; workerId: string; runAt: Date; error?: string },
): Promise<boolean> {
  const n = await db.prisma.$executeRawUnsafe(
    `UPDATE job SET locked_by = NULL, locked_until = NULL, run_at = $1, last_error = $2 WHERE id = $3 AND locked_by = $4`,
    args.runAt,
    args.error ?? null,
    String(args.jobId),
    args.workerId,
  );
  return n === 1;
}

/** When the next job for these handlers becomes due (for the worker's sleep), or null if none. */
export async function nextRunAt(
  db: Database,
  args: { handlers: string[]; kinds: string[] },
): Promise<Date | null> {
  const rows = await db.query<{ at: Date | null }>(
    "flowstate_next_run_at",
    `SELECT min(coalesce(greatest(run_at, locked_until), run_at)) AS at FROM job
      WHERE handler = ANY($1::text[]) OR (handler IS NULL AND kind = ANY($2::text[]))`,
    [args.handlers, args.kinds],
  );
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

/** Wakes sleeping workers on Postgres (LISTEN flowstate_jobs); polling covers PGlite and lost notifications. */
export const jobsChannel = "flowstate_jobs";

/**
 * A connection of `pool` LISTENing on `jobsChannel`, calling `onJob` at each notification; `release`
 * gives the connection back (closed). Rejects when the connection or the LISTEN fails.
 */
export async function listenForJobs(pool: NonNullable<Database["pool"]>, onJob: () => void) {
  const client = await pool.connect();
  client.on("notification", onJob);
  client.on("error", () => {});
  await client.query(`LISTEN ${jobsChannel}`);
  return { release: () => client.release(true) };
}

/** One job as remote workers see it, read by id (for completions, failures and heartbeats). */
export async function readJob(
  db: Database,
  jobId: bigint,
): Promise<(ClaimedJob & { lockedBy: string | null; lockedUntil: Date | null }) | null> {
  const rows = await db.prisma.$queryRawUnsafe<
    (Row & { locked_by: string | null; locked_until: Date | null })[]
  >(
    `SELECT id, kind, instance_id, occurrence_id, handler, run_at, attempt, idempotency_key, payload, deliveries, locked_by, locked_until
       FROM job WHERE id = $1`,
    String(jobId),
  );
  const r = rows[0];
  return r
    ? { ...toJob(r), lockedBy: r.locked_by, lockedUntil: r.locked_until ? new Date(r.locked_until) : null }
    : null;
}

/**
 * Deletes a job only while `workerId` still holds its lease (the same fence `stepInstance` uses):
 * for results that no longer matter (the occurrence moved on) or were handed to a callback.
 */
export async function deleteLeasedJob(
  db: Database,
  args: { jobId: bigint; workerId: string },
): Promise<boolean> {
  return (
    (await db.prisma.$executeRawUnsafe(
      `DELETE FROM job WHERE id = $1 AND locked_by = $2`,
      String(args.jobId),
      args.workerId,
    )) === 1
  );
}

/**
 * Records a job's progress in its payload (a compensation job: how many compensations are done),
 * in the caller's transaction, so a redelivery resumes after the last finished one.
 */
export async function saveJobPayload(
  tx: Pick<Prisma.TransactionClient, "job">,
  jobId: bigint,
  payload: unknown,
): Promise<void> {
  await tx.job.update({ where: { id: jobId }, data: { payload: payload as Prisma.InputJsonValue } });
}

/** Notes why a job failed on a job this worker still holds (left leased: redelivered when the lease expires). */
export async function noteJobError(
  db: Database,
  args: { jobId: bigint; workerId: string; error: string },
): Promise<void> {
  await db.prisma.job.updateMany({
    where: { id: args.jobId, lockedBy: args.workerId },
    data: { lastError: args.error },
  });
}

/**
 * A remote worker asked for a longer backoff than the action's retry policy: pushes the retry
 * timer the failure step just scheduled for this occurrence to at least `notBefore`. Runs inside
 * the failure's step transaction (the outbox row it changes was inserted by that same step), so a
 * crash leaves either both or neither.
 */
export async function delayRetryTimer(
  tx: { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number> },
  args: { instanceId: string; occurrenceId: string; notBefore: Date },
): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE job SET run_at = greatest(run_at, $3) WHERE instance_id = $1::uuid AND occurrence_id = $2 AND kind = 'timer' AND locked_by IS NULL`,
    args.instanceId,
    args.occurrenceId,
    args.notBefore,
  );
}

// ---------------------------------------------------------------- outbound webhooks

// The outbox insert (one delivery per event and matching webhook) is part of the step's own
// statement: `outboxCte` in webhooks/outboundEvents.ts.

export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  url: string;
  secret: string;
  event: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
  /** The W3C `traceparent` of the step that made the delivery (tracing on), or null. */
  traceParent: string | null;
}

/**
 * Claims due deliveries (`pending`, or `failed` with its next attempt due) for one dispatcher (`FOR UPDATE SKIP LOCKED`, a lease like jobs):
 * a dispatcher that dies mid-send leaves the lease to expire and the delivery is sent again
 * (at-least-once; receivers de-duplicate by the delivery id header).
 */
export async function claimDeliveries(
  db: Database,
  args: { dispatcherId: string; limit: number; leaseMs: number; now: Date },
): Promise<ClaimedDelivery[]> {
  const rows = await db.prisma.$queryRawUnsafe<
    {
      id: string;
      webhook_id: string;
      url: string;
      secret: string;
      event: string;
      payload: unknown;
      attempts: number;
      created_at: Date;
      trace_parent: string | null;
    }[]
  >(
    `WITH due AS (
       SELECT id FROM webhook_delivery
        WHERE status IN ('pending', 'failed') AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until < $1)
        ORDER BY next_attempt_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE webhook_delivery d SET locked_by = $3, locked_until = $4 FROM due WHERE d.id = due.id
       RETURNING d.id, d.webhook_id, d.event, d.payload, d.attempts, d.created_at, d.trace_parent
     )
     SELECT c.*, w.url, w.secret FROM claimed c JOIN webhook w ON w.id = c.webhook_id`,
    args.now,
    args.limit,
    args.dispatcherId,
    new Date(args.now.getTime() + args.leaseMs),
  );
  return rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    url: r.url,
    secret: r.secret,
    event: r.event,
    payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at),
    traceParent: r.trace_parent,
  }));
}

/**
 * Records one attempt of a delivery this dispatcher still holds: appends it to the log, counts it,
 * and either finishes the delivery (`delivered` / `dead`) or marks it `failed` with the next attempt scheduled.
 */
export async function recordDeliveryAttempt(
  db: Database,
  args: {
    id: string;
    dispatcherId: string;
    status: "delivered" | "failed" | "dead";
    nextAttemptAt: Date;
    httpStatus: number | null;
    error: string | null;
    now: Date;
    ms: number;
  },
): Promise<boolean> {
  const entry = JSON.stringify([
    { at: args.now.toISOString(), status: args.httpStatus, error: args.error, ms: args.ms },
  ]);
  const n = await db.prisma.$executeRawUnsafe(
    `UPDATE webhook_delivery
        SET status = $3, attempts = attempts + 1, next_attempt_at = $4, last_status = $5, last_error = $6,
            log = log || $7::jsonb, delivered_at = CASE WHEN $3 = 'delivered' THEN $8 ELSE delivered_at END,
            locked_by = NULL, locked_until = NULL
      WHERE id = $1::uuid AND locked_by = $2`,
    args.id,
    args.dispatcherId,
    args.status,
    args.nextAttemptAt,
    args.httpStatus,
    args.error,
    entry,
    args.now,
  );
  return n === 1;
}
