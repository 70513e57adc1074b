import { FlowstateApiError } from "./FlowstateApiError.ts";
import type { FlowstateClient } from "./FlowstateClient.ts";
import type { LockedJob } from "./LockedJob.ts";

/** Runs one job; return the output, or throw to fail the attempt. `signal` aborts when the lock is lost. */
export type JobHandler = (job: LockedJob, signal: AbortSignal) => Promise<Record<string, unknown>>;

/** Throw it from a handler to fail for good (no retry), whatever retries the action has left. */
export class FinalJobFailure extends Error {
  override name = "FinalJobFailure";
}

export interface JobWorkerOptions {
  client: FlowstateClient;
  handlers: Record<string, JobHandler>;
  /** Jobs running at once (default 10). */
  concurrency?: number;
  /** Lock duration per fetch and heartbeat (default 30 s); heartbeats go every third of it. */
  lockDurationMs?: number;
  /** Long-poll wait per fetch (default 10 s). */
  waitMs?: number;
  /** Failures to reach the runtime and lost locks; the worker keeps going. */
  onError?(error: unknown, job?: LockedJob): void;
}

/**
 * A fetch–run–complete loop over `FlowstateClient`: long-polls for jobs of its handlers, runs
 * them with a concurrency limit, heartbeats their locks while they run and reports each result.
 * A job whose lock is lost is abandoned (the runtime refuses its result anyway). `stop()` stops
 * fetching (after the long poll in flight, at most `waitMs`) and waits for the running jobs.
 */
export class JobWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inflight = new Set<Promise<void>>();

  constructor(private readonly options: JobWorkerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    // The fetch in flight is not aborted: jobs it claims still run and report (none is left locked to nobody).
    this.running = false;
    await this.loop;
    await Promise.allSettled([...this.inflight]);
  }

  private async run(): Promise<void> {
    const { client, handlers } = this.options;
    const concurrency = this.options.concurrency ?? 10;
    while (this.running) {
      const free = concurrency - this.inflight.size;
      if (free <= 0) {
        await Promise.race(this.inflight);
        continue;
      }
      let jobs: LockedJob[] = [];
      try {
        jobs = await client.fetchAndLock({
          handlers: Object.keys(handlers),
          maxJobs: free,
          lockDurationMs: this.lockDurationMs,
          waitMs: this.options.waitMs ?? 10_000,
        });
      } catch (error) {
        if (!this.running) break;
        this.options.onError?.(error);
        await new Promise((r) => setTimeout(r, 1000));
      }
      for (const job of jobs) {
        const done = this.runJob(job).finally(() => this.inflight.delete(done));
        this.inflight.add(done);
      }
    }
  }

  private get lockDurationMs(): number {
    return this.options.lockDurationMs ?? 30_000;
  }

  private async runJob(job: LockedJob): Promise<void> {
    const { client } = this.options;
    const lost = new AbortController();
    const beat = setInterval(
      () => {
        client.heartbeat(job, this.lockDurationMs).catch((error: unknown) => {
          if (error instanceof FlowstateApiError && error.lockLost) lost.abort(error);
          this.options.onError?.(error, job);
        });
      },
      Math.max(250, Math.floor(this.lockDurationMs / 3)),
    );
    try {
      let output: Record<string, unknown> | undefined;
      let failure: unknown;
      try {
        output = await this.options.handlers[job.handler]!(job, lost.signal);
      } catch (error) {
        failure = error;
      }
      clearInterval(beat);
      if (lost.signal.aborted) return;
      if (output !== undefined) await client.complete(job, output);
      else
        await client.fail(job, {
          error: failure,
          ...(failure instanceof FinalJobFailure ? { retriesLeft: 0 } : {}),
        });
    } catch (error) {
      this.options.onError?.(error, job);
    } finally {
      clearInterval(beat);
    }
  }
}
