import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import type { Database } from "../src/db/openDatabase.ts";
import { RateLimits } from "../src/server/RateLimits.ts";

/**
 * The API kinds' points taken from the `rate_limit` table in blocks (`server/RateLimits.ts`,
 * decision 0043): fewer statements, and still never more requests per window than the limit —
 * exactly the limit in one process, at most the limit over several.
 */
describe("rate limit blocks", () => {
  let t: TestContext;
  /** A second runtime process's connection to the same database. */
  let other: Database;
  const limit = 320; // blocks of 10 points
  const settings = { loginPerMinute: 10, apiPerMinute: limit };

  beforeAll(async () => {
    t = await createTestContext("ratelimitblocks", new Date());
    other = await openDatabase({ kind: "postgres", url: t.url });
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const counted = async (key: string) =>
    (await t.db.prisma.rateLimit.findUnique({ where: { key } }))?.points ?? 0;
  const burst = async (limits: RateLimits, key: string, n: number) => {
    const decisions = [];
    for (let i = 0; i < n; i++) decisions.push((await limits.consume("rest", key)).ok);
    return decisions;
  };

  it("counts a key's first request alone, then a block ahead that the next requests spend without a statement", async () => {
    const limits = new RateLimits(t.db, settings);
    expect(await burst(limits, "10.0.0.1", 1)).toEqual([true]);
    expect(await counted("rest:10.0.0.1")).toBe(1);
    expect(await burst(limits, "10.0.0.1", 1)).toEqual([true]);
    expect(await counted("rest:10.0.0.1")).toBe(12);
    // Requests 3 to 12 spend the block: the table's count does not move.
    expect(await burst(limits, "10.0.0.1", 10)).toEqual(Array(10).fill(true));
    expect(await counted("rest:10.0.0.1")).toBe(12);
    expect(await burst(limits, "10.0.0.1", 1)).toEqual([true]);
    expect(await counted("rest:10.0.0.1")).toBe(23);
  });

  it("lets exactly the limit through in one process, refuses the next with Retry-After, and counts every point", async () => {
    const limits = new RateLimits(t.db, settings);
    expect(await burst(limits, "10.0.0.2", limit)).toEqual(Array(limit).fill(true));
    expect(await counted("rest:10.0.0.2")).toBe(limit);
    const refused = await limits.consume("rest", "10.0.0.2");
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(!refused.ok && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("a batch needing more points than the block holds spends what is held and counts only the rest", async () => {
    const limits = new RateLimits(t.db, settings);
    await burst(limits, "10.0.0.3", 5); // 1, then 1 + 10 ahead: 12 counted, 7 held
    expect(await counted("rest:10.0.0.3")).toBe(12);
    expect((await limits.consume("rest", "10.0.0.3", 9)).ok).toBe(true); // 7 held + 2 more, + 10 ahead
    expect(await counted("rest:10.0.0.3")).toBe(24);
  });

  it("never lets more than the limit through over two processes sharing the table", async () => {
    const a = new RateLimits(t.db, settings);
    const b = new RateLimits(other, settings);
    const passed = [];
    for (let i = 0; i < limit + 40; i++)
      passed.push((await (i % 2 === 0 ? a : b).consume("rest", "10.0.0.4")).ok);
    const through = passed.filter(Boolean).length;
    expect(through).toBeLessThanOrEqual(limit);
    // Unspent blocks make it stricter by at most a block per process.
    expect(through).toBeGreaterThanOrEqual(limit - 2 * 10);
    expect(passed.slice(-10)).toEqual(Array(10).fill(false));
  });

  it("counts sign-in attempts one by one", async () => {
    const limits = new RateLimits(t.db, { loginPerMinute: 400, apiPerMinute: limit });
    for (let i = 0; i < 3; i++) expect((await limits.consume("login", "10.0.0.5|someone")).ok).toBe(true);
    expect(await counted("login:10.0.0.5|someone")).toBe(3);
    expect(await counted("loginip:10.0.0.5")).toBe(3);
  });
});
