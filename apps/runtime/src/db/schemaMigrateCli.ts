// `pnpm db:migrate`: applies pending schema migrations to the configured database
// (Postgres when DATABASE_URL is set, else the embedded PGlite folder).
import { loadConfig } from "../config/loadConfig.ts";
import { openDatabase } from "./openDatabase.ts";
import { applySchemaMigrations } from "./schemaMigrations.ts";

try {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const applied = await applySchemaMigrations(db.adapterFactory);
    console.log(
      applied.length
        ? `applied ${applied.length} schema migration(s) to ${db.kind} (${db.location}): ${applied.join(", ")}`
        : `${db.kind} (${db.location}) is up to date`,
    );
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`flowstate db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
