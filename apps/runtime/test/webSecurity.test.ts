import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { createServer } from "../src/server/createServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { fetchJson } from "./support/http.ts";
import { signIn } from "./support/signIn.ts";
import { loadConfig } from "../src/config/loadConfig.ts";

describe("web hardening: CSRF, security headers, size limits, log redaction", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let cookie: string;
  let log = "";
  const password = "an analyst's long password";

  beforeAll(async () => {
    t = await createTestContext("websec");
    await createUser(t.db, { username: "ana", password, roles: ["analyst"] });
    const logStream = new Writable({
      write(chunk: Buffer, _enc, done) {
        log += chunk.toString();
        done();
      },
    });
    app = await createServer({
      context: t.ctx,
      bodyLimit: 64 * 1024,
      logLevel: "info",
      logStream,
      apiKeys: ["signal-secret-key"],
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    cookie = (await signIn(base, "ana", password)).cookie;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const processCount = () => t.db.prisma.process.count();
  const create = (key: string) => JSON.stringify({ key, name: key });

  it("accepts a same-origin JSON mutation with the session cookie (the control case)", async () => {
    const res = await fetchJson(`${base}/trpc/process.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: base },
      body: create("control"),
    });
    expect(res.status).toBe(200);
    expect(await t.db.prisma.process.count({ where: { key: "control" } })).toBe(1);
  });

  it("refuses form-urlencoded, multipart and text/plain bodies with a valid session cookie: 0 accepted", async () => {
    const before = await processCount();
    const form = new FormData();
    form.set("key", "csrf-multipart");
    const attempts: [string, RequestInit][] = [
      [
        "form-urlencoded",
        { body: new URLSearchParams({ key: "csrf-form", name: "x" }), headers: { cookie } },
      ],
      ["multipart", { body: form, headers: { cookie } }],
      ["text/plain", { body: create("csrf-text"), headers: { cookie, "content-type": "text/plain" } }],
      ["no content type", { body: new Blob([create("csrf-none")]), headers: { cookie } }],
    ];
    for (const [label, init] of attempts) {
      const res = await fetchJson(`${base}/trpc/process.create`, { method: "POST", ...init });
      expect(res.status, label).toBe(415);
      expect(res.body.error.code, label).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    const logout = await fetchJson(`${base}/api/auth/logout`, {
      method: "POST",
      headers: { cookie, "content-type": "text/plain" },
      body: "{}",
    });
    expect(logout.status).toBe(415);
    expect(await processCount()).toBe(before);
    expect((await t.db.prisma.userSession.findMany()).every((s) => s.revokedAt === null)).toBe(true);
  });

  it("refuses a foreign Origin and cross-site fetch metadata even with JSON and a valid cookie: 0 accepted", async () => {
    const before = await processCount();
    const auditBefore = await t.db.prisma.auditEvent.count({ where: { outcome: "denied" } });
    const foreign = await fetchJson(`${base}/trpc/process.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: "https://evil.example" },
      body: create("csrf-origin"),
    });
    expect(foreign.status).toBe(403);
    const crossSite = await fetchJson(`${base}/trpc/process.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "sec-fetch-site": "cross-site" },
      body: create("csrf-site"),
    });
    expect(crossSite.status).toBe(403);
    const nullOrigin = await fetchJson(`${base}/trpc/process.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: "null" },
      body: create("csrf-null"),
    });
    expect(nullOrigin.status).toBe(403);
    expect(await processCount()).toBe(before);
    expect(await t.db.prisma.auditEvent.count({ where: { outcome: "denied" } })).toBe(auditBefore + 3);
  });

  it("refuses mutations sent as GET: 0 accepted", async () => {
    const before = await processCount();
    const res = await fetchJson(
      `${base}/trpc/process.create?input=${encodeURIComponent(create("csrf-get"))}`,
      { headers: { cookie } },
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await processCount()).toBe(before);
  });

  it("sends security headers: CSP without inline scripts, no framing, nosniff, no referrer", async () => {
    const res = await fetch(`${base}/api/health`);
    const csp = res.headers.get("content-security-policy") ?? "";
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
    expect(scriptSrc).toBe("'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/default-src[^;]*unsafe/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("limits request bodies on tRPC too (413), changing nothing", async () => {
    const before = await processCount();
    const res = await fetchJson(`${base}/trpc/process.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ key: "big", name: "x".repeat(70_000) }),
    });
    expect(res.status).toBe(413);
    expect(await processCount()).toBe(before);
  });

  it("answers a malformed percent-encoding in a /trpc path with 400 and the typed error, not 500", async () => {
    for (const method of ["POST", "GET"]) {
      const res = await fetchJson(`${base}/trpc/instance.start%E0%A4%A,process.create?batch=1`, {
        method,
        ...(method === "POST"
          ? { headers: { "content-type": "application/json", cookie }, body: "{}" }
          : { headers: { cookie } }),
      });
      expect(res.status, method).toBe(400);
      expect(res.body.error.code, method).toBe("BAD_REQUEST");
    }
  });

  it("never writes session cookies, API keys, passwords, callback tokens or the setup link's token to the log", async () => {
    await fetchJson(`${base}/api/signals/some.code`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer signal-secret-key", cookie },
      body: "{}",
    });
    await fetchJson(`${base}/api/callbacks/secret-task-token-value`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await fetchJson(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "ana", password }),
    });
    await fetch(`${base}/api/auth/oidc/callback?code=secret-oidc-code&state=secret-oidc-state`, {
      redirect: "manual",
    });
    await fetch(`${base}/setup?token=secret-setup-token`);
    await fetch(`${base}/somewhere?a=1&token=secret-other-token`);
    expect(log).toContain("/api/signals/some.code");
    expect(log).toContain("/setup?[redacted]");
    expect(log).toContain("/somewhere?a=1&token=[redacted]");
    expect(log).toContain("/api/callbacks/[redacted]");
    expect(log).toContain("/api/auth/oidc/callback?[redacted]");
    const token = cookie.split("=")[1]!;
    for (const secret of [
      token,
      "signal-secret-key",
      "secret-task-token-value",
      password,
      "secret-oidc-code",
      "secret-oidc-state",
      "secret-setup-token",
      "secret-other-token",
    ])
      expect(log).not.toContain(secret);
  });
});

describe("FLOWSTATE_TRUST_PROXY: the client address behind a reverse proxy", () => {
  let t: TestContext;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    t = await createTestContext("trustproxy");
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t?.close();
  });

  /** A server configured as `FLOWSTATE_TRUST_PROXY=<value>` would configure it (undefined = unset). */
  async function serve(value: string | undefined): Promise<string> {
    const config = loadConfig({
      DATABASE_URL: t.url,
      ...(value === undefined ? {} : { FLOWSTATE_TRUST_PROXY: value }),
    });
    const app = await createServer({ context: t.ctx, trustProxy: config.trustProxy });
    apps.push(app);
    return app.listen({ port: 0, host: "127.0.0.1" });
  }
  /** A failed sign-in as `username` (audited with the request's address) sent with a forwarded-for header. */
  async function auditedIp(base: string, username: string): Promise<string | null> {
    const res = await fetchJson(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7" },
      body: JSON.stringify({ username, password: "not the password" }),
    });
    expect(res.status).toBe(401);
    return (
      await t.db.prisma.auditEvent.findFirstOrThrow({
        where: { actorName: username, action: "POST /api/auth/login" },
      })
    ).ip;
  }

  it("with the proxy trusted, X-Forwarded-For is the audited address", async () => {
    expect(await auditedIp(await serve("127.0.0.1"), "behind-proxy")).toBe("203.0.113.7");
    expect(await auditedIp(await serve("loopback"), "behind-proxy-2")).toBe("203.0.113.7");
  });

  it("unset, or when the peer is not a trusted proxy, X-Forwarded-For is ignored: a client cannot spoof its audited address", async () => {
    expect(await auditedIp(await serve(undefined), "spoofer")).toBe("127.0.0.1");
    expect(await auditedIp(await serve("false"), "spoofer-2")).toBe("127.0.0.1");
    expect(await auditedIp(await serve("10.0.0.0/8"), "spoofer-3")).toBe("127.0.0.1");
  });
});
