import { randomUUID } from "node:crypto";
import { EventEmitter, on } from "node:events";
import type { Database } from "../db/openDatabase.ts";

/** Something about an instance changed (it stepped, was started, migrated, …). */
export interface InstanceChange {
  instanceId: string;
  processKey: string;
  seq: number;
  status: string;
}

export const changesChannel = "flowstate_changes";

/** Postgres refuses NOTIFY payloads of 8,000 bytes or more. */
const maxPayloadBytes = 7900;

/**
 * Tells open pages that instances moved. After a step commits, `published` tells this process's
 * subscribers at once and queues the change for the other runtime processes, which hear of it by
 * ONE batched NOTIFY per `flushMs` (50 ms) — not a NOTIFY per step: Postgres takes a global lock
 * and wakes every listening backend for each NOTIFY, which cost about a sixth of a step's CPU
 * (bench/runtime/throughput.bench.ts). Only committed changes are published; a process that dies
 * within the 50 ms leaves other processes' open pages without those last changes until the
 * instances move again (live pages are a view: they re-read the instance on every change).
 * On PGlite (one process) the in-process emitter is the whole story. Subscribers get an async
 * iterator (used by tRPC SSE subscriptions).
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private listener: { release(): void } | undefined;
  /** This feed's id in its NOTIFY payloads: it skips its own (its subscribers heard them already). */
  private readonly id = randomUUID();
  private pending: InstanceChange[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly flushMs = 50,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening for changes made by other runtime processes (Postgres only). */
  async start(): Promise<void> {
    const pool = this.db.pool;
    if (!pool || this.listener) return;
    const client = await pool.connect();
    client.on("notification", (msg) => {
      if (msg.channel !== changesChannel || !msg.payload) return;
      try {
        const batch = JSON.parse(msg.payload) as { from?: string; changes?: InstanceChange[] };
        if (batch.from === this.id || !Array.isArray(batch.changes)) return;
        for (const change of batch.changes) this.emitter.emit("change", change);
      } catch {
        // ignore foreign payloads
      }
    });
    client.on("error", () => {});
    await client.query(`LISTEN ${changesChannel}`);
    this.listener = { release: () => client.release(true) };
  }

  /** Sends what is queued, then stops listening. */
  async stop(): Promise<void> {
    await this.flush();
    this.listener?.release();
    this.listener = undefined;
  }

  /** After commit: tells this process's subscribers now and (Postgres) the other processes with the next batched NOTIFY. */
  published(change: InstanceChange): void {
    this.emitter.emit("change", change);
    if (!this.db.pool) return;
    this.pending.push(change);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Sends the queued changes: as few NOTIFYs as the payload limit allows, in one statement. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const changes = this.pending;
    this.pending = [];
    if (changes.length === 0) return this.flushing;
    const head = `{"from":${JSON.stringify(this.id)},"changes":[`;
    const payloads: string[] = [];
    let parts: string[] = [];
    let size = head.length + 2;
    for (const change of changes) {
      const json = JSON.stringify(change);
      const bytes = Buffer.byteLength(json) + 1;
      if (parts.length && size + bytes > maxPayloadBytes) {
        payloads.push(`${head}${parts.join(",")}]}`);
        parts = [];
        size = head.length + 2;
      }
      parts.push(json);
      size += bytes;
    }
    payloads.push(`${head}${parts.join(",")}]}`);
    // Best effort, in order: a failed NOTIFY (database briefly away) only costs other processes' pages an update.
    this.flushing = this.flushing.then(() =>
      this.db
        .query(
          "flowstate_notify_changes",
          `SELECT count(pg_notify($1, p))::int AS n FROM unnest($2::text[]) AS p`,
          [changesChannel, payloads],
        )
        .then(
          () => undefined,
          () => undefined,
        ),
    );
    return this.flushing;
  }

  /** Changes as they happen, until `signal` aborts. */
  async *subscribe(signal?: AbortSignal): AsyncGenerator<InstanceChange> {
    try {
      for await (const [change] of on(this.emitter, "change", signal ? { signal } : {}))
        yield change as InstanceChange;
    } catch (error) {
      if ((error as { name?: string }).name !== "AbortError") throw error;
    }
  }
}
