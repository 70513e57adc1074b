export type QueryState<T> =
  { status: "loading" } | { status: "error"; error: Error } | { status: "ready"; data: T };

/** What a query shows: its state, and the last answer for the current key (still there while a later read failed). */
export interface QuerySnapshot<T> {
  state: QueryState<T>;
  last: { data: T } | null;
}

/**
 * One query's reads, without React (`useQuery` is a thin hook over it, tests drive it directly).
 *
 * Two ways to read again, because they mean different things:
 * - a new key (or `reload`) is a different question: an answer still under way is for the old one and
 *   is dropped when it arrives;
 * - `refresh` asks the same question again (polling, "something changed"): an answer under way is
 *   just as good, so it is never dropped and no second read starts beside it. One more read follows
 *   it instead, so a refresh asked after a change still gets an answer read after that change. A
 *   read slower than the poll interval therefore still lands, and the reads never pile up.
 */
export class QueryRunner<T> {
  private key: string | null = null;
  private read: () => Promise<T> = () => Promise.reject(new Error("no query yet"));
  /** Bumped when answers under way must be dropped (new key, reload, dispose). */
  private generation = 0;
  private inFlight = false;
  private again = false;
  private snapshot: QuerySnapshot<T> = { state: { status: "loading" }, last: null };

  constructor(private readonly publish: (snapshot: QuerySnapshot<T>) => void) {}

  /**
   * The query as of this render: `read` is kept for later reads; a key different from the last one
   * reads at once. The state is left as it was until the answer (no flicker to "loading"), but the
   * previous key's last answer no longer counts as `last`.
   */
  use(key: string, read: () => Promise<T>): void {
    this.read = read;
    if (key === this.key) return;
    this.key = key;
    if (this.snapshot.last !== null) {
      this.snapshot = { ...this.snapshot, last: null };
      this.publish(this.snapshot);
    }
    this.restart();
  }

  /** Reads again now, dropping an answer under way. */
  reload(): void {
    if (this.key === null) return;
    this.restart();
  }

  /** Reads again, keeping an answer under way (see the class comment). */
  refresh(): void {
    if (this.key === null) return;
    if (this.inFlight) this.again = true;
    else this.start();
  }

  /** Stops publishing (unmount); a later `use` starts over. */
  dispose(): void {
    this.generation++;
    this.key = null;
    this.inFlight = false;
    this.again = false;
  }

  private restart(): void {
    this.generation++;
    this.again = false;
    this.start();
  }

  private start(): void {
    const generation = this.generation;
    this.inFlight = true;
    // A `read` that throws instead of rejecting is an error answer too.
    new Promise<T>((resolve) => resolve(this.read())).then(
      (data) => this.settle(generation, { status: "ready", data }),
      (error: unknown) =>
        this.settle(generation, {
          status: "error",
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
  }

  private settle(generation: number, state: QueryState<T>): void {
    if (generation !== this.generation) return;
    this.inFlight = false;
    this.snapshot = { state, last: state.status === "ready" ? { data: state.data } : this.snapshot.last };
    this.publish(this.snapshot);
    if (this.again) {
      this.again = false;
      this.start();
    }
  }
}
