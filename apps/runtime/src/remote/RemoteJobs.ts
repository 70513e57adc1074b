import { randomBytes } from "node:crypto";
import type { LockedJob } from "@flowstate/client";
import type { EngineEvent, Json } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { LeaseLostError } from "../instances/stepBatch.ts";
import { stepInstance } from "../instances/stepInstance.ts";
import type { StepOutcome } from "../instances/stepBatch.ts";
import {
  claimJobs,
  deleteLeasedJob,
  delayRetryTimer,
  extendLeases,
  listenForJobs,
  readJob,
} from "../queue/queueSql.ts";
import type { ClaimedJob } from "../queue/queueSql.ts";

/** Why a completion, failure or heartbeat was refused; nothing changed. */
export interface RemoteRefusal {
  /** JOB_NOT_FOUND, FORBIDDEN, LOCK_LOST, or the engine's rejection code (e.g. STALE_ATTEMPT). */
  code: string;
  message: string;
  /** The engine's rejection, when the engine refused the result. */
  rejection?: unknown;
}

export type RemoteResult<T> = { ok: true; value: T } | { ok: false; refusal: RemoteRefusal };

/** What the caller's API key may work: jobs of these handlers, of instances of these processes. */
export interface JobScope {
  mayHandler(handler: string): boolean;
  /** Process keys; null = every process. */
  processes: readonly string[] | null;
}

export interface FetchRequest {
  workerId: string;
  /** Only jobs of instances of these processes (null = all). */
  processKeys?: readonly string[] | null;
  handlers: string[];
  maxJobs: number;
  lockDurationMs: number;
  /** Long poll: wait up to this long for a job when none is due now. */
  waitMs: number;
}

export interface FailRequest {
  lockToken: string;
  error: Json;
  /** 0 fails for good (an incident or the failure line); otherwise the action's retry policy decides. */
  retriesLeft?: number;
  /** Wait at least this long before the next attempt (on top of the action's backoff). */
  backoffMs?: number;
}

/**
 * Remote job workers (Camunda external tasks, Zeebe job workers, Step Functions activities): a
 * worker outside the runtime fetches and locks jobs of handlers configured as remote, then
 * completes, fails or heartbeats them. The lease is the queue's own (`claimJobs`, a fresh lock
 * token per delivery as `locked_by`), and a result is recorded by `stepInstance` with the same
 * fence as an in-process worker's: the job is deleted in the step's transaction only while that
 * delivery's lock token still holds it. A worker whose lock expired and whose job went to someone
 * else is refused with LOCK_LOST and changes nothing.
 */
export class RemoteJobs {
  private readonly waiters = new Set<() => void>();
  private listener: { release(): void } | undefined;
  private closed = false;

  constructor(private readonly rt: Runtime) {}

  /** Listens for new jobs (Postgres NOTIFY) so long polls answer at once; polling covers the rest. */
  async start(): Promise<void> {
    const pool = this.rt.db.pool;
    if (!pool) return;
    try {
      this.listener = await listenForJobs(pool, () => this.wakeAll());
    } catch {
      // polling still answers long polls, only later
    }
  }

  stop(): void {
    this.closed = true;
    this.wakeAll();
    this.listener?.release();
  }

  isRemote(handler: string): boolean {
    return this.rt.remoteHandlers.has(handler);
  }

  /** Claims up to `maxJobs` due jobs of the given remote handlers, waiting up to `waitMs` for one. */
  async fetchAndLock(request: FetchRequest, abort?: AbortSignal): Promise<LockedJob[]> {
    const deadline = Date.now() + request.waitMs;
    for (;;) {
      const lockToken = `remote:${request.workerId}:${randomBytes(12).toString("base64url")}`;
      const now = this.rt.clock.now();
      const jobs = await claimJobs(this.rt.db, {
        workerId: lockToken,
        handlers: request.handlers,
        kinds: [],
        limit: request.maxJobs,
        leaseMs: request.lockDurationMs,
        now,
        processKeys: request.processKeys,
      });
      if (jobs.length > 0)
        return this.describe(jobs, lockToken, new Date(now.getTime() + request.lockDurationMs));
      const left = deadline - Date.now();
      if (left <= 0 || this.closed || abort?.aborted) return [];
      await this.waitForJobs(Math.min(left, 250), abort);
    }
  }

  private async describe(jobs: ClaimedJob[], lockToken: string, lockedUntil: Date): Promise<LockedJob[]> {
    const instances = await this.rt.db.prisma.instance.findMany({
      where: { id: { in: [...new Set(jobs.map((j) => j.instanceId))] } },
      select: { id: true, variables: true },
    });
    const variables = new Map(instances.map((i) => [i.id, i.variables as Record<string, unknown>]));
    return jobs.map((job) => {
      const payload = job.payload as { nodeId: string; input: unknown };
      return {
        id: String(job.id),
        lockToken,
        handler: job.handler!,
        instanceId: job.instanceId,
        actionId: payload.nodeId,
        occurrenceId: job.occurrenceId!,
        attempt: job.attempt,
        delivery: job.deliveries,
        idempotencyKey: job.idempotencyKey,
        input: payload.input ?? null,
        variables: variables.get(job.instanceId) ?? {},
        lockedUntil: lockedUntil.toISOString(),
      };
    });
  }

  private waitForJobs(ms: number, abort?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abort?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      abort?.addEventListener("abort", done, { once: true });
    });
  }

  private wakeAll(): void {
    for (const w of [...this.waiters]) w();
  }

  /**
   * Reads the job behind a completion, failure or heartbeat and checks, in this order: it exists,
   * the caller's key may work its handler and its instance's process, the presented lock token
   * still holds it.
   */
  private async leased(
    jobId: bigint,
    lockToken: string,
    scope: JobScope,
  ): Promise<{ ok: true; job: ClaimedJob } | { ok: false; refusal: RemoteRefusal }> {
    const job = await readJob(this.rt.db, jobId);
    if (!job || job.kind !== "handler" || !job.handler || !this.isRemote(job.handler)) {
      return {
        ok: false,
        refusal: {
          code: "JOB_NOT_FOUND",
          message: `no remote job with id ${jobId} (finished, or never existed)`,
        },
      };
    }
    if (!scope.mayHandler(job.handler))
      return {
        ok: false,
        refusal: { code: "FORBIDDEN", message: `this API key may not work jobs of handler "${job.handler}"` },
      };
    if (scope.processes !== null) {
      const instance = await this.rt.db.prisma.instance.findUnique({
        where: { id: job.instanceId },
        select: { process: { select: { key: true } } },
      });
      if (!instance || !scope.processes.includes(instance.process.key)) {
        return {
          ok: false,
          refusal: {
            code: "FORBIDDEN",
            message: `this API key may not work jobs of process "${instance?.process.key ?? "?"}"`,
          },
        };
      }
    }
    if (job.lockedBy !== lockToken) {
      return {
        ok: false,
        refusal: {
          code: "LOCK_LOST",
          message: `job ${jobId} is no longer locked by this lock token (the lock expired and the job was handed out again)`,
        },
      };
    }
    return { ok: true, job };
  }

  async complete(
    jobId: bigint,
    lockToken: string,
    output: Record<string, Json>,
    scope: JobScope,
  ): Promise<RemoteResult<{ status: string; seq: number }>> {
    const found = await this.leased(jobId, lockToken, scope);
    if (!found.ok) return found;
    const job = found.job;
    return this.record(job, lockToken, {
      type: "complete",
      occurrenceId: job.occurrenceId!,
      attempt: job.attempt,
      output,
    });
  }

  async fail(
    jobId: bigint,
    request: FailRequest,
    scope: JobScope,
  ): Promise<RemoteResult<{ status: string; seq: number }>> {
    const found = await this.leased(jobId, request.lockToken, scope);
    if (!found.ok) return found;
    const job = found.job;
    const final = request.retriesLeft === 0;
    const notBefore = request.backoffMs
      ? new Date(this.rt.clock.now().getTime() + request.backoffMs)
      : undefined;
    return this.record(
      job,
      request.lockToken,
      {
        type: "fail",
        occurrenceId: job.occurrenceId!,
        attempt: job.attempt,
        error: request.error,
        ...(final ? { final } : {}),
      },
      notBefore
        ? (tx) =>
            delayRetryTimer(tx, { instanceId: job.instanceId, occurrenceId: job.occurrenceId!, notBefore })
        : undefined,
    );
  }

  private async record(
    job: ClaimedJob,
    lockToken: string,
    event: EngineEvent,
    alsoInTransaction?: (tx: Prisma.TransactionClient) => Promise<unknown>,
  ): Promise<RemoteResult<{ status: string; seq: number }>> {
    let outcome: StepOutcome;
    try {
      outcome = await stepInstance(this.rt, job.instanceId, event, {
        fence: { jobId: job.id, workerId: lockToken },
        actor: `remote:${job.handler}`,
        ...(alsoInTransaction
          ? { inTransaction: async (tx, o) => void (o.ok ? await alsoInTransaction(tx) : undefined) }
          : {}),
      });
    } catch (error) {
      if (error instanceof LeaseLostError)
        return {
          ok: false,
          refusal: { code: "LOCK_LOST", message: `job ${job.id} is no longer locked by this lock token` },
        };
      throw error;
    }
    if (!outcome.ok) {
      // The occurrence moved on (cancelled, stale attempt): the result no longer matters.
      await deleteLeasedJob(this.rt.db, { jobId: job.id, workerId: lockToken });
      return {
        ok: false,
        refusal: {
          code: outcome.rejection.code,
          message: outcome.rejection.message,
          rejection: outcome.rejection,
        },
      };
    }
    return { ok: true, value: { status: outcome.state.status, seq: outcome.state.seq } };
  }

  /** Extends the lock of a job this lock token still holds. */
  async heartbeat(
    jobId: bigint,
    lockToken: string,
    lockDurationMs: number,
    scope: JobScope,
  ): Promise<RemoteResult<{ lockedUntil: string }>> {
    const found = await this.leased(jobId, lockToken, scope);
    if (!found.ok) return found;
    const now = this.rt.clock.now();
    const kept = await extendLeases(this.rt.db, {
      workerId: lockToken,
      jobIds: [jobId],
      leaseMs: lockDurationMs,
      now,
    });
    if (kept.length !== 1)
      return {
        ok: false,
        refusal: { code: "LOCK_LOST", message: `job ${jobId} is no longer locked by this lock token` },
      };
    return { ok: true, value: { lockedUntil: new Date(now.getTime() + lockDurationMs).toISOString() } };
  }
}
