import type pg from "pg";
import type { Database } from "../../src/db/openDatabase.ts";
import type { ChangeFeed } from "../../src/live/ChangeFeed.ts";
import type { Worker } from "../../src/queue/Worker.ts";
import { eventually } from "./eventually.ts";

// Waits on what a background loop did, for tests that check something did NOT happen (a timer not
// yet due, a refused replay): they wait for the loop's next pass instead of sleeping. Neither the
// worker nor the change feed says when it sleeps or is listened to (nothing in the runtime needs
// to know), so `idle` and `subscribed` read the private field that holds it.

/** Resolves once `worker`'s claim loop sleeps: it claimed, found nothing and waits for a wake-up or its poll. */
export async function idle(worker: Worker): Promise<void> {
  await eventually(
    () => (worker as unknown as { wakeUp?: () => void }).wakeUp !== undefined,
    (sleeping) => sleeping,
  );
}

/** Resolves once `feed` has at least `count` subscribers. */
export async function subscribed(feed: ChangeFeed, count = 1): Promise<void> {
  await eventually(
    () =>
      (feed as unknown as { emitter: { listenerCount(event: string): number } }).emitter.listenerCount(
        "change",
      ),
    (n) => n >= count,
  );
}

/** Statements run on a database from the moment `watchStatements` was called. */
export interface StatementWatch {
  /** How many statements matching the pattern have finished (answered or failed). */
  readonly count: number;
  /** Resolves once `n` of them have finished, then stops counting. */
  seen(n: number): Promise<void>;
}

/** The claim of due jobs (worker and remote long polls) and of due webhook deliveries. */
export const claimOfJobs = /^WITH scoped AS/;
export const claimOfDeliveries = /SELECT id FROM webhook_delivery\s+WHERE status IN \('pending', 'failed'\)/;

type QueryArgs = [unknown, ...unknown[]];
const watched = new WeakMap<pg.PoolClient, Set<(text: string) => (() => void) | undefined>>();

/**
 * Counts the statements matching `sql` that `db`'s connections run (Prisma's included: every
 * statement goes through the pool), so a test can wait for a loop's next pass: e.g. two claims
 * finished since now means one started after now.
 */
export function watchStatements(db: Database, sql: RegExp): StatementWatch {
  const pool = db.pool;
  if (!pool) throw new Error("watchStatements needs Postgres");
  let count = 0;
  const mine = new Set<pg.PoolClient>();
  const onStatement = (text: string) => (sql.test(text) ? () => void count++ : undefined);
  const onAcquire = (client: pg.PoolClient) => {
    let watchers = watched.get(client);
    if (!watchers) {
      const set = new Set<(text: string) => (() => void) | undefined>();
      watchers = set;
      watched.set(client, set);
      const query = client.query.bind(client) as (...args: QueryArgs) => unknown;
      (client as unknown as { query: (...args: QueryArgs) => unknown }).query = (...args: QueryArgs) => {
        const first = args[0];
        const text = typeof first === "string" ? first : ((first as { text?: string } | null)?.text ?? "");
        const finished = [...set].map((w) => w(text)).filter((f) => f !== undefined);
        if (finished.length === 0) return query(...args);
        const done = () => finished.forEach((f) => f());
        const last = args.length - 1;
        if (typeof args[last] === "function") {
          const callback = args[last] as (...a: unknown[]) => void;
          args[last] = (...a: unknown[]) => (done(), callback(...a));
          return query(...args);
        }
        const result = query(...args) as Promise<unknown> | undefined;
        void result?.then(done, done);
        return result;
      };
    }
    watchers.add(onStatement);
    mine.add(client);
  };
  pool.on("acquire", onAcquire);
  const stop = () => {
    pool.off("acquire", onAcquire);
    // Clients acquired meanwhile keep the wrapper; it asks no one once the watchers are gone.
    for (const client of mine) watched.get(client)?.delete(onStatement);
  };
  return {
    get count() {
      return count;
    },
    async seen(n) {
      try {
        await eventually(
          () => count,
          (c) => c >= n,
        );
      } finally {
        stop();
      }
    },
  };
}

/** Resolves once a session on `db`'s database waits for a lock (a row lock another transaction holds). */
export async function blockedOnLock(db: Database): Promise<void> {
  await eventually(
    async () =>
      (
        await db.pool!.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      ).rows[0]!.n,
    (n) => n > 0,
  );
}
