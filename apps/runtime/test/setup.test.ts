import { describe, expect, it } from "vitest";
import { issueSetupToken } from "../src/auth/setupToken.ts";
import { fetchJson } from "./support/http.ts";
import { trpcHttp } from "./support/signIn.ts";
import { useTestServer } from "./support/useTestContext.ts";

describe("first start without a configured admin: the one-time setup link", () => {
  const t = useTestServer("setup");
  const setup = (body: unknown) =>
    fetchJson(`${t.base}/api/auth/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("refuses a wrong token and a weak password, creating nothing; the right token creates the admin once and signs them in", async () => {
    const token = await issueSetupToken(t.db);
    expect(await t.db.prisma.setting.count({ where: { value: token } })).toBe(0); // only a digest is kept

    const wrong = await setup({ token: `${token}x`, username: "root", password: "a long admin password" });
    expect(wrong.status).toBe(401);
    const weak = await setup({ token, username: "root", password: "short" });
    expect(weak.status).toBe(400);
    expect(await t.db.prisma.appUser.count()).toBe(0);

    const ok = await setup({ token, username: "root", password: "a long admin password" });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get("set-cookie")!.split(";")[0]!;
    const me = await trpcHttp(t.base, "query", "auth.me", undefined, { cookie });
    expect(me.body.result.data).toMatchObject({ signedIn: true, username: "root", roles: ["admin"] });

    const again = await setup({ token, username: "root2", password: "a long admin password" });
    expect(again.status).toBe(401);
    const fresh = await setup({
      token: await issueSetupToken(t.db),
      username: "root3",
      password: "a long admin password",
    });
    expect(fresh.status).toBe(401); // an admin exists: no link works any more
    expect((await t.db.prisma.appUser.findMany()).map((u) => u.username)).toEqual(["root"]);
    const audited = await t.db.prisma.auditEvent.findMany({
      where: { action: "POST /api/auth/setup" },
      orderBy: { id: "asc" },
    });
    expect(audited.map((a) => a.outcome)).toEqual([
      "unauthenticated",
      "failed",
      "ok",
      "unauthenticated",
      "unauthenticated",
    ]);
  });
});

describe("the setup link under concurrent use", () => {
  const t = useTestServer("setuprace", { rateLimits: { loginPerMinute: 100, apiPerMinute: 600 } });

  it("10 simultaneous requests with the valid token create exactly one admin: one 200, nine 401, all audited", async () => {
    const token = await issueSetupToken(t.db);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetchJson(`${t.base}/api/auth/setup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token, username: `root${i}`, password: "a long admin password" }),
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    expect(await t.db.prisma.appUser.count({ where: { roles: { has: "admin" } } })).toBe(1);
    expect(await t.db.prisma.appUser.count()).toBe(1);
    const winner = answers.find((a) => a.status === 200)!;
    expect((await t.db.prisma.appUser.findFirstOrThrow()).username).toBe(winner.body.username);
    expect(await t.db.prisma.setting.count({ where: { key: "admin_setup_token" } })).toBe(0);
    const audited = await t.db.prisma.auditEvent.findMany({ where: { action: "POST /api/auth/setup" } });
    expect(audited.filter((a) => a.outcome === "ok")).toHaveLength(1);
    expect(audited.filter((a) => a.outcome === "unauthenticated")).toHaveLength(9);
    expect(audited).toHaveLength(10);
  });
});
