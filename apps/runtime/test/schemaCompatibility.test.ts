import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { freshDatabaseUrl } from "./support/postgres.ts";
import { runRuntimeToExit, startRuntime } from "./support/startRuntime.ts";
import { fetchJson } from "./support/http.ts";

/**
 * A runtime started on a database schema it cannot work with says so in ONE line and exits
 * non-zero at boot (not by failing later): a newer release's contract migration (a removal), or a
 * migration it needs that is missing while it does not apply migrations. A newer release's expand
 * (additive) migration is fine: that is how two releases run side by side (blue-green).
 */
describe("runtime start-up on a schema it cannot work with", () => {
  const dropped: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const drop of dropped.splice(0)) await drop();
  });

  /** A fresh migrated database, changed by `sql` on `_prisma_migrations`. */
  async function database(sql: string): Promise<string> {
    const fresh = await freshDatabaseUrl("schemacompat");
    dropped.push(fresh.drop);
    const c = new pg.Client({ connectionString: fresh.url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
    return fresh.url;
  }
  const applied = (name: string) =>
    `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
     VALUES (gen_random_uuid()::text, 'x', now(), '${name}', now(), 1)`;

  const refusals: [string, string, Record<string, string>, RegExp][] = [
    [
      "a newer release's contract migration",
      applied("29990101000000_contract_drop_something"),
      {},
      /^flowstate: the database schema has migration 29990101000000_contract_drop_something, which removes what this build uses \(it knows migrations up to \d+_\w+\): run the release that applied it, or a newer one$/,
    ],
    [
      "a missing migration while it does not apply migrations",
      `DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`,
      { FLOWSTATE_AUTO_SCHEMA_MIGRATION: "false" },
      /^flowstate: the database schema lacks 1 migration\(s\) this build needs, the first \d+_\w+ \(FLOWSTATE_AUTO_SCHEMA_MIGRATION=false\): apply them with "pnpm db:migrate" first$/,
    ],
  ];

  it.each(refusals)("refuses %s: one line, exit code ≠ 0", async (_label, sql, env, pattern) => {
    const url = await database(sql);
    const result = await runRuntimeToExit({ DATABASE_URL: url, ...env });
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });

  it("runs beside a newer release's expand migration (blue-green), saying so once", async () => {
    const url = await database(applied("29990101000000_add_something"));
    const runtime = await startRuntime({ DATABASE_URL: url });
    try {
      expect(runtime.output()).toMatch(
        /flowstate: the database has 1 newer \(expand\) schema migration\(s\) this build does not know; running beside them/,
      );
      expect((await fetchJson(`${runtime.url}/api/health`)).body).toMatchObject({ ok: true });
    } finally {
      expect(await runtime.stop("SIGTERM")).toBe(0);
    }
  });
});
