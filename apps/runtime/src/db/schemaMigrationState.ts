import type { Database } from "./openDatabase.ts";
import { loadSchemaMigrations } from "./schemaMigrations.ts";

export interface SchemaMigrationState {
  applied: number;
  pending: string[];
  latest: string | null;
  upToDate: boolean;
}

/** Compares `_prisma_migrations` with the migrations on disk. */
export async function schemaMigrationState(db: Database): Promise<SchemaMigrationState> {
  const onDisk = (await loadSchemaMigrations()).migrationDirectories.map((m) => m.path);
  let applied: string[] = [];
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    applied = rows.map((r) => r.migration_name);
  } catch {
    applied = []; // no migrations table yet: nothing applied
  }
  const pending = onDisk.filter((name) => !applied.includes(name));
  return { applied: applied.length, pending, latest: applied.at(-1) ?? null, upToDate: pending.length === 0 };
}
