import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { DomainError } from "../errors/DomainError.ts";
import { MODEL_LIMITS } from "./modelCheck.ts";
import type { ModelCheckJob, ModelCheckResult } from "./modelCheck.ts";

/** Options of a pool; the defaults are what the runtime uses. */
export interface ModelWorkersOptions {
  /**
   * Worker threads at most (started on demand, kept while the process runs, never keeping it
   * alive). Default: one core less than the machine has, 1 to 2 — a core stays for the event loop.
   */
  size?: number;
  /** A check that takes longer ends its worker and is refused (UNPROCESSABLE_CONTENT). */
  timeoutMs?: number;
  /** Old-generation heap of one worker; a model that needs more is refused, the runtime lives on. */
  maxHeapMb?: number;
  limits?: { bytes: number; elements: number };
}

type Pending = { job: ModelCheckJob; resolve: (r: ModelCheckResult) => void; reject: (e: unknown) => void };
type Slot = { worker: Worker; busy?: Pending & { timer: NodeJS.Timeout } };

/**
 * Where the worker's code is: next to the bundle in dist (`dist/modelWorker.js`, an entry of
 * build.mjs), or the TypeScript source through `modelWorkerSource.mjs` (tsx's loader; tests,
 * `pnpm dev`).
 */
function workerEntry(): URL {
  return import.meta.url.endsWith(".js")
    ? new URL("./modelWorker.js", import.meta.url)
    : new URL("./modelWorkerSource.mjs", import.meta.url);
}

/**
 * A small pool of worker threads that parse, validate and hash process models, so that a large
 * model never blocks the event loop (publish, draft save, import). Size limits are checked
 * before any work: the bytes here, the element count first thing in the worker.
 */
export class ModelWorkers {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  readonly limits: { bytes: number; elements: number };

  constructor(options: ModelWorkersOptions = {}) {
    this.size = options.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxHeapMb = options.maxHeapMb ?? 512;
    this.limits = options.limits ?? MODEL_LIMITS;
  }

  /**
   * Parses (and with `validate`, validates) a model document — a JSON value, or JSON text as a
   * string — in a worker. Refuses with PAYLOAD_TOO_LARGE beyond the limits, BAD_REQUEST when it
   * does not parse (problems in `data`); resolves to the model's JSON text, its content hash and
   * its problems.
   */
  check(document: unknown, validate: boolean): Promise<Extract<ModelCheckResult, { ok: true }>> {
    return this.checkText(
      typeof document === "string" ? document : JSON.stringify(document ?? null),
      validate,
    );
  }

  /** `check` for JSON text as read from the database. */
  async checkText(text: string, validate: boolean): Promise<Extract<ModelCheckResult, { ok: true }>> {
    const bytes = Buffer.byteLength(text);
    if (bytes > this.limits.bytes)
      throw new DomainError(
        "PAYLOAD_TOO_LARGE",
        `the model has ${bytes} bytes; at most ${this.limits.bytes} are accepted`,
        { bytes, limit: this.limits.bytes },
      );
    const result = await this.run({ id: this.nextId++, text, validate, maxElements: this.limits.elements });
    if (result.ok) return result;
    if (result.reason === "tooLarge") {
      throw new DomainError(
        "PAYLOAD_TOO_LARGE",
        `the model has ${result.elements} elements (states, nodes, lines, transitions); at most ${this.limits.elements} are accepted`,
        { elements: result.elements, limit: this.limits.elements },
      );
    }
    if (result.reason === "invalid")
      throw new DomainError(
        "BAD_REQUEST",
        `the model is not valid: ${result.problems[0]?.message ?? "unknown problem"}`,
        { problems: result.problems },
      );
    throw new DomainError("UNPROCESSABLE_CONTENT", `the model could not be checked: ${result.message}`);
  }

  /** Ends every worker (waiting checks are refused). */
  async close(): Promise<void> {
    for (const p of this.queue.splice(0))
      p.reject(new DomainError("UNPROCESSABLE_CONTENT", "the runtime is shutting down"));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private run(job: ModelCheckJob): Promise<ModelCheckResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      const chosen = slot;
      const timer = setTimeout(
        () => this.fail(chosen, `it took longer than ${this.timeoutMs} ms`),
        this.timeoutMs,
      );
      timer.unref();
      chosen.busy = { ...pending, timer };
      chosen.worker.ref();
      chosen.worker.postMessage(pending.job);
    }
  }

  private spawn(): Slot {
    // execArgv: []: the process's own flags (V8 heap sizes) are not valid for a worker.
    const worker = new Worker(workerEntry(), {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
    });
    worker.unref();
    const slot: Slot = { worker };
    worker.on("message", (result: ModelCheckResult) => {
      const busy = slot.busy;
      if (!busy || busy.job.id !== result.id) return;
      clearTimeout(busy.timer);
      delete slot.busy;
      worker.unref();
      busy.resolve(result);
      this.dispatch();
    });
    worker.on("error", (error) => this.fail(slot, error.message));
    worker.on("exit", () => this.fail(slot, "its worker stopped"));
    this.slots.push(slot);
    return slot;
  }

  /** Drops a worker (stuck, out of memory, gone): its check is refused, the next one gets a new worker. */
  private fail(slot: Slot, why: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const busy = slot.busy;
    delete slot.busy;
    if (busy) {
      clearTimeout(busy.timer);
      busy.resolve({ id: busy.job.id, ok: false, reason: "crashed", message: why });
    }
    void slot.worker.terminate();
    this.dispatch();
  }
}

/** The runtime's pool (one per process). */
export const modelWorkers = new ModelWorkers();
