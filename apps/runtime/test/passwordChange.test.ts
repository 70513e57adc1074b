import { describe, expect, it } from "vitest";
import { createServer } from "../src/server/createServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { fetchJson } from "./support/http.ts";
import { signIn, trpcHttp } from "./support/signIn.ts";
import { useTestServer } from "./support/useTestContext.ts";

// Password change (own, with the current password) and an admin's reset, over real HTTP.

describe("password change and reset", () => {
  const t = useTestServer(
    "password_change",
    { rateLimits: { loginPerMinute: 100, apiPerMinute: 600 } },
    async (t) => {
      await createUser(t.db, { username: "walt", password: original, roles: ["worker"] });
      await createUser(t.db, { username: "vera", password: original, roles: ["viewer"] });
      await createUser(t.db, { username: "root", password: original, roles: ["admin"] });
      await createUser(t.db, { username: "adele", password: original, roles: ["admin"] });
    },
  );
  const original = "the original password";
  const changed = "a brand new passphrase";

  const change = (cookie: string, body: unknown) =>
    fetchJson(`${t.base}/api/auth/password`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
  const signedIn = async (cookie: string) =>
    (await trpcHttp(t.base, "query", "auth.me", undefined, { cookie })).body.result.data.signedIn as boolean;
  const login = (username: string, password: string) =>
    fetchJson(`${t.base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
  const records = (username: string) =>
    t.db.prisma.auditEvent.findMany({
      where: { action: "POST /api/auth/password", actorName: username },
      orderBy: { id: "asc" },
    });

  it("refuses a wrong current password (403, audited) and changes nothing", async () => {
    const { cookie } = await signIn(t.base, "walt", original);
    const other = await signIn(t.base, "walt", original);
    const hashBefore = (await t.db.prisma.appUser.findUniqueOrThrow({ where: { username: "walt" } }))
      .passwordHash;
    const refused = await change(cookie, { currentPassword: "not the password", newPassword: changed });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: { code: "WRONG_PASSWORD", message: "the current password is wrong" },
    });
    expect((await t.db.prisma.appUser.findUniqueOrThrow({ where: { username: "walt" } })).passwordHash).toBe(
      hashBefore,
    );
    expect(await signedIn(other.cookie)).toBe(true);
    const audit = await records("walt");
    expect(audit.map((r) => [r.outcome, (r.detail as { reason?: string } | null)?.reason])).toEqual([
      ["denied", "wrong current password"],
    ]);
    expect(JSON.stringify(audit.map((r) => ({ ...r, id: String(r.id) })))).not.toContain("not the password");
  });

  it("enforces the account policy on the new password", async () => {
    const { cookie } = await signIn(t.base, "vera", original);
    const short = await change(cookie, { currentPassword: original, newPassword: "short" });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe("BAD_REQUEST");
    expect((await login("vera", original)).status).toBe(200);
  });

  it("changes the password, keeps this session and revokes the user's other sessions", async () => {
    const mine = await signIn(t.base, "walt", original);
    const elsewhere = await signIn(t.base, "walt", original);
    const bystander = await signIn(t.base, "vera", original);
    const ok = await change(mine.cookie, { currentPassword: original, newPassword: changed });
    expect(ok.status).toBe(200);
    expect(ok.body.changed).toBe(true);
    expect(ok.body.revokedSessions).toBeGreaterThanOrEqual(1);
    expect(await signedIn(mine.cookie)).toBe(true);
    expect(await signedIn(elsewhere.cookie)).toBe(false);
    expect(await signedIn(bystander.cookie)).toBe(true);
    expect((await login("walt", original)).status).toBe(401);
    expect((await login("walt", changed)).status).toBe(200);
    expect((await records("walt")).at(-1)).toMatchObject({ outcome: "ok" });
  });

  it("refuses anonymous callers and rate limits attempts like sign-in", async () => {
    const anonymous = await fetchJson(`${t.base}/api/auth/password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: "x", newPassword: changed }),
    });
    expect(anonymous.status).toBe(401);
    // A server with sign-in's limit at 3 a minute (per address and user): the 4th attempt is refused.
    const strict = await createServer({
      context: t.ctx,
      rateLimits: { loginPerMinute: 3, apiPerMinute: 600 },
    });
    const strictBase = await strict.listen({ port: 0, host: "127.0.0.1" });
    try {
      const { cookie } = await signIn(strictBase, "root", original);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetchJson(`${strictBase}/api/auth/password`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie },
          body: JSON.stringify({ currentPassword: `guess ${i}`, newPassword: changed }),
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([403, 403, 429]);
    } finally {
      await strict.close();
    }
    expect((await records("root")).some((r) => r.outcome === "rateLimited")).toBe(true);
  });

  it("an admin resets another user's password, which signs that user out everywhere", async () => {
    const admin = await signIn(t.base, "adele", original);
    const victim = await signIn(t.base, "vera", original);
    const vera = await t.db.prisma.appUser.findUniqueOrThrow({ where: { username: "vera" } });
    const resetPassword = (cookie: string, password: string) =>
      trpcHttp(t.base, "mutation", "user.resetPassword", { id: vera.id, password }, { cookie });
    const reset = await resetPassword(admin.cookie, "reset by the admin");
    expect(reset.status).toBe(200);
    expect(reset.body.result.data).toMatchObject({ id: vera.id, revokedSessions: expect.any(Number) });
    expect(await signedIn(victim.cookie)).toBe(false);
    expect((await login("vera", "reset by the admin")).status).toBe(200);
    const viewer = await signIn(t.base, "vera", "reset by the admin");
    const refused = await resetPassword(viewer.cookie, "another password!");
    expect(refused.status).toBe(403);
  });
});
