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

/**
 * Tells open pages that instances moved. Steps call `notifyInTransaction` inside their
 * transaction (Postgres delivers NOTIFY at commit, so nobody hears of a change that rolled back)
 * and `published` after commit for in-process listeners; on PGlite (one process) the in-process
 * emitter is the whole story. Subscribers get an async iterator (used by tRPC SSE subscriptions).
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private listener: { release(): void } | undefined;

  constructor(private readonly db: Database) {
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
        this.emitter.emit("change", JSON.parse(msg.payload) as InstanceChange);
      } catch {
        // ignore foreign payloads
      }
    });
    client.on("error", () => {});
    await client.query(`LISTEN ${changesChannel}`);
    this.listener = { release: () => client.release(true) };
  }

  stop(): void {
    this.listener?.release();
    this.listener = undefined;
  }

  /** The NOTIFY a step sends on commit (Postgres: channel and payload); null on PGlite. */
  notification(change: InstanceChange): [channel: string, payload: string] | null {
    return this.db.pool ? [changesChannel, JSON.stringify(change)] : null;
  }

  /** After commit: informs this process's subscribers when no NOTIFY will (PGlite). */
  published(change: InstanceChange): void {
    if (!this.db.pool || !this.listener) this.emitter.emit("change", change);
  }

  /** Changes as they happen, until `signal` aborts. */
  async *subscribe(signal?: AbortSignal): AsyncGenerator<InstanceChange> {
    try {
      for await (const [change] of on(this.emitter, "change", signal ? { signal } : {})) yield change as InstanceChange;
    } catch (error) {
      if ((error as { name?: string }).name !== "AbortError") throw error;
    }
  }
}
