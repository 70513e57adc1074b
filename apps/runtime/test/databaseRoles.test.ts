import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { adminUrl, withAdmin } from "./support/postgres.ts";
import { startRuntime } from "./support/startRuntime.ts";
import type { RunningRuntime } from "./support/startRuntime.ts";
import { fetchJson } from "./support/http.ts";
import { signIn, trpcHttp } from "./support/signIn.ts";

// The hardened deployment of docs/security.md ("Hardened deployment"): schema migrations as the schema's owner
// (FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL), the runtime as a role with only the grants it needs.
const suffix = `${process.pid}_${Date.now() % 1_000_000}`;
const ownerRole = `fs_it_owner_${suffix}`;
const appRole = `fs_it_app_${suffix}`;
const database = `flowstate_it_roles_${suffix}`;

function urlAs(user: string): string {
  const url = new URL(adminUrl);
  url.username = user;
  url.password = "";
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(user: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlAs(user) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The error message of `sql` run as `user` (undefined when it succeeds). */
const failure = (user: string, sql: string) =>
  withClient(user, (c) =>
    c.query(sql).then(
      () => undefined,
      (e: Error) => e.message,
    ),
  );

describe("hardened deployment: migrations as the owner, the runtime as a restricted role", () => {
  let runtime: RunningRuntime | undefined;

  beforeAll(async () => {
    await withAdmin(async (c) => {
      await c.query(`CREATE ROLE ${ownerRole} LOGIN`);
      await c.query(`CREATE ROLE ${appRole} LOGIN`);
      await c.query(`CREATE DATABASE ${database} OWNER ${ownerRole}`);
    });
    // Before the first migration, as the owner (the statements of docs/security.md).
    await withClient(ownerRole, async (c) => {
      await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
      await c.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${appRole}`,
      );
      await c.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${appRole}`,
      );
    });
  });
  afterAll(async () => {
    await runtime?.stop();
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${appRole}`);
      await c.query(`DROP ROLE IF EXISTS ${ownerRole}`);
    });
  });

  it("boots and migrates through the owner's URL, then works as the restricted role, which can INSERT audit records but not UPDATE, DELETE, TRUNCATE or disable the trigger", async () => {
    const password = "the first admin's password";
    runtime = await startRuntime({
      DATABASE_URL: urlAs(appRole),
      FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL: urlAs(ownerRole),
      FLOWSTATE_DEMO: "false",
      FLOWSTATE_DEMO_LOGIN: "false",
      FLOWSTATE_ADMIN_USERNAME: "root",
      FLOWSTATE_ADMIN_PASSWORD: password,
    });
    expect(runtime.output()).toMatch(
      new RegExp(`applied schema migrations .* as postgres(ql)?://${ownerRole}@`),
    );
    // The tables belong to the owner, not to the role the runtime connects as.
    const owners = await withClient(ownerRole, (c) =>
      c.query<{ tableowner: string }>(
        `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`,
      ),
    );
    expect(owners.rows.map((r) => r.tableowner)).toEqual([ownerRole]);

    // After migrating, as the owner: the audit log and the migration history are read/append-only for the app.
    await withClient(ownerRole, async (c) => {
      await c.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${appRole}`);
      await c.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _prisma_migrations FROM ${appRole}`);
    });

    // The runtime works with its grants: health (reads _prisma_migrations), sign-in, a mutation — each audited.
    expect((await fetchJson(`${runtime.url}/api/health`)).body).toMatchObject({ ok: true });
    const { cookie } = await signIn(runtime.url, "root", password);
    expect(
      (
        await trpcHttp(
          runtime.url,
          "mutation",
          "process.create",
          { key: "granted", name: "Granted" },
          { cookie },
        )
      ).status,
    ).toBe(200);
    const audited = await withClient(appRole, (c) =>
      c.query<{ action: string }>(`SELECT action FROM audit_event WHERE outcome = 'ok' ORDER BY id`),
    );
    expect(audited.rows.map((r) => r.action)).toEqual(["POST /api/auth/login", "process.create"]);

    expect(
      await failure(
        appRole,
        `INSERT INTO audit_event (at, actor_kind, actor_name, action, outcome) VALUES (now(), 'system', 'test', 'test.insert', 'ok')`,
      ),
    ).toBeUndefined();
    expect(await failure(appRole, `UPDATE audit_event SET outcome = 'denied'`)).toMatch(
      /permission denied for table audit_event/,
    );
    expect(await failure(appRole, `DELETE FROM audit_event`)).toMatch(
      /permission denied for table audit_event/,
    );
    expect(await failure(appRole, `TRUNCATE audit_event`)).toMatch(/permission denied for table audit_event/);
    expect(
      await failure(appRole, `ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`),
    ).toMatch(/must be owner of (table|relation) audit_event/);
    expect(await failure(appRole, `ALTER TABLE audit_event DISABLE TRIGGER ALL`)).toMatch(
      /must be owner of (table|relation) audit_event/,
    );
    expect(await failure(appRole, `DROP TRIGGER audit_event_no_update_delete ON audit_event`)).toMatch(
      /must be owner of (table|relation) audit_event/,
    );
    expect(await failure(appRole, `CREATE TABLE sneaky (id int)`)).toMatch(
      /permission denied for schema public/,
    );
    // And the owner still cannot rewrite it without first disabling the trigger on purpose.
    expect(await failure(ownerRole, `DELETE FROM audit_event`)).toMatch(/append-only/);
    const count = await withClient(appRole, (c) =>
      c.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_event`),
    );
    expect(Number(count.rows[0]!.n)).toBeGreaterThanOrEqual(3);
  });
});
