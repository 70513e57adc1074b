import pg from "pg";
import { applySchemaMigrations, openDatabase } from "@flowstate/runtime";
import type { Database } from "@flowstate/runtime";

/** Where runtime benchmarks create their scratch databases. */
export const benchPgUrl = process.env.FLOWSTATE_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function urlFor(name: string): string {
  const url = new URL(benchPgUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database on the benchmark server; `drop()` removes it. */
export async function scratchDatabase(
  label: string,
): Promise<{ url: string; db: Database; drop(): Promise<void> }> {
  const name = `flowstate_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: benchPgUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = urlFor(name);
  const db = await openDatabase({ kind: "postgres", url });
  await applySchemaMigrations(db.adapterFactory);
  return {
    url,
    db,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: benchPgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
