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
 */
export class RateLimits {
  private readonly limiters: Record<RateLimitKind | "loginIp", RateLimiterAbstract>;

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
  }

  /**
   * Takes `points` (default one) for `key` in one atomic step; refused, when fewer are left, with the
   * seconds until the window frees a point (the refused points count too: a client hammering past
   * its limit stays refused until the window ends).
   */
  async consume(kind: RateLimitKind, key: string, points = 1): Promise<RateDecision> {
    const keys: [RateLimitKind | "loginIp", string][] =
      kind === "login"
        ? [
            ["loginIp", key.split("|")[0] ?? key],
            ["login", key],
          ]
        : [[kind, key]];
    for (const [limiter, k] of keys) {
      try {
        await this.limiters[limiter].consume(k.slice(0, 200), points);
      } catch (error) {
        if (error instanceof RateLimiterRes)
          return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
        throw error;
      }
    }
    return { ok: true };
  }
}
