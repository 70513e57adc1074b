import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { openSchemaEngine } from "./schemaEngine.ts";
import { prismaDir } from "./paths.ts";

/** Reads `prisma/migrations` the way the Prisma CLI does, for the schema engine. */
export async function loadSchemaMigrations(dir = path.join(prismaDir, "migrations")): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(dir, "migration_lock.toml");
  const lock = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lock },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(dir, name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (e: Error) => ({ tag: "error" as const, value: e.message }),
          ),
        },
      })),
    ),
  };
}

export async function loadSchema(): Promise<{ path: string; content: string }> {
  const schemaPath = path.join(prismaDir, "schema.prisma");
  return { path: schemaPath, content: await readFile(schemaPath, "utf8") };
}

/**
 * Applies every pending schema migration (like `prisma migrate deploy`) of `migrations` (default:
 * all of `prisma/migrations`; tests pass a prefix to stop at an earlier schema). Returns the names applied.
 */
export async function applySchemaMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  migrations?: MigrationList,
): Promise<string[]> {
  const handle = await openSchemaEngine(adapterFactory, await loadSchema());
  try {
    const migrationsList = migrations ?? (await loadSchemaMigrations());
    const out = await handle.engine.applyMigrations({
      migrationsList,
      filters: { externalTables: [], externalEnums: [] },
    });
    return out.appliedMigrationNames;
  } catch (error) {
    throw handle.explain(error);
  } finally {
    handle.close();
  }
}
