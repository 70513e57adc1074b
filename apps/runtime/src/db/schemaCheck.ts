import type { Database } from "./openDatabase.ts";
import { SchemaIncompatibleError, schemaCompatibility } from "./schemaCompatibility.ts";
import { loadSchemaMigrations } from "./schemaMigrations.ts";

/**
 * At start-up, before anything else touches the database: refuses (`SchemaIncompatibleError`, one
 * line) a schema this build cannot work with (`schemaCompatibility`). Returns the migrations a
 * newer release applied that this build does not know (expand migrations: fine, said at boot).
 */
export async function checkSchemaCompatibility(db: Database, appliesPending: boolean): Promise<string[]> {
  const known = (await loadSchemaMigrations()).migrationDirectories.map((m) => m.path).sort();
  let applied: string[];
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    applied = []; // a new database: no migrations table yet
  }
  const verdict = schemaCompatibility(known, applied, appliesPending);
  if (!verdict.ok) throw new SchemaIncompatibleError(verdict.message);
  return verdict.newer;
}
