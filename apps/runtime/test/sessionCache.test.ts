import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { createServer } from "../src/server/createServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import type { Database } from "../src/db/openDatabase.ts";
import { SessionStore } from "../src/auth/SessionStore.ts";
import { fetchJson } from "./support/http.ts";
import { signIn } from "./support/signIn.ts";
import { eventually } from "./support/eventually.ts";

/**
 * The session cache (`auth/sessionCache.ts`): a signed-in request skips the session query while
 * nothing about its session or user changed, and any change — in this process, in another runtime
 * process, or by hand in SQL — takes effect for the next requests.
 */
describe("session cache", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  /** Another runtime process's connection to the same database (its own cache, its own writes). */
  let other: Database;
  let sql: pg.Client;
  let resolveQueries = 0;

  const me = (cookie: string) => fetchJson(`${base}/trpc/auth.me`, { headers: { cookie } });
  const user = async (username: string, roles: ("admin" | "worker" | "viewer")[] = ["worker"]) => {
    await createUser(t.db, { username, password: `${username}-password-long`, roles, groups: [] });
    return (await signIn(base, username, `${username}-password-long`)).cookie;
  };
  /** Who the cookie signs in as now (null: nobody — unknown, revoked or disabled). */
  const signedInAs = async (cookie: string) => {
    const res = await me(cookie);
    expect(res.status).toBe(200);
    const data = res.body.result.data as { signedIn: boolean; username: string | null; roles: string[] };
    return data.signedIn ? data : null;
  };

  beforeAll(async () => {
    t = await createTestContext("sessioncache", new Date());
    // Count the session queries this process sends (the real database answers them).
    const query = t.db.query.bind(t.db);
    t.db.query = ((name: string, text: string, values: unknown[]) => {
      if (name.startsWith("flowstate_resolve_session")) resolveQueries++;
      return query(name, text, values);
    }) as typeof t.db.query;
    app = await createServer({ context: t.ctx, logLevel: "silent" });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    other = await openDatabase({ kind: "postgres", url: t.url });
    sql = new pg.Client({ connectionString: t.url });
    await sql.connect();
  });

  afterAll(async () => {
    await app?.close();
    await sql?.end();
    await other?.close();
    await t?.close();
  });

  it("answers a signed-in request's session from the cache after the first read", async () => {
    const cookie = await user("cached-worker");
    // The cache fills once its LISTEN connection is up (it is, once the server listens).
    await eventually(
      async () => {
        await me(cookie);
        const before = resolveQueries;
        await me(cookie);
        await me(cookie);
        return resolveQueries - before;
      },
      (sent) => sent === 0,
    );
    expect((await signedInAs(cookie))?.username).toBe("cached-worker");
  });

  it("signs out at once in this process (logout, no waiting for the notification)", async () => {
    const cookie = await user("logout-worker");
    expect((await signedInAs(cookie))?.username).toBe("logout-worker");
    const out = await fetchJson(`${base}/api/auth/logout`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBeLessThan(300);
    expect(await signedInAs(cookie)).toBeNull();
  });

  it("drops a session revoked by another runtime process", async () => {
    const cookie = await user("revoked-elsewhere");
    expect((await signedInAs(cookie))?.username).toBe("revoked-elsewhere");
    const { id } = await other.prisma.appUser.findUniqueOrThrow({ where: { username: "revoked-elsewhere" } });
    await new SessionStore({ db: other, clock: t.clock }, 0).revokeAllOf(id);
    await eventually(
      () => signedInAs(cookie),
      (who) => who === null,
    );
  });

  it("follows a change made by hand in SQL: disabled user signed out, new roles seen", async () => {
    const roles = await user("sql-changed");
    expect((await signedInAs(roles))?.roles).toEqual(["worker"]);
    await sql.query(`UPDATE app_user SET roles = '{viewer}' WHERE username = 'sql-changed'`);
    await eventually(
      async () => (await signedInAs(roles))?.roles,
      (r) => JSON.stringify(r) === JSON.stringify(["viewer"]),
    );
    await sql.query(`UPDATE app_user SET disabled = true WHERE username = 'sql-changed'`);
    await eventually(
      () => signedInAs(roles),
      (who) => who === null,
    );
  });

  it("empties itself when its LISTEN connection is lost, and listens again", async () => {
    const cookie = await user("through-a-reconnect");
    expect((await signedInAs(cookie))?.username).toBe("through-a-reconnect");
    const listeners = () =>
      sql.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN flowstate_auth'`,
      );
    const [first] = (await listeners()).rows;
    expect(first).toBeDefined();
    await sql.query(`SELECT pg_terminate_backend($1)`, [first!.pid]);
    // A new listening connection replaces the terminated one...
    await eventually(
      async () => (await listeners()).rows.map((r) => r.pid),
      (pids) => pids.length > 0 && !pids.includes(first!.pid),
    );
    // ...the session is cached again...
    await eventually(
      async () => {
        await signedInAs(cookie);
        const before = resolveQueries;
        await signedInAs(cookie);
        return resolveQueries - before;
      },
      (sent) => sent === 0,
    );
    // ...and changes are heard again.
    await sql.query(`UPDATE app_user SET disabled = true WHERE username = 'through-a-reconnect'`);
    await eventually(
      () => signedInAs(cookie),
      (who) => who === null,
    );
  });
});
