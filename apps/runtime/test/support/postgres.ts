import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The server used by integration tests (trust auth on these machines). */
export const adminUrl = process.env.FLOWSTATE_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/**
 * One template per checkout (a hash of its path), so two clones or worktrees running their
 * integration suites at the same time never drop each other's template.
 */
export const templateName = `flowstate_it_template_${createHash("sha256")
  .update(fileURLToPath(import.meta.url))
  .digest("hex")
  .slice(0, 10)}`;

export function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

/**
 * A fresh, migrated Postgres database for one test file: a copy of the template the global
 * setup migrated (CREATE DATABASE … TEMPLATE is fast and isolates files from each other).
 */
export async function freshDatabaseUrl(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `flowstate_it_${label.replace(/\W/g, "_").toLowerCase()}_${process.pid}_${counter++}`;
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  });
  return {
    url: urlFor(name),
    drop: () =>
      withAdmin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
