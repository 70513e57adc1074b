// `pnpm db:diff <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that takes a database from the existing schema migrations to prisma/schema.prisma
// (`pendingSchemaDiff`: the migrations replayed into a throwaway PGlite, diffed by the schema engine).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pendingSchemaDiff } from "./pendingSchemaDiff.ts";
import { prismaDir } from "./paths.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:diff <name>   (lower-case letters, digits and underscores)");
  process.exit(2);
}

try {
  const sql = await pendingSchemaDiff();
  if (!sql.trim()) {
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
}
