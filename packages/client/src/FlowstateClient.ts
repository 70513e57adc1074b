import { apiErrorOf } from "./FlowstateApiError.ts";
import type { LockedJob } from "./LockedJob.ts";

export interface FetchAndLockOptions {
  handlers: string[];
  /** At most this many jobs (1–100, default 10). */
  maxJobs?: number;
  /** How long the jobs stay locked to this worker without a heartbeat (1 s – 1 h, default 60 s). */
  lockDurationMs?: number;
  /** Long poll: wait up to this long (≤ 30 s) for a job when none is due. */
  waitMs?: number;
  signal?: AbortSignal;
}

export interface FailOptions {
  /** What went wrong; kept on the occurrence and any incident. */
  error: unknown;
  /** 0 fails for good; otherwise the action's retry policy decides. */
  retriesLeft?: number;
  /** Wait at least this long before the next attempt. */
  backoffMs?: number;
}

export interface FlowstateClientOptions {
  /** The runtime's base URL, e.g. `http://flowstate:3000`. */
  baseUrl: string;
  /** An API key scoped to the handlers this worker runs (`FLOWSTATE_API_KEYS`). */
  apiKey: string;
  /** Names this worker in lock tokens and logs (letters, digits, `.`, `:`, `_`, `-`). */
  workerId: string;
  /** Per-request timeout for calls other than long polls (default 30 s). */
  timeoutMs?: number;
}

/**
 * The runtime's remote job API (`/api/jobs/*`) for workers outside the runtime: fetch and lock
 * jobs of remote handlers, then complete, fail or heartbeat each one. Every refusal throws a
 * `FlowstateApiError`; `error.lockLost` means the job is no longer yours (drop it).
 */
export class FlowstateClient {
  private readonly baseUrl: string;
  constructor(private readonly options: FlowstateClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
  }

  get workerId(): string {
    return this.options.workerId;
  }

  async fetchAndLock(options: FetchAndLockOptions): Promise<LockedJob[]> {
    const { signal, ...body } = options;
    const waitMs = body.waitMs ?? 0;
    const answer = await this.post<{ jobs: LockedJob[] }>(
      "/api/jobs/fetch-and-lock",
      { workerId: this.options.workerId, ...body },
      waitMs + (this.options.timeoutMs ?? 30_000),
      signal,
    );
    return answer.jobs;
  }

  /** Records the job's output; the instance moves on. */
  complete(
    job: Pick<LockedJob, "id" | "lockToken">,
    output: Record<string, unknown> = {},
  ): Promise<{ status: string; seq: number }> {
    return this.post(`/api/jobs/${encodeURIComponent(job.id)}/complete`, {
      lockToken: job.lockToken,
      output,
    });
  }

  /** Records a failed attempt. */
  fail(
    job: Pick<LockedJob, "id" | "lockToken">,
    options: FailOptions,
  ): Promise<{ status: string; seq: number }> {
    const error =
      options.error instanceof Error
        ? { name: options.error.name, message: options.error.message }
        : options.error;
    return this.post(`/api/jobs/${encodeURIComponent(job.id)}/fail`, {
      lockToken: job.lockToken,
      error: error ?? null,
      ...(options.retriesLeft !== undefined ? { retriesLeft: options.retriesLeft } : {}),
      ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    });
  }

  /** Extends the job's lock by `lockDurationMs` from now. */
  heartbeat(
    job: Pick<LockedJob, "id" | "lockToken">,
    lockDurationMs = 60_000,
  ): Promise<{ lockedUntil: string }> {
    return this.post(`/api/jobs/${encodeURIComponent(job.id)}/heartbeat`, {
      lockToken: job.lockToken,
      lockDurationMs,
    });
  }

  private async post<T>(
    path: string,
    body: unknown,
    timeoutMs = this.options.timeoutMs ?? 30_000,
    signal?: AbortSignal,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        authorization: `Bearer ${this.options.apiKey}`,
      },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw apiErrorOf(response.status, parsed, path);
    return parsed as T;
  }
}
