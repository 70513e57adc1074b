import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { createServer } from "../src/server/createServer.ts";
import type { ServerOptions } from "../src/server/createServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import { createRuntime } from "../src/createRuntime.ts";
import { createInnerContext } from "../src/trpc/context.ts";
import { publishBuilt } from "./support/models.ts";
import { restPermissions } from "../src/auth/permissions.ts";
import { signIn } from "./support/signIn.ts";
import { rawRequest } from "./support/rawHttp.ts";
import { tableSnapshot } from "./support/tableSnapshot.ts";

const demoActor = { kind: "user" as const, name: "demo-admin", roles: ["admin" as const], groups: [] };
const json = { "content-type": "application/json" };

describe("the request boundary: guards on the matched route, Host allowlist, one input normalisation, 500s without internals", () => {
  let t: TestContext;
  const servers: FastifyInstance[] = [];
  async function serve(options: Omit<ServerOptions, "context">): Promise<string> {
    const app = await createServer({ context: t.ctx, ...options });
    servers.push(app);
    return app.listen({ port: 0, host: "127.0.0.1" });
  }
  const lastAuditId = async () =>
    (await t.db.prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
  const recordsAfter = (id: bigint) =>
    t.db.prisma.auditEvent.findMany({ where: { id: { gt: id } }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    t = await createTestContext("boundary-requests");
    await publishBuilt(t.ctx, {
      key: "claim",
      nodes: [{ id: "review", kind: "action", mode: "manual", code: "claim.review" }],
    });
    await createUser(t.db, { username: "ada", password: "an admin's long password", roles: ["admin"] });
  });
  afterAll(async () => {
    for (const app of servers) await app.close();
    await t?.close();
  });

  describe("D2: every spelling of every /api and /trpc route is guarded like the route, or refused", () => {
    /** The routes as Fastify registered them (its route table), with parameters filled in. */
    const routes: { method: string; url: string }[] = [];
    let base: string;
    beforeAll(async () => {
      base = await serve({
        apiKeys: ["route-sweep-key@signals+handler:*"],
        onRoute: (r) => {
          for (const method of [r.method].flat())
            if (
              (r.url.startsWith("/api/") || r.url.startsWith("/trpc/")) &&
              (method === "GET" || method === "POST")
            )
              routes.push({ method, url: r.url });
        },
      });
    });

    const concrete = (route: { method: string; url: string }) =>
      route.url === "/trpc/:path"
        ? `/trpc/${route.method === "GET" ? "process.list" : "process.create"}`
        : route.url.replace(":code", "sig").replace(":token", "tok").replace(":id", "1").replace("*", "x");

    /** Encoded, double-slash, dot-segment, case and `;` spellings of a path. */
    function variants(path: string): string[] {
      const [, first, ...rest] = path.split("/");
      const tail = rest.length ? `/${rest.join("/")}` : "";
      const encode = (s: string, i: number) =>
        `${s.slice(0, i)}%${s.charCodeAt(i).toString(16).toUpperCase()}${s.slice(i + 1)}`;
      const second = rest[0] ?? "";
      return [
        `/${encode(first!, 0)}${tail}`,
        `/${encode(first!, 1)}${tail}`,
        `/${encode(first!, 0).replace("%", "%25")}${tail}`,
        ...(second
          ? [`/${first}/${encode(second, 0)}${rest.length > 1 ? `/${rest.slice(1).join("/")}` : ""}`]
          : []),
        `//${first}${tail}`,
        `/${first}/${tail}`,
        `/./${first}${tail}`,
        `/x/../${first}${tail}`,
        `/${first}/./${rest.join("/")}`,
        `/${first!.toUpperCase()}${tail}`,
        `/${first![0]!.toUpperCase()}${first!.slice(1)}${tail}`,
        `/${first};x${tail}`,
        `/${first}%2F${rest.join("%2F")}`,
      ];
    }

    it("enumerates the routes from Fastify's route table: every /api route of the permission table and /trpc", () => {
      const api = routes.filter((r) => r.url.startsWith("/api/"));
      expect(api.length).toBeGreaterThanOrEqual(12);
      expect(api.filter((r) => !Object.hasOwn(restPermissions, `${r.method} ${r.url}`))).toEqual([]);
      expect(routes.some((r) => r.url === "/trpc/:path" && r.method === "POST")).toBe(true);
    });

    it("a cross-origin POST (refused by the guards on the canonical path) is refused the same on every spelling, or not routed at all", async () => {
      const mismatches: string[] = [];
      let guardedVariants = 0;
      let checked = 0;
      const send = (method: string, path: string) =>
        rawRequest(base, {
          method,
          path,
          headers: { ...json, origin: "https://evil.example" },
          ...(method === "POST" ? { body: "{}" } : {}),
        });
      for (const route of routes) {
        const path = concrete(route);
        let mark = await lastAuditId();
        const canonical = await send(route.method, path);
        const canonicalRecords = (await recordsAfter(mark)).map((r) => `${r.action}/${r.outcome}`);
        if (route.method === "POST") expect(canonical.status, `${route.method} ${path}`).toBe(403);
        for (const variant of variants(path)) {
          if (variant === path) continue;
          checked++;
          mark = await lastAuditId();
          const res = await send(route.method, variant);
          const records = (await recordsAfter(mark)).map((r) => `${r.action}/${r.outcome}`);
          const sameAsRoute =
            res.status === canonical.status && JSON.stringify(records) === JSON.stringify(canonicalRecords);
          const notRouted = (res.status === 404 || res.status === 400) && records.length === 0;
          if (sameAsRoute && res.status !== 404) guardedVariants++;
          if (!sameAsRoute && !notRouted)
            mismatches.push(
              `${route.method} ${variant}: ${res.status} ${JSON.stringify(records)} (route ${path}: ${canonical.status} ${JSON.stringify(canonicalRecords)})`,
            );
          if (res.status >= 500) mismatches.push(`${route.method} ${variant}: ${res.status}`);
        }
      }
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(routes.length * 10);
      // Some spellings do reach routes (percent-encoded letters, `/./`): those were guarded, not skipped.
      expect(guardedVariants).toBeGreaterThan(0);
    });

    it("the percent-encoded prefix of issue 18 is guarded: /%61pi/signals/:code is refused cross-origin and rate limited with the canonical route", async () => {
      const limited = await serve({ rateLimits: { loginPerMinute: 10, apiPerMinute: 2 } });
      const cross = await rawRequest(limited, {
        method: "POST",
        path: "/%61pi/signals/sig",
        headers: { ...json, origin: "https://evil.example" },
        body: "{}",
      });
      expect(cross.status).toBe(403);
      const statuses: number[] = [];
      for (const path of [
        "/api/signals/sig",
        "/a%70i/signals/sig",
        "/%61pi/signals/sig",
        "/%61pi/callbacks/tok",
      ]) {
        statuses.push(
          (await rawRequest(limited, { method: "POST", path, headers: json, body: "{}" })).status,
        );
      }
      // Two points per minute for signals: the third signal, whatever its spelling, is refused (callbacks have their own bucket).
      expect(statuses.slice(0, 3)).toEqual([401, 401, 429]);
      expect(statuses[3]).not.toBe(429);
      const rateLimited = await t.db.prisma.auditEvent.findMany({
        where: { outcome: "rateLimited", action: "POST /api/signals/:code" },
      });
      expect(rateLimited.length).toBe(1);
    });
  });

  describe("D5: the demo login and cookie sessions answer only for allowed Host names", () => {
    it("refuses Host evil.example with a matching Origin on a demo-login server (421, audited, nothing created); loopback names pass", async () => {
      const base = await serve({ demoActor });
      const port = new URL(base).port;
      const create = (host: string, username: string) =>
        rawRequest(base, {
          method: "POST",
          path: "/trpc/user.create",
          headers: { ...json, host, origin: `http://${host}` },
          body: JSON.stringify({ username, password: "Ghost-pass-1234", roles: ["admin"] }),
        });
      const mark = await lastAuditId();
      const evil = await create("evil.example:3303", "ghost");
      expect(evil.status).toBe(421);
      expect(evil.body).toMatchObject({ error: { code: "MISDIRECTED_REQUEST" } });
      expect(await t.db.prisma.appUser.count({ where: { username: "ghost" } })).toBe(0);
      expect(
        (await recordsAfter(mark)).map((r) => [
          r.action,
          r.outcome,
          (r.detail as { reason?: string }).reason,
        ]),
      ).toEqual([["POST /trpc/:path", "denied", "host"]]);
      // The control: the same call by loopback names is the demo admin's.
      for (const [host, username] of [
        [`127.0.0.1:${port}`, "loop-v4"],
        [`localhost:${port}`, "loop-name"],
        [`[::1]:${port}`, "loop-v6"],
      ] as const) {
        expect((await create(host, username)).status, host).toBe(200);
      }
      expect(await t.db.prisma.appUser.count({ where: { username: { startsWith: "loop-" } } })).toBe(3);
    });

    it("a session cookie is refused under a foreign Host; FLOWSTATE_ALLOWED_HOSTS' names pass; outside systems' credential routes are not Host-bound", async () => {
      const base = await serve({
        allowedHosts: ["flowstate.example.org"],
        apiKeys: ["host-sweep-key@signals"],
      });
      const { cookie } = await signIn(base, "ada", "an admin's long password");
      const list = (host: string, withCookie = true) =>
        rawRequest(base, {
          method: "GET",
          path: "/trpc/process.list",
          headers: { host, ...(withCookie ? { cookie } : {}) },
        });
      expect((await list("evil.example")).status).toBe(421);
      expect((await list("flowstate.example.org:443")).status).toBe(200);
      expect((await list("FlowState.Example.org")).status).toBe(200);
      expect((await list("flowstate.example.org.evil.example")).status).toBe(421);
      // Without a cookie (and no demo login) a foreign Host is just an anonymous caller: 401, as anywhere.
      expect((await list("evil.example", false)).status).toBe(401);
      // A signal authenticates with its API key, never as a person: the Host does not matter.
      const signal = await rawRequest(base, {
        method: "POST",
        path: "/api/signals/unknown-code",
        headers: { ...json, host: "evil.example", authorization: "Bearer host-sweep-key" },
        body: "{}",
      });
      expect(signal.status).not.toBe(421);
      expect(signal.status).toBeLessThan(500);
    });
  });

  describe("D7/D8: one input normalisation for every route and procedure", () => {
    it("refuses NUL, lone surrogates, over-long strings, non-finite numbers and deep nesting in params, query and body: 400 naming the field, nothing changed", async () => {
      const base = await serve({
        demoActor,
        apiKeys: ["norm-signal-key@signals", "norm-worker-key@handler:*"],
      });
      const before = await tableSnapshot(t.db);
      const trpcPost = (path: string, body: string) =>
        rawRequest(base, { method: "POST", path: `/trpc/${path}`, headers: json, body });
      const deep = (n: number): unknown => (n === 0 ? "x" : { d: deep(n - 1) });
      const trpcCases: [string, Promise<Awaited<ReturnType<typeof rawRequest>>>, string[]][] = [
        [
          "query input with NUL",
          rawRequest(base, {
            method: "GET",
            path: `/trpc/process.get?input=${encodeURIComponent(JSON.stringify({ key: "a\u0000" }))}`,
          }),
          ["key"],
        ],
        [
          "search with NUL",
          rawRequest(base, {
            method: "GET",
            path: `/trpc/instance.list?input=${encodeURIComponent(JSON.stringify({ businessKey: "\u0000" }))}`,
          }),
          ["businessKey"],
        ],
        [
          "lone surrogate",
          trpcPost("instance.start", JSON.stringify({ processKey: "claim", businessKey: "\ud800" })),
          ["businessKey"],
        ],
        [
          "over-long string",
          trpcPost(
            "instance.start",
            JSON.stringify({ processKey: "claim", variables: { v: "a".repeat(100_001) } }),
          ),
          ["variables", "v"],
        ],
        [
          "Infinity (1e400)",
          trpcPost("instance.start", `{"processKey":"claim","variables":{"n":1e400}}`),
          ["variables", "n"],
        ],
        [
          "NUL in a key",
          trpcPost("instance.start", JSON.stringify({ processKey: "claim", variables: { "a\u0000": 1 } })),
          ["variables", "a\ufffd"],
        ],
        [
          "deep nesting",
          trpcPost("instance.start", JSON.stringify({ processKey: "claim", variables: deep(80) })),
          ["variables", ...Array<string>(63).fill("d")],
        ],
      ];
      for (const [label, request, path] of trpcCases) {
        const res = await request;
        expect(res.status, label).toBe(400);
        expect(res.body.error.data.code, label).toBe("BAD_REQUEST");
        expect(res.body.error.data.issues[0].path, label).toEqual(path);
      }
      const rest = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
        rawRequest(base, {
          method,
          path,
          headers: { ...json, ...headers },
          ...(body !== undefined ? { body } : {}),
        });
      const restCases: [string, Promise<Awaited<ReturnType<typeof rawRequest>>>, string][] = [
        [
          "param with NUL",
          rest("POST", "/api/signals/a%00b", "{}", { authorization: "Bearer norm-signal-key" }),
          "params.code",
        ],
        [
          "body with NUL",
          rest("POST", "/api/signals/go", JSON.stringify({ messageId: "m\u0000" }), {
            authorization: "Bearer norm-signal-key",
          }),
          "body.messageId",
        ],
        [
          "body with a lone surrogate",
          rest(
            "POST",
            "/api/auth/login",
            JSON.stringify({ username: "ada\udc00", password: "whatever it is" }),
          ),
          "body.username",
        ],
        ["query with NUL", rest("GET", "/api/health?probe=%00"), "query.probe"],
        [
          "body with 1e400",
          rest("POST", "/api/jobs/1/heartbeat", `{"lockToken":"t","lockDurationMs":1e400}`, {
            authorization: "Bearer norm-worker-key",
          }),
          "body.lockDurationMs",
        ],
        [
          "job id beyond bigint",
          rest("POST", "/api/jobs/9223372036854775808/complete", JSON.stringify({ lockToken: "t" }), {
            authorization: "Bearer norm-worker-key",
          }),
          "params.id",
        ],
      ];
      for (const [label, request, field] of restCases) {
        const res = await request;
        expect(res.status, label).toBe(400);
        expect(res.body.error.code, label).toBe("BAD_REQUEST");
        expect(res.body.error.details.field, label).toBe(field);
        expect(res.body.error.message, label).toContain(field);
      }
      // The largest bigint is a job id like any other: this one does not exist.
      const biggest = await rest(
        "POST",
        "/api/jobs/9223372036854775807/complete",
        JSON.stringify({ lockToken: "t" }),
        { authorization: "Bearer norm-worker-key" },
      );
      expect(biggest.status).toBe(404);
      expect(await tableSnapshot(t.db)).toEqual(before);
    });
  });

  describe("requests Node's HTTP parser refuses", () => {
    it("a URL over 16 KB gets 431 in the one error shape (not Fastify's default body)", async () => {
      const base = await serve({ demoActor });
      const res = await rawRequest(base, {
        method: "GET",
        path: `/trpc/process.get?input=${encodeURIComponent(JSON.stringify({ key: "q".repeat(20_000) }))}`,
      });
      expect(res.status).toBe(431);
      expect(res.body).toEqual({ error: { code: "HEADERS_TOO_LARGE", message: expect.any(String) } });
    });
  });

  describe("500s carry a request id and nothing else", () => {
    it("a procedure and a route failing on a closed database answer with a generic message and the request id; the cause is in the log under it", async () => {
      // A throwaway runtime whose database pool is closed: every query throws a plain Error.
      const db = await openDatabase({ kind: "postgres", url: t.url });
      const runtime = await createRuntime({
        db,
        clock: t.clock,
        publicUrl: "http://127.0.0.1:9",
        worker: false,
      });
      let log = "";
      const logStream = new Writable({
        write(chunk: Buffer, _enc, done) {
          log += chunk.toString();
          done();
        },
      });
      const app = await createServer({
        context: createInnerContext({ db, clock: t.clock, appVersion: "test", rt: runtime.rt }),
        demoActor,
        logLevel: "error",
        logStream,
      });
      const base = await app.listen({ port: 0, host: "127.0.0.1" });
      await runtime.stop();
      // Ending the pool refuses every later query at once; it finishes once the server let go of its listening client.
      const ended = db.pool!.end();

      const trpc = await rawRequest(base, { method: "GET", path: "/trpc/process.list" });
      expect(trpc.status).toBe(500);
      expect(trpc.body.error.message).toBe("internal error");
      expect(trpc.body.error.data.code).toBe("INTERNAL_SERVER_ERROR");
      const trpcId = trpc.body.error.data.requestId as string;
      expect(trpcId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(trpc.body.error.data).sort()).toEqual(["code", "httpStatus", "path", "requestId"]);

      const route = await rawRequest(base, {
        method: "POST",
        path: "/api/auth/login",
        headers: json,
        body: JSON.stringify({ username: "ada", password: "an admin's long password" }),
      });
      expect(route.status).toBe(500);
      expect(route.body).toEqual({
        error: {
          code: "INTERNAL",
          message: "internal error",
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        },
      });
      const routeId = route.body.error.requestId as string;

      for (const res of [trpc, route]) expect(res.text).not.toMatch(/pool|prisma|postgres|stack|at .*\.ts/i);
      // The log has each failure's cause under its request id.
      const lines = log
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { reqId?: string; err?: { message?: string } });
      for (const id of [trpcId, routeId]) {
        const line = lines.find((l) => l.reqId === id && l.err?.message);
        expect(line, id).toBeDefined();
        expect(line!.err!.message).toMatch(/pool|connect|closed|end/i);
      }
      await app.close();
      await ended;
    });
  });
});
