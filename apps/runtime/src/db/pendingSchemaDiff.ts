import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { openSchemaEngine } from "./schemaEngine.ts";
import { applySchemaMigrations, loadSchema } from "./schemaMigrations.ts";
import { prismaDir } from "./paths.ts";

/**
 * The SQL that takes a database from the existing schema migrations to prisma/schema.prisma: the
 * migrations are replayed into a throwaway in-memory PGlite (the shadow database) and the schema
 * engine diffs it against the schema file. Empty (or the engine's "empty migration" comment) when
 * they agree. Used by `pnpm db:diff` and by the test that keeps them in step.
 */
export async function pendingSchemaDiff(): Promise<string> {
  const shadow = new PGlite();
  try {
    const factory = new PrismaPGlite(shadow);
    await applySchemaMigrations(factory);
    const schema = await loadSchema();
    const handle = await openSchemaEngine(factory, schema);
    try {
      const result = await handle.engine.diff({
        from: { tag: "schemaDatasource", files: [schema], configDir: prismaDir },
        to: { tag: "schemaDatamodel", files: [schema] },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      });
      const sql = result.stdout ?? "";
      return /^-- This is an empty migration\.?\s*$/.test(sql.trim()) ? "" : sql;
    } catch (error) {
      throw handle.explain(error);
    } finally {
      handle.close();
    }
  } finally {
    await shadow.close();
  }
}
