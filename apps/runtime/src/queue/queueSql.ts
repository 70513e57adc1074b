import type { Database } from "../db/openDatabase.ts";

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
  occurrenceKey: string | null;
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
}

type Row = {
  id: bigint;
  kind: string;
  instance_id: string;
  occurrence_key: string | null;
  handler: string | null;
  run_at: Date;
  attempt: number;
  idempotency_key: string;
  payload: unknown;
  deliveries: number;
  variables?: unknown;
};

const toJob = (r: Row): ClaimedJob => ({
  id: BigInt(r.id),
  kind: r.kind,
  instanceId: r.instance_id,
  occurrenceKey: r.occurrence_key,
  handler: r.handler,
  runAt: new Date(r.run_at),
  attempt: Number(r.attempt),
  idempotencyKey: r.idempotency_key,
  payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
  deliveries: Number(r.deliveries),
  ...(r.variables === undefined ? {} : { variables: (typeof r.variables === "string" ? JSON.parse(r.variables) : r.variables) as Record<string, unknown> | null }),
});

/**
 * Claims up to `limit` due jobs for the given handlers and leases them to `workerId`.
 *
 * - Only jobs whose handler this worker has registered are claimed, so two deployments with
 *   different handler sets can run side by side (blue-green): each picks only what it can run.
 * - `FOR UPDATE SKIP LOCKED` lets many workers claim concurrently without waiting on each other
 *   or claiming the same row twice.
 * - A job whose lease expired (its worker died or stalled) is due again: that is redelivery.
 *   `deliveries` counts claims, so redeliveries are visible.
 * - Ordered by run_at then id: oldest due work first.
 * - Each job comes with its instance's variables (what a handler is given), read in the same
 *   statement instead of one query per job.
 */
export async function claimJobs(
  db: Database,
  args: { workerId: string; handlers: string[]; kinds: string[]; limit: number; leaseMs: number; now: Date },
): Promise<ClaimedJob[]> {
  if (args.limit <= 0 || (args.handlers.length === 0 && args.kinds.length === 0)) return [];
  const rows = await db.prisma.$queryRawUnsafe<Row[]>(
    `WITH due AS (
       SELECT id FROM job
        WHERE run_at <= $1
          AND (locked_until IS NULL OR locked_until < $1)
          AND (handler = ANY($2::text[]) OR (handler IS NULL AND kind = ANY($3::text[])))
        ORDER BY run_at, id
        LIMIT $4
        FOR UPDATE SKIP LOCKED
     )
     UPDATE job SET locked_by = $5, locked_until = $6, deliveries = job.deliveries + 1
       FROM due WHERE job.id = due.id
     RETURNING job.id, job.kind, job.instance_id, job.occurrence_key, job.handler, job.run_at, job.attempt,
               job.idempotency_key, job.payload, job.deliveries,
               (SELECT variables FROM instance WHERE instance.id = job.instance_id) AS variables`,
    args.now,
    args.handlers,
    args.kinds,
    args.limit,
    args.workerId,
    new Date(args.now.getTime() + args.leaseMs),
  );
  return rows.map(toJob);
}

/** Heartbeat: extends the leases this worker still holds. Returns the ids it still owns. */
export async function extendLeases(db: Database, args: { workerId: string; jobIds: bigint[]; leaseMs: number; now: Date }): Promise<bigint[]> {
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
export async function releaseJob(db: Database, args: { jobId: bigint; workerId: string; runAt: Date; error?: string }): Promise<boolean> {
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
export async function nextRunAt(db: Database, args: { handlers: string[]; kinds: string[] }): Promise<Date | null> {
  const rows = await db.prisma.$queryRawUnsafe<{ at: Date | null }[]>(
    `SELECT min(coalesce(greatest(run_at, locked_until), run_at)) AS at FROM job
      WHERE handler = ANY($1::text[]) OR (handler IS NULL AND kind = ANY($2::text[]))`,
    args.handlers,
    args.kinds,
  );
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

/** Wakes sleeping workers on Postgres (LISTEN flowstate_jobs); polling covers PGlite and lost notifications. */
export const jobsChannel = "flowstate_jobs";
