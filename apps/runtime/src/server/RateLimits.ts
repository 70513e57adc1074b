import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { FastifyReply } from "fastify";
import type { Database } from "../db/openDatabase.ts";

export type RateLimitKind = "login" | "signal" | "callback" | "start" | "rest";

export interface RateLimitSettings {
  /** Login attempts per minute per client IP + username (and 5× that per IP). */
  loginPerMinute: number;
  /** Signals, callbacks, instance starts and `/api/v1` calls per minute per client (IP, or user for starts); each its own bucket. */
  apiPerMinute: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The one answer to a request over its limit: 429, `Retry-After` and the error body every route uses. */
export function tooManyRequests(reply: FastifyReply, retryAfterSeconds: number, what = "rate limit reached") {
  return reply
    .header("retry-after", String(retryAfterSeconds))
    .status(429)
    .send({ error: { code: "TOO_MANY_REQUESTS", message: `${what}; retry in ${retryAfterSeconds} s` } });
}

/**
 * Request rate limits (issue 8 §4) with rate-limiter-flexible. On PostgreSQL the counters live in
 * the `rate_limit` table (its Postgres store, one atomic upsert per hit), so every runtime process
 * sharing the database counts together; on embedded PGlite (one process by construction) in memory.
 *
 * The API kinds (signals, callbacks, starts, `/api/v1`) take points from the table in blocks while
 * the window has room (decision 0043): a process that counted a key before adds `block` points more
 * than the request needs and spends them on that key's next requests without a statement, until the
 * window ends. Points are counted before they are spent, so a window never lets more requests
 * through than its limit; while the count this process last saw leaves less than two blocks of room,
 * every request is counted alone, as before, so one process refuses exactly the request it refused
 * before. Several processes may each hold up to a block of a key's points unspent: a client that
 * spreads its requests over them is refused up to that many requests sooner, never later.
 * Sign-in attempts are always counted one by one.
 */
export class RateLimits {
  private readonly limiters: Record<RateLimitKind | "loginIp", RateLimiterAbstract>;
  /** Points an API kind's database count may take ahead (0: every request is counted alone). */
  private readonly block: number;
  private readonly apiPerMinute: number;
  /** Points counted in the table and not spent yet, per limiter key (`rest:<ip>`), until the window ends. */
  private readonly held = new Map<string, { left: number; until: number; counted: number }>();

  constructor(db: Database, settings: RateLimitSettings) {
    const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
      db.pool
        ? new RateLimiterPostgres({
            storeClient: db.pool,
            storeType: "pool",
            tableName: "rate_limit",
            tableCreated: true,
            clearExpiredByTimeout: false,
            keyPrefix,
            points,
            duration: 60,
          })
        : new RateLimiterMemory({ keyPrefix, points, duration: 60 });
    this.limiters = {
      login: make("login", settings.loginPerMinute),
      loginIp: make("loginip", settings.loginPerMinute * 5),
      signal: make("signal", settings.apiPerMinute),
      callback: make("callback", settings.apiPerMinute),
      start: make("start", settings.apiPerMinute),
      rest: make("rest", settings.apiPerMinute),
    };
    this.apiPerMinute = settings.apiPerMinute;
    this.block = db.pool ? Math.min(16, Math.floor(settings.apiPerMinute / 32)) : 0;
  }

  /**
   * Takes `points` (default one) for `key` in one atomic step; refused, when fewer are left, with the
   * seconds until the window frees a point (the refused points count too: a client hammering past
   * its limit stays refused until the window ends).
   */
  async consume(kind: RateLimitKind, key: string, points = 1): Promise<RateDecision> {
    if (kind !== "login" && this.block > 0) return this.consumeApi(kind, key.slice(0, 200), points);
    const keys: [RateLimitKind | "loginIp", string][] =
      kind === "login"
        ? [
            ["loginIp", key.split("|")[0] ?? key],
            ["login", key],
          ]
        : [[kind, key]];
    for (const [limiter, k] of keys) {
      const decision = await this.take(limiter, k.slice(0, 200), points);
      if (!decision.ok) return decision;
    }
    return { ok: true };
  }

  /** Counts `points` for `key` in the limiter's store; refused with the seconds until the window frees a point. */
  private async take(
    limiter: RateLimitKind | "loginIp",
    key: string,
    points: number,
  ): Promise<{ ok: true; counted: number; msLeft: number } | { ok: false; retryAfterSeconds: number }> {
    try {
      const res = await this.limiters[limiter].consume(key, points);
      return { ok: true, counted: res.consumedPoints, msLeft: res.msBeforeNext };
    } catch (error) {
      if (error instanceof RateLimiterRes)
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
      throw error;
    }
  }

  /** An API kind's points: from the block this process holds for the key, else counted (with the next block while there is room). */
  private async consumeApi(kind: RateLimitKind, key: string, points: number): Promise<RateDecision> {
    const id = `${kind}:${key}`;
    const now = Date.now();
    let held = this.held.get(id);
    if (held && held.until <= now) {
      this.held.delete(id);
      held = undefined;
    }
    if (held && held.left >= points) {
      held.left -= points;
      return { ok: true };
    }
    // What is held already counts: only the rest is taken, plus a block while the last count left room.
    const spent = held?.left ?? 0;
    if (held) held.left = 0;
    const ahead = held && this.apiPerMinute - held.counted >= points + 2 * this.block ? this.block : 0;
    const taken = await this.take(kind, key, points - spent + ahead);
    if (!taken.ok) {
      this.held.delete(id);
      return taken;
    }
    // The window's end as the store answered it, never later (`now` was read before the count).
    const until = now + taken.msLeft;
    const current = this.held.get(id);
    // Windows are a minute apart: ends within half a minute of each other are the same window's.
    if (current && current.until > now && Math.abs(current.until - until) < 30_000) {
      current.until = Math.min(current.until, until);
      current.left += ahead;
      current.counted = Math.max(current.counted, taken.counted);
    } else {
      if (this.held.size >= 10_000) this.held.clear();
      this.held.set(id, { left: ahead, until, counted: taken.counted });
    }
    return { ok: true };
  }
}
