import { describe, expect, it } from "vitest";
import { createUser } from "../src/auth/userAccounts.ts";
import { publishBuilt } from "./support/models.ts";
import { fetchJson } from "./support/http.ts";
import { signIn } from "./support/signIn.ts";
import { startRuntime } from "./support/startRuntime.ts";
import type { RunningRuntime } from "./support/startRuntime.ts";
import { useTestServer } from "./support/useTestContext.ts";

const json = { "content-type": "application/json" };
const login = (base: string, username: string, password: string) =>
  fetchJson(`${base}/api/auth/login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ username, password }),
  });

describe("rate limits", () => {
  const t = useTestServer(
    "ratelimit",
    { apiKeys: ["key-1", "key-reader@instances:read"], rateLimits: { loginPerMinute: 3, apiPerMinute: 5 } },
    async (t) => {
      await createUser(t.db, { username: "wendy", password, roles: ["worker"] });
      await createUser(t.db, { username: "multi", password, roles: ["viewer"] });
      await createUser(t.db, { username: "batcher", password, roles: ["operator"] });
      await publishBuilt(t.ctx, {
        key: "ticket",
        nodes: [{ id: "close", kind: "action", mode: "manual", code: "ticket.close" }],
      });
    },
  );
  const password = "a worker's long password";

  it("answers sign-in bursts beyond the limit with 429 and Retry-After, even with the right password; audited", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(t.base, "wendy", "wrong password!!")).status);
    const blocked = await login(t.base, "wendy", password);
    expect(statuses).toEqual([401, 401, 401]);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(blocked.headers.get("set-cookie")).toBeNull();
    expect(
      await t.db.prisma.auditEvent.count({
        where: { action: "POST /api/auth/login", outcome: "rateLimited" },
      }),
    ).toBe(1);
  });

  it("limits signals, callbacks and instance starts: the 6th of a burst gets 429 with Retry-After", async () => {
    const signal = () =>
      fetchJson(`${t.base}/api/signals/ticket.close`, {
        method: "POST",
        headers: { ...json, authorization: "Bearer key-1" },
        body: JSON.stringify({ identifiers: { nothing: "matches" } }),
      });
    const callback = () =>
      fetchJson(`${t.base}/api/callbacks/not-a-token`, { method: "POST", headers: json, body: "{}" });
    for (const [label, send] of [
      ["signal", signal],
      ["callback", callback],
    ] as const) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await send()).status);
      expect(
        statuses.slice(0, 5).every((s) => s !== 429),
        label,
      ).toBe(true);
      expect(statuses[5], label).toBe(429);
      const again = await send();
      expect(again.status, label).toBe(429);
      expect(Number(again.headers.get("retry-after")), label).toBeGreaterThan(0);
    }
    // Starts are counted per signed-in user.
    const { cookie } = await signIn(t.base, "multi", password);
    await t.db.prisma.appUser.update({ where: { username: "multi" }, data: { roles: ["operator"] } });
    const instancesBefore = await t.db.prisma.instance.count();
    const starts: number[] = [];
    for (let i = 0; i < 6; i++)
      starts.push(
        (
          await fetchJson(`${t.base}/trpc/instance.start`, {
            method: "POST",
            headers: { ...json, cookie },
            body: JSON.stringify({ processKey: "ticket" }),
          })
        ).status,
      );
    expect(starts).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await t.db.prisma.instance.count()).toBe(instancesBefore + 5);
  });

  /** One tRPC batch request of `n` instance.start calls with the session cookie. */
  const startBatch = (cookie: string, n: number) =>
    fetchJson(`${t.base}/trpc/${Array.from({ length: n }, () => "instance.start").join(",")}?batch=1`, {
      method: "POST",
      headers: { ...json, cookie },
      body: JSON.stringify(
        Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), { processKey: "ticket" }])),
      ),
    });

  it("limits REST reads too: counted while the read runs, the 6th of a burst is answered 429 with Retry-After; audited", async () => {
    const search = () =>
      fetchJson(`${t.base}/api/v1/instances?processKey=ticket`, {
        headers: { authorization: "Bearer key-reader" },
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await search()).status);
    const blocked = await search();
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({
      error: {
        code: "TOO_MANY_REQUESTS",
        message: expect.stringMatching(/^rate limit reached; retry in \d+ s$/),
      },
    });
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(
      await t.db.prisma.auditEvent.count({
        where: { action: "GET /api/v1/instances", outcome: "rateLimited" },
      }),
    ).toBe(1);
  });

  it("counts every instance.start of a tRPC batch: a batch beyond the points left gets 429 and starts nothing", async () => {
    const { cookie } = await signIn(t.base, "batcher", password);
    const batch = (n: number) => startBatch(cookie, n);
    const before = await t.db.prisma.instance.count();
    // 6 starts in one request with 5 points a minute: refused whole.
    const tooMany = await batch(6);
    expect(tooMany.status).toBe(429);
    expect(Number(tooMany.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await t.db.prisma.instance.count()).toBe(before);
    expect(
      await t.db.prisma.auditEvent.count({
        where: { action: "instance.start", outcome: "rateLimited", actorName: "batcher" },
      }),
    ).toBe(1);
  });

  it("a batch of starts within the points left passes; the next batch that exceeds what is left is refused whole", async () => {
    await createUser(t.db, { username: "batcher2", password, roles: ["operator"] });
    const { cookie } = await signIn(t.base, "batcher2", password);
    const batch = (n: number) => startBatch(cookie, n);
    const before = await t.db.prisma.instance.count();
    const first = await batch(3);
    expect(first.status).toBe(200);
    expect(await t.db.prisma.instance.count()).toBe(before + 3);
    const second = await batch(3); // 2 points left
    expect(second.status).toBe(429);
    expect(await t.db.prisma.instance.count()).toBe(before + 3);
  });

  it("holds across two runtime processes sharing the database (Postgres store)", async () => {
    const env = {
      DATABASE_URL: t.url,
      FLOWSTATE_WORKER: "false",
      FLOWSTATE_DEMO: "false",
      FLOWSTATE_DEMO_LOGIN: "false",
      FLOWSTATE_RATE_LIMIT_LOGIN: "4",
      FLOWSTATE_AUTO_SCHEMA_MIGRATION: "false",
    };
    const runtimes: RunningRuntime[] = [];
    try {
      runtimes.push(await startRuntime(env), await startRuntime(env));
      const [a, b] = runtimes as [RunningRuntime, RunningRuntime];
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await login(i % 2 === 0 ? a.url : b.url, "nobody-here", "some password!!")).status);
      // 4 attempts in total pass (2 per process), whichever process answers; the rest are refused by both.
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
      const rows = await t.db.prisma.rateLimit.findMany({ where: { key: { startsWith: "login:" } } });
      expect(rows.some((r) => r.points >= 4)).toBe(true);
    } finally {
      for (const r of runtimes) await r.stop();
    }
  });
});
