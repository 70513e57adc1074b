import { describe, expect, it } from "vitest";
import { createServer } from "../src/server/createServer.ts";
import { createUser, ensureAdmin } from "../src/auth/userAccounts.ts";
import { hashPassword, verifyPassword } from "../src/auth/passwordHash.ts";
import { fetchJson } from "./support/http.ts";
import { signIn, trpcHttp } from "./support/signIn.ts";
import { useTestServer } from "./support/useTestContext.ts";

describe("users and sessions", () => {
  const t = useTestServer("sessions", { sessionTtlMs: 60 * 60 * 1000 }, async (t) => {
    await createUser(t.db, { username: "ana", password, roles: ["analyst"] });
    await createUser(t.db, { username: "olga", password, roles: ["operator"] });
  });
  const password = "correct horse battery";

  it("hashes passwords with scrypt: salted, verifiable, never the password itself", async () => {
    const a = await hashPassword("s3cret-password!");
    const b = await hashPassword("s3cret-password!");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cret");
    expect(await verifyPassword("s3cret-password!", a)).toBe(true);
    expect(await verifyPassword("s3cret-password?", a)).toBe(false);
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
    const row = await t.db.prisma.appUser.findUniqueOrThrow({ where: { username: "ana" } });
    expect(row.passwordHash).not.toContain(password);
  });

  it("signs in with a HttpOnly SameSite=Lax cookie whose token is stored only as a digest", async () => {
    const { cookie, setCookie } = await signIn(t.base, "ana", password);
    expect(setCookie).toMatch(/^flowstate_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    const token = cookie.split("=")[1]!;
    expect(await t.db.prisma.userSession.count({ where: { id: token } })).toBe(0);
    const me = await trpcHttp(t.base, "query", "auth.me", undefined, { cookie });
    expect(me.body.result.data).toMatchObject({
      signedIn: true,
      demo: false,
      username: "ana",
      roles: ["analyst"],
    });
    expect(me.body.result.data.allowed).toContain("version.publish");
    expect(me.body.result.data.allowed).not.toContain("migration.start");
  });

  it("refuses wrong passwords and unknown users alike (401), and sets no cookie nor session", async () => {
    const sessionsBefore = await t.db.prisma.userSession.count();
    for (const body of [
      { username: "ana", password: "wrong password!!" },
      { username: "nobody", password },
    ]) {
      const res = await fetchJson(`${t.base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: "UNAUTHENTICATED", message: "wrong username or password" });
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect(await t.db.prisma.userSession.count()).toBe(sessionsBefore);
  });

  it("without a session only public procedures answer (401 otherwise)", async () => {
    expect((await trpcHttp(t.base, "query", "process.list", {})).status).toBe(401);
    expect((await trpcHttp(t.base, "query", "auth.me", undefined)).body.result.data).toMatchObject({
      signedIn: false,
      username: null,
    });
    expect((await fetchJson(`${t.base}/api/health`)).status).toBe(200);
  });

  it("logout revokes the session: the same cookie no longer works", async () => {
    const { cookie } = await signIn(t.base, "olga", password);
    expect((await trpcHttp(t.base, "query", "instance.list", {}, { cookie })).status).toBe(200);
    const out = await fetchJson(`${t.base}/api/auth/logout`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await trpcHttp(t.base, "query", "instance.list", {}, { cookie })).status).toBe(401);
    const sessions = await t.db.prisma.userSession.findMany({ where: { user: { username: "olga" } } });
    expect(sessions.every((s) => s.revokedAt !== null)).toBe(true);
  });

  it("a new sign-in revokes the session of the cookie it replaces (same user or another one)", async () => {
    const first = await signIn(t.base, "ana", password);
    const login = (username: string, cookie: string) =>
      fetchJson(`${t.base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ username, password }),
      });
    const again = await login("ana", first.cookie);
    expect(again.status).toBe(200);
    const second = again.headers.get("set-cookie")!.split(";")[0]!;
    expect(
      (await trpcHttp(t.base, "query", "auth.me", undefined, { cookie: first.cookie })).body.result.data,
    ).toMatchObject({ signedIn: false });
    expect(
      (await trpcHttp(t.base, "query", "auth.me", undefined, { cookie: second })).body.result.data,
    ).toMatchObject({ signedIn: true, username: "ana" });
    // Another user signing in on the same browser replaces ana's session: hers is revoked too.
    const other = await login("olga", second);
    expect(other.status).toBe(200);
    expect(
      (await trpcHttp(t.base, "query", "auth.me", undefined, { cookie: second })).body.result.data,
    ).toMatchObject({ signedIn: false });
    expect(
      await t.db.prisma.auditEvent.count({
        where: {
          action: "POST /api/auth/login",
          outcome: "ok",
          detail: { path: ["revokedPreviousSession"], equals: true },
        },
      }),
    ).toBe(2);
  });

  it("a session expires after its lifetime", async () => {
    const { cookie } = await signIn(t.base, "olga", password);
    expect((await trpcHttp(t.base, "query", "instance.list", {}, { cookie })).status).toBe(200);
    t.clock.advance(60 * 60 * 1000 + 1);
    expect((await trpcHttp(t.base, "query", "instance.list", {}, { cookie })).status).toBe(401);
  });

  it("disabling a user revokes their sessions at once", async () => {
    const user = await createUser(t.db, { username: "dave", password, roles: ["viewer"] });
    const { cookie } = await signIn(t.base, "dave", password);
    expect((await trpcHttp(t.base, "query", "process.list", {}, { cookie })).status).toBe(200);
    await t.caller.user.setDisabled({ id: user.id, disabled: true });
    expect((await trpcHttp(t.base, "query", "process.list", {}, { cookie })).status).toBe(401);
    const again = await fetchJson(`${t.base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "dave", password }),
    });
    expect(again.status).toBe(401);
  });

  it("creates the first admin from the environment once; refuses weak passwords and taken names, changing nothing", async () => {
    expect(await ensureAdmin(t.db, undefined)).toBe("missing");
    expect(await ensureAdmin(t.db, { username: "root", password: "a long admin password" })).toBe("created");
    expect(await ensureAdmin(t.db, { username: "root2", password: "a long admin password" })).toBe("exists");
    const count = await t.db.prisma.appUser.count();
    await expect(
      t.caller.user.create({ username: "weak", password: "short", roles: ["viewer"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      t.caller.user.create({ username: "ana", password: "another long password", roles: ["viewer"] }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.db.prisma.appUser.count()).toBe(count);
  });

  it("a secure deployment names the cookie __Host- and marks it Secure", async () => {
    const secure = await createServer({ context: t.ctx, secureCookies: true });
    try {
      const res = await secure.inject({
        method: "POST",
        url: "/api/auth/login",
        headers: { "content-type": "application/json" },
        payload: { username: "ana", password },
      });
      expect(res.statusCode).toBe(200);
      const setCookie = String(res.headers["set-cookie"]);
      expect(setCookie).toMatch(/^__Host-flowstate_session=/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
    } finally {
      await secure.close();
    }
  });
});
