import type { InstanceRow } from "./instanceRow.ts";

/** How many rows a runtime process keeps (least recently used go first): a few MB of snapshots. */
const defaultCapacity = 4096;

/**
 * The rows of running instances as this process last wrote them (what Temporal calls a sticky
 * cache): the next API step of the same instance (`instance.perform`, a signal, a variables edit)
 * starts from the cached row instead of reading it, so it sends one statement, not two. Never
 * trusted: the step statement writes only if the row's seq is still the cached one; another
 * process's step, a migration or any other write bumps the seq, the statement writes nothing, the
 * entry is forgotten and the step is computed again on a fresh read (`stepInstance`). A rejection
 * or an authorization refusal computed from a cached row is checked again on a fresh read too.
 * Only running instances are kept: the writes that change a row without a step (retention,
 * acknowledging a failure) touch finished instances only.
 */
export class InstanceRowCache {
  private readonly rows = new Map<string, InstanceRow>();

  constructor(private readonly capacity = defaultCapacity) {}

  get(instanceId: string): InstanceRow | undefined {
    const row = this.rows.get(instanceId);
    if (row === undefined) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.rows.delete(instanceId);
    this.rows.set(instanceId, row);
    return row;
  }

  /** Keeps the row a step just wrote (a running instance), or forgets the instance otherwise. */
  remember(row: InstanceRow): void {
    this.rows.delete(row.id);
    if (row.status !== "running") return;
    this.rows.set(row.id, row);
    if (this.rows.size > this.capacity) this.rows.delete(this.rows.keys().next().value as string);
  }

  forget(instanceId: string): void {
    this.rows.delete(instanceId);
  }

  get size(): number {
    return this.rows.size;
  }
}
