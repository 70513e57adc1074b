// `pnpm db:diff <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that takes a database from the existing schema migrations to prisma/schema.prisma.
// It replays the existing schema migrations into a throwaway in-memory PGlite (our shadow database)
// and asks the schema engine to diff that database against the schema file.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { openSchemaEngine } from "./schemaEngine.ts";
import { applySchemaMigrations, loadSchema } from "./schemaMigrations.ts";
import { prismaDir } from "./paths.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:diff <name>   (lower-case letters, digits and underscores)");
  process.exit(2);
}

const shadow = new PGlite();
try {
  const factory = new PrismaPGlite(shadow);
  await applySchemaMigrations(factory);
  const schema = await loadSchema();
  const handle = await openSchemaEngine(factory, schema);
  let sql: string;
  try {
    const result = await handle.engine.diff({
      from: { tag: "schemaDatasource", files: [schema], configDir: prismaDir },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    sql = result.stdout ?? "";
  } catch (error) {
    throw handle.explain(error);
  } finally {
    handle.close();
  }
  if (!sql.trim() || /^-- This is an empty migration\.?\s*$/.test(sql.trim())) {
    console.log("schema.prisma matches the schema migrations: nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(prismaDir, "migrations", `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    await writeFile(path.join(prismaDir, "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
    console.log(`wrote ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}`);
  }
} catch (error) {
  console.error(`flowstate db:diff: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await shadow.close();
}
