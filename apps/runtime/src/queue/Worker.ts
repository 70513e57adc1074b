import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/openDatabase.ts";
import type { HandlerDefinition } from "../handlers/defineHandler.ts";
import type { RuntimeMetrics } from "../observability/metrics.ts";
import type { ClaimedJob } from "./queueSql.ts";
import type { JobHandoff } from "./stepJobs.ts";
import { claimJobs, extendLeases, listenForJobs, nextRunAt, releaseJob } from "./queueSql.ts";

export interface WorkerOptions {
  db: Database;
  clock: Clock;
  workerId: string;
  /** Handlers this worker runs; it claims only their jobs (blue-green safe). */
  handlers: HandlerDefinition[];
  /** Job kinds without a handler this worker also processes (e.g. timers). */
  kinds: string[];
  /**
   * Processes one claimed job: steps it into its instance and deletes it (fenced by lease). May
   * return the jobs its step handed over to this worker (`handoff`), which the worker runs next.
   */
  process(
    job: ClaimedJob,
    handler: HandlerDefinition | undefined,
    signal: AbortSignal,
    handoff: JobHandoff,
  ): Promise<ClaimedJob[] | void>;
  batchSize?: number;
  leaseMs?: number;
  /** Longest sleep between polls when nothing wakes the worker. */
  pollMs?: number;
  onError?(error: unknown, job?: ClaimedJob): void;
  /** Job lag (due → claimed) per handler is observed here when present. */
  metrics?: RuntimeMetrics | undefined;
}

/**
 * Claims due jobs in batches and runs them with per-handler concurrency and rate limits (from
 * the handler definitions, i.e. configuration), heartbeating leases while they run. Wakes on
 * LISTEN/NOTIFY (Postgres), on `wake()` (in-process) and by polling as a fallback. `stop()`
 * stops claiming, aborts nothing that is running and waits for in-flight jobs to finish.
 */
export class Worker {
  private readonly handlers = new Map<string, HandlerDefinition>();
  private readonly limiters = new Map<string, RateLimiterMemory>();
  private readonly inflight = new Map<
    bigint,
    { handler: string | null; abort: AbortController; done: Promise<void> }
  >();
  private readonly perHandler = new Map<string, number>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** A wake-up that came while the loop was not asleep (e.g. mid-claim): the next sleep returns at once. */
  private wakePending = false;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private listener: { release(): void } | undefined;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(private readonly options: WorkerOptions) {
    for (const h of options.handlers) {
      this.handlers.set(h.name, h);
      if (h.rateLimit)
        this.limiters.set(
          h.name,
          new RateLimiterMemory({ points: h.rateLimit.count, duration: h.rateLimit.perMs / 1000 }),
        );
    }
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1000;
  }

  get activeJobs(): number {
    return this.inflight.size;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.heartbeat = setInterval(() => void this.beat(), Math.max(250, Math.floor(this.leaseMs / 3)));
    this.loop = this.run();
  }

  /** Wakes the claim loop now (new jobs were committed in this process). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    // Jobs handed over by finishing ones join in-flight while we wait: wait until none is left.
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()].map((j) => j.done));
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.listener?.release();
  }

  private async listen(): Promise<void> {
    const pool = this.options.db.pool;
    if (!pool) return;
    try {
      this.listener = await listenForJobs(pool, () => this.wake());
    } catch (error) {
      // Polling still works; report and go on.
      this.options.onError?.(error);
    }
  }

  /** What the next claim may take: per handler its free slots, in all what the batch has room for. */
  private capacity(): { handlers: string[]; handlerLimits: Record<string, number>; slots: number } {
    const handlers: string[] = [];
    const handlerLimits: Record<string, number> = {};
    for (const h of this.handlers.values()) {
      const free = h.concurrency - (this.perHandler.get(h.name) ?? 0);
      if (free > 0) {
        handlers.push(h.name);
        handlerLimits[h.name] = free;
      }
    }
    return { handlers, handlerLimits, slots: this.batchSize - this.inflight.size };
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed: ClaimedJob[] = [];
      try {
        const { handlers, handlerLimits, slots } = this.capacity();
        this.wakePending = false; // this claim sees everything committed before it
        claimed = await claimJobs(this.options.db, {
          workerId: this.options.workerId,
          handlers,
          handlerLimits,
          kinds: this.options.kinds,
          limit: slots,
          leaseMs: this.leaseMs,
          now: this.options.clock.now(),
        });
        for (const job of claimed) this.dispatch(job);
      } catch (error) {
        this.options.onError?.(error);
      }
      if (!this.running) break;
      if (claimed.length === 0) await this.sleep();
    }
  }

  private async sleep(): Promise<void> {
    let delay = this.pollMs;
    // Only work this worker has room for can end the sleep early: jobs of a handler whose slots are
    // all busy wait for one of its jobs to finish (which wakes the loop), not for a busy poll.
    const { handlers, slots } = this.capacity();
    if (slots > 0) {
      try {
        const next = await nextRunAt(this.options.db, { handlers, kinds: this.options.kinds });
        if (next) delay = Math.max(0, Math.min(delay, next.getTime() - this.options.clock.now().getTime()));
      } catch {
        // keep the poll interval
      }
    }
    if (this.wakePending) return void (this.wakePending = false);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, delay);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
    this.wakeUp = undefined;
  }

  /**
   * The offer a running job makes to its step: the next handler job of the instance may come
   * straight to this worker when it has room for it. The finishing job's own slot counts as free
   * (it ends right after the step), so a chain of steps keeps its slot.
   */
  private handoffFor(current: ClaimedJob): JobHandoff {
    let taken = false;
    return {
      workerId: this.options.workerId,
      leaseMs: this.leaseMs,
      reserve: (name) => {
        const h = this.handlers.get(name);
        if (!this.running || !h || taken) return false;
        // The finishing job's own slot passes to the next job of its handler, whatever the others do:
        // with group commit, several jobs of one handler finish at once and each passes its slot on.
        const own = current.handler === name;
        if (
          !own &&
          ((this.perHandler.get(name) ?? 0) >= h.concurrency || this.inflight.size - 1 >= this.batchSize)
        )
          return false;
        taken = true;
        this.perHandler.set(name, (this.perHandler.get(name) ?? 0) + 1);
        return true;
      },
      release: (name) => {
        taken = false;
        this.perHandler.set(name, (this.perHandler.get(name) ?? 1) - 1);
      },
    };
  }

  /** Runs a job; `reserved` when its handler slot was already taken (a handed-over job). */
  private dispatch(job: ClaimedJob, reserved = false): void {
    const handler = job.handler ? this.handlers.get(job.handler) : undefined;
    // Due → running, for claimed and handed-over jobs alike.
    this.options.metrics?.jobClaimed(
      job.handler ?? job.kind,
      (this.options.clock.now().getTime() - job.runAt.getTime()) / 1000,
    );
    const abort = new AbortController();
    const key = job.handler;
    if (key && !reserved) this.perHandler.set(key, (this.perHandler.get(key) ?? 0) + 1);
    let next: ClaimedJob[] = [];
    const done = (async () => {
      try {
        const limiter = key ? this.limiters.get(key) : undefined;
        if (limiter) {
          try {
            await limiter.consume(key!, 1);
          } catch (rejection) {
            // Over the rate limit: hand the job back without using an attempt.
            const wait = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 1000;
            await releaseJob(this.options.db, {
              jobId: job.id,
              workerId: this.options.workerId,
              runAt: new Date(this.options.clock.now().getTime() + wait),
            });
            return;
          }
        }
        next = (await this.options.process(job, handler, abort.signal, this.handoffFor(job))) ?? [];
      } catch (error) {
        this.options.onError?.(error, job);
      } finally {
        this.inflight.delete(job.id);
        if (key) this.perHandler.set(key, (this.perHandler.get(key) ?? 1) - 1);
        for (const n of next) this.dispatch(n, true);
        if (next.length === 0) this.wake();
      }
    })();
    this.inflight.set(job.id, { handler: key, abort, done });
  }

  private async beat(): Promise<void> {
    const ids = [...this.inflight.keys()];
    if (ids.length === 0) return;
    try {
      const kept = new Set(
        (
          await extendLeases(this.options.db, {
            workerId: this.options.workerId,
            jobIds: ids,
            leaseMs: this.leaseMs,
            now: this.options.clock.now(),
          })
        ).map(String),
      );
      // A lease we lost (expired and re-claimed elsewhere): abort our copy; its result would be fenced anyway.
      for (const [id, job] of this.inflight)
        if (!kept.has(String(id))) job.abort.abort(new Error("lease lost"));
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
