import pg from "pg";
import type { Database } from "../db/openDatabase.ts";

/** The channel the `app_user` / `user_session` triggers notify (payload: the user's id, `*` after a truncate). */
export const authChannel = "flowstate_auth";

/** What `SessionStore.resolve` read for a session: its user as of the read. */
export interface ResolvedSession {
  id: string;
  userId: string;
  username: string;
  roles: string[];
  groups: string[];
  /** When the session expires (ms since the epoch). */
  expiresAt: number;
}

interface Entry {
  session: ResolvedSession;
  /** Until when (clock ms) the entry may answer: the TTL, never past the session's expiry. */
  until: number;
}

/**
 * A short cache of resolved sessions, so a signed-in request costs no session query while its
 * session and user are unchanged (issue 24 §3). Correct invalidation, also across runtime processes:
 * - every UPDATE/DELETE of an `app_user` or `user_session` row (revoke, logout, disable, roles at an
 *   OIDC sign-in, a password change, an admin's SQL) fires a trigger that NOTIFYs `flowstate_auth`
 *   with the user's id at commit; each process LISTENs and drops that user's entries;
 * - this process's own writes also drop them at once (`forgetUser`), so its next request never
 *   races the notification;
 * - a read that began before an invalidation is not cached (a generation counter);
 * - while the LISTEN connection is not up (starting, lost, PGlite) nothing is cached, and a lost
 *   connection empties the cache before it reconnects;
 * - an entry answers at most `ttlMs` (default 10 s) and never past its session's expiry.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private listening = false;
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool | undefined,
    readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * Starts listening (Postgres only); until it listens, nothing is cached. The listening connection
   * is its own client, not the pool's, so closing the pool never waits for it.
   */
  async start(): Promise<void> {
    this.stopped = false;
    if (!this.pool || this.client) return;
    const client = new pg.Client(this.pool.options);
    this.client = client;
    try {
      const lost = () => this.lost(client);
      client.on("error", lost);
      client.on("end", lost);
      client.on("notification", (msg) => {
        if (msg.channel !== authChannel) return;
        if (!msg.payload || msg.payload === "*") this.forgetAll();
        else this.forgetUser(msg.payload);
      });
      await client.connect();
      await client.query(`LISTEN ${authChannel}`);
      if (this.client === client && !this.stopped) this.listening = true;
    } catch {
      this.lost(client);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    this.listening = false;
    this.forgetAll();
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => {});
  }

  /** The generation to hand back to `put` (a read that began before an invalidation is not cached). */
  begin(): number {
    return this.generation;
  }

  get(digest: string, now: number): ResolvedSession | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(digest);
      return undefined;
    }
    return entry.session;
  }

  put(digest: string, session: ResolvedSession, now: number, generation: number): void {
    if (!this.listening || generation !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(digest, { session, until: Math.min(now + this.ttlMs, session.expiresAt) });
  }

  forgetUser(userId: string): void {
    this.generation++;
    for (const [digest, entry] of this.entries)
      if (entry.session.userId === userId) this.entries.delete(digest);
  }

  forgetSession(digest: string): void {
    this.generation++;
    this.entries.delete(digest);
  }

  forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.listening = false;
    this.forgetAll();
    this.client = undefined;
    void client.end().catch(() => {});
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.start();
    }, 1000);
    this.retry.unref();
  }
}

const caches = new WeakMap<Database, SessionCache>();

/** The process's session cache of a database (one per `Database`, shared by every `SessionStore` on it). */
export function sessionCacheOf(db: Database): SessionCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new SessionCache(db.pool);
    caches.set(db, cache);
  }
  return cache;
}
