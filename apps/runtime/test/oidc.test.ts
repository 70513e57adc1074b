import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { createServer } from "../src/server/createServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import type { OidcConfig } from "../src/config/oidc.ts";
import { fetchJson } from "./support/http.ts";
import { signIn, trpcHttp } from "./support/signIn.ts";
import { startTestProvider } from "./support/oidcProvider.ts";
import type { TestProvider } from "./support/oidcProvider.ts";

/** A browser's cookies for one site (name → value), kept from Set-Cookie headers by hand. */
class CookieJar {
  readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      const name = pair.slice(0, pair.indexOf("="));
      const expired = /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0(;|$)/i.test(line);
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(pair.indexOf("=") + 1));
    }
  }
  header(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {};
  }
}

async function get(url: string, jar: CookieJar): Promise<Response> {
  const res = await fetch(url, { redirect: "manual", headers: jar.header() });
  jar.store(res);
  return res;
}

const callbackAction = "GET /api/auth/oidc/callback";

describe("OIDC sign-in against a real OpenID Provider (oidc-provider)", () => {
  let t: TestContext;
  let provider: TestProvider;
  let app: FastifyInstance;
  let base: string;
  let settings: OidcConfig;

  beforeAll(async () => {
    t = await createTestContext("oidc");
    provider = await startTestProvider();
    // The callback URL is known once the runtime listens; the settings are read at each sign-in.
    settings = {
      issuer: provider.issuer,
      clientId: "flowstate",
      clientSecret: "a-client-secret-for-tests",
      redirectUrl: "",
      name: "Test IdP",
      scopes: "openid profile email",
      rolesClaim: "roles",
      groupsClaim: "groups",
      defaultRoles: [],
      allowHttp: true,
    };
    app = await createServer({
      context: t.ctx,
      rateLimits: { loginPerMinute: 500, apiPerMinute: 600 },
      oidc: settings,
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    settings.redirectUrl = `${base}/api/auth/oidc/callback`;
    provider.configure({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret!,
      redirectUri: settings.redirectUrl,
    });
    provider.accounts.set("u-alice", {
      preferred_username: "alice",
      email: "alice@example.com",
      name: "Alice Idp",
      roles: ["analyst", "superuser"],
      groups: ["billing"],
    });
    provider.accounts.set("u-bob", {
      preferred_username: "bob",
      name: "Bob",
      roles: "operator Viewer",
      groups: [],
    });
    provider.accounts.set("u-carol", { email: "carol@example.com", roles: ["viewer"] });
    await createUser(t.db, { username: "alice", password: "alice's local password", roles: ["admin"] });
  });
  afterAll(async () => {
    await app?.close();
    await provider?.close();
    await t?.close();
  });

  /**
   * One browser through the code flow: the runtime's /login, the provider (fresh provider session,
   * signing in as `sub`) up to its redirect back, then the callback. Hooks tamper with each hop.
   */
  async function flow(
    sub: string,
    hooks: {
      authUrl?: (url: URL) => void;
      callbackUrl?: (url: URL) => void;
      beforeCallback?: (jar: CookieJar) => void | Promise<void>;
    } = {},
  ): Promise<{ jar: CookieJar; callbackUrl: string; callback: Response; location: string }> {
    const jar = new CookieJar();
    const providerJar = new CookieJar();
    provider.signInAs(sub);
    const login = await get(`${base}/api/auth/oidc/login`, jar);
    expect(login.status).toBe(302);
    const authUrl = new URL(login.headers.get("location")!);
    expect(authUrl.origin).toBe(provider.issuer);
    hooks.authUrl?.(authUrl);
    let next = authUrl.href;
    for (let hop = 0; !next.startsWith(base); hop++) {
      if (hop > 10) throw new Error("the provider never redirected back");
      const res = await get(next, providerJar);
      if (res.status < 300 || res.status >= 400)
        throw new Error(`provider answered ${res.status}: ${await res.text()}`);
      next = new URL(res.headers.get("location")!, next).href;
    }
    const callbackUrl = new URL(next);
    hooks.callbackUrl?.(callbackUrl);
    await hooks.beforeCallback?.(jar);
    const callback = await get(callbackUrl.href, jar);
    expect(callback.status).toBe(302);
    return { jar, callbackUrl: callbackUrl.href, callback, location: callback.headers.get("location")! };
  }

  const counts = async () => ({
    users: await t.db.prisma.appUser.count(),
    sessions: await t.db.prisma.userSession.count(),
    audits: await t.db.prisma.auditEvent.count({ where: { action: callbackAction } }),
  });
  const lastCallbackAudit = () =>
    t.db.prisma.auditEvent.findFirstOrThrow({ where: { action: callbackAction }, orderBy: { id: "desc" } });

  /** A refused callback: back to the login page with the reason, no user, no session, one audit record. */
  async function expectRefused(run: () => Promise<{ location: string; callback: Response }>, reason: string) {
    const before = await counts();
    const { location, callback } = await run();
    expect(location).toBe(`/?oidcError=${reason}`);
    expect(callback.headers.getSetCookie().some((c) => c.startsWith("flowstate_session="))).toBe(false);
    expect(await counts()).toEqual({ ...before, audits: before.audits + 1 });
    const audit = await lastCallbackAudit();
    expect(audit).toMatchObject({ outcome: "unauthenticated", detail: expect.objectContaining({ reason }) });
    return audit;
  }

  it("tells the modeler it is on and the button's label", async () => {
    expect((await fetchJson(`${base}/api/auth/oidc`)).body).toEqual({ enabled: true, name: "Test IdP" });
  });

  it("signs a new user in: created by subject with the known roles of the claims, a session like a password sign-in, one audit record", async () => {
    const before = await counts();
    const { jar, location, callback } = await flow("u-bob");
    expect(location).toBe("/");
    const setCookies = callback.headers.getSetCookie();
    expect(setCookies.find((c) => c.startsWith("flowstate_session="))).toMatch(
      /HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/i,
    );
    expect(jar.cookies.has("flowstate_oidc")).toBe(false); // the flow cookie is spent
    expect(await t.db.prisma.oidcLoginFlow.count()).toBe(0); // and so is the flow

    const user = await t.db.prisma.appUser.findUniqueOrThrow({
      where: { oidcSubject: `${provider.issuer}|u-bob` },
    });
    expect(user).toMatchObject({
      username: "bob",
      displayName: "Bob",
      passwordHash: null,
      roles: ["operator", "viewer"],
      groups: [],
      disabled: false,
    });
    expect(await counts()).toEqual({
      users: before.users + 1,
      sessions: before.sessions + 1,
      audits: before.audits + 1,
    });
    expect(await lastCallbackAudit()).toMatchObject({
      outcome: "ok",
      actorKind: "user",
      actorId: user.id,
      actorName: "bob",
    });

    const me = await trpcHttp(base, "query", "auth.me", undefined, jar.header());
    expect(me.body.result.data).toMatchObject({
      signedIn: true,
      demo: false,
      username: "bob",
      roles: ["operator", "viewer"],
    });
    expect((await trpcHttp(base, "query", "instance.list", {}, jar.header())).status).toBe(200);
    // An OIDC user has no password: the password form cannot sign them in.
    expect(
      (
        await fetchJson(`${base}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "bob", password: "any password at all" }),
        })
      ).status,
    ).toBe(401);
  });

  it("revokes the session of the cookie the OIDC sign-in replaces", async () => {
    const previous = await signIn(base, "alice", "alice's local password");
    expect(
      (await trpcHttp(base, "query", "auth.me", undefined, { cookie: previous.cookie })).body.result.data,
    ).toMatchObject({ signedIn: true, username: "alice" });
    const { jar, location } = await flow("u-bob", {
      beforeCallback: (j) => void j.cookies.set("flowstate_session", previous.cookie.split("=")[1]!),
    });
    expect(location).toBe("/");
    expect(
      (await trpcHttp(base, "query", "auth.me", undefined, { cookie: previous.cookie })).body.result.data,
    ).toMatchObject({ signedIn: false });
    expect(
      (await trpcHttp(base, "query", "auth.me", undefined, jar.header())).body.result.data,
    ).toMatchObject({ signedIn: true, username: "bob" });
    expect(await lastCallbackAudit()).toMatchObject({
      outcome: "ok",
      actorName: "bob",
      detail: expect.objectContaining({ revokedPreviousSession: true }),
    });
  });

  it("signs the same subject in again as the same user, with roles and groups refreshed from the claims", async () => {
    const first = await t.db.prisma.appUser.findUniqueOrThrow({
      where: { oidcSubject: `${provider.issuer}|u-bob` },
    });
    provider.accounts.set("u-bob", {
      preferred_username: "bob-renamed",
      name: "Bob B.",
      roles: ["worker", "nonsense"],
      groups: ["shipping", "billing"],
    });
    const before = await counts();
    const { jar, location } = await flow("u-bob");
    expect(location).toBe("/");
    const again = await t.db.prisma.appUser.findUniqueOrThrow({ where: { id: first.id } });
    expect(again).toMatchObject({
      username: "bob",
      displayName: "Bob B.",
      roles: ["worker"],
      groups: ["shipping", "billing"],
    });
    expect(await counts()).toEqual({
      users: before.users,
      sessions: before.sessions + 1,
      audits: before.audits + 1,
    });
    const me = await trpcHttp(base, "query", "auth.me", undefined, jar.header());
    expect(me.body.result.data).toMatchObject({
      username: "bob",
      roles: ["worker"],
      groups: ["shipping", "billing"],
    });
  });

  it("never takes over a local account with the same username: the provider's alice becomes a new user", async () => {
    const local = await t.db.prisma.appUser.findUniqueOrThrow({ where: { username: "alice" } });
    const { jar, location } = await flow("u-alice");
    expect(location).toBe("/");
    const me = await trpcHttp(base, "query", "auth.me", undefined, jar.header());
    expect(me.body.result.data).toMatchObject({
      username: "alice-2",
      roles: ["analyst"],
      groups: ["billing"],
    });
    expect(await t.db.prisma.appUser.findUniqueOrThrow({ where: { id: local.id } })).toEqual(local);
    const oidcAlice = await t.db.prisma.appUser.findUniqueOrThrow({ where: { username: "alice-2" } });
    expect(oidcAlice.oidcSubject).toBe(`${provider.issuer}|u-alice`);
    expect(oidcAlice.id).not.toBe(local.id);
    // The local alice still signs in with her password, as the admin she is.
    const { cookie } = await signIn(base, "alice", "alice's local password");
    expect((await trpcHttp(base, "query", "auth.me", undefined, { cookie })).body.result.data).toMatchObject({
      username: "alice",
      roles: ["admin"],
    });
  });

  it("lists OIDC users as such, and an admin cannot give them a password (a second way in)", async () => {
    const users = await t.caller.user.list();
    expect(users.find((u) => u.username === "bob")).toMatchObject({ oidc: true });
    expect(users.find((u) => u.username === "alice")).toMatchObject({ oidc: false });
    const bob = users.find((u) => u.username === "bob")!;
    await expect(
      t.caller.user.resetPassword({ id: bob.id, password: "a password for bob!" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/identity provider/) });
    expect((await t.db.prisma.appUser.findUniqueOrThrow({ where: { id: bob.id } })).passwordHash).toBeNull();
  });

  it("takes the username from the email when there is no preferred_username", async () => {
    const { location } = await flow("u-carol");
    expect(location).toBe("/");
    expect(
      await t.db.prisma.appUser.findUniqueOrThrow({ where: { oidcSubject: `${provider.issuer}|u-carol` } }),
    ).toMatchObject({ username: "carol@example.com", roles: ["viewer"] });
  });

  it("refuses a tampered state", async () => {
    await expectRefused(
      () =>
        flow("u-bob", { callbackUrl: (u) => u.searchParams.set("state", `${u.searchParams.get("state")}x`) }),
      "state",
    );
  });

  it("refuses a callback without the browser's flow cookie (a callback from another browser)", async () => {
    const audit = await expectRefused(
      () => flow("u-bob", { beforeCallback: (jar) => void jar.cookies.delete("flowstate_oidc") }),
      "state",
    );
    expect(audit.detail).toMatchObject({ why: "no flow cookie" });
  });

  it("refuses a replayed callback (same browser, same URL) after it signed in once", async () => {
    const first = await flow("u-bob");
    expect(first.location).toBe("/");
    await expectRefused(async () => {
      // The attacker replays everything the browser sent: the URL and the flow cookie.
      const jar = new CookieJar();
      jar.cookies.set("flowstate_oidc", new URL(first.callbackUrl).searchParams.get("state")!);
      const callback = await get(first.callbackUrl, jar);
      return { callback, location: callback.headers.get("location")! };
    }, "state");
  });

  it("refuses a code used before, even inside a fresh flow (the provider's single use, checked by openid-client)", async () => {
    const first = await flow("u-bob");
    const usedCode = new URL(first.callbackUrl).searchParams.get("code")!;
    const audit = await expectRefused(
      () => flow("u-bob", { callbackUrl: (u) => u.searchParams.set("code", usedCode) }),
      "token",
    );
    expect(audit.detail).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses an ID token whose nonce is not the one this flow sent", async () => {
    const audit = await expectRefused(
      () => flow("u-bob", { authUrl: (u) => u.searchParams.set("nonce", "a-nonce-of-the-attacker") }),
      "token",
    );
    expect(audit.detail).toMatchObject({
      code: "OAUTH_JWT_CLAIM_COMPARISON_FAILED",
      claim: "nonce",
      cause: 'unexpected ID Token "nonce" claim value',
    });
  });

  it("refuses when the provider answers with an error (prompt=none without a provider session)", async () => {
    const audit = await expectRefused(
      () => flow("u-bob", { authUrl: (u) => u.searchParams.set("prompt", "none") }),
      "provider",
    );
    expect(audit.detail).toMatchObject({ error: "login_required" });
  });

  it("refuses a flow older than ten minutes", async () => {
    await expectRefused(
      () =>
        flow("u-bob", {
          beforeCallback: () => {
            t.clock.advance(10 * 60 * 1000 + 1);
          },
        }),
      "state",
    );
  });

  it("refuses a disabled user (no session), audited under their name", async () => {
    const bob = await t.db.prisma.appUser.findUniqueOrThrow({
      where: { oidcSubject: `${provider.issuer}|u-bob` },
    });
    await t.db.prisma.appUser.update({ where: { id: bob.id }, data: { disabled: true } });
    const audit = await expectRefused(() => flow("u-bob"), "disabled");
    expect(audit).toMatchObject({ actorName: "bob", actorId: bob.id });
    await t.db.prisma.appUser.update({ where: { id: bob.id }, data: { disabled: false } });
  });

  it("applies the sign-in rate limit: over it, back to the login page, audited", async () => {
    const strict = await createServer({
      context: t.ctx,
      rateLimits: { loginPerMinute: 1, apiPerMinute: 600 },
      oidc: settings,
    });
    try {
      const before = await t.db.prisma.auditEvent.count({
        where: { action: "GET /api/auth/oidc/login", outcome: "rateLimited" },
      });
      const answers = [];
      for (let i = 0; i < 2; i++)
        answers.push(
          await strict.inject({ method: "GET", url: "/api/auth/oidc/login", remoteAddress: "10.9.8.7" }),
        );
      expect(answers[0]!.statusCode).toBe(302);
      expect(answers[1]!.statusCode).toBe(302);
      expect(answers[1]!.headers.location).toBe("/?oidcError=rate_limited");
      expect(
        await t.db.prisma.auditEvent.count({
          where: { action: "GET /api/auth/oidc/login", outcome: "rateLimited" },
        }),
      ).toBe(before + 1);
    } finally {
      await strict.close();
    }
  });

  it("sends the browser back to the login page while the provider cannot be reached, and discovers it once it is back", async () => {
    const late = await startTestProvider(); // answers 503 until configured: a provider that is down
    const server = await createServer({ context: t.ctx, oidc: { ...settings, issuer: late.issuer } });
    try {
      const down = await server.inject({
        method: "GET",
        url: "/api/auth/oidc/login",
        remoteAddress: "10.9.8.6",
      });
      expect(down.statusCode).toBe(302);
      expect(down.headers.location).toBe("/?oidcError=unavailable");
      expect(down.headers["set-cookie"]).toBeUndefined();
      late.configure({
        clientId: settings.clientId,
        clientSecret: settings.clientSecret!,
        redirectUri: settings.redirectUrl,
      });
      const up = await server.inject({
        method: "GET",
        url: "/api/auth/oidc/login",
        remoteAddress: "10.9.8.6",
      });
      expect(up.statusCode).toBe(302);
      expect(new URL(String(up.headers.location)).origin).toBe(late.issuer);
    } finally {
      await server.close();
      await late.close();
    }
  });

  it("is off without configuration: its routes answer 404 and the modeler is told", async () => {
    const off = await createServer({ context: t.ctx });
    try {
      expect((await off.inject({ method: "GET", url: "/api/auth/oidc" })).json()).toEqual({ enabled: false });
      for (const url of ["/api/auth/oidc/login", "/api/auth/oidc/callback?code=x&state=y"]) {
        const res = await off.inject({ method: "GET", url });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
      }
    } finally {
      await off.close();
    }
  });
});
