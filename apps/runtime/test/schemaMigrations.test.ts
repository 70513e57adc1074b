import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { describe, expect, it } from "vitest";
import { applySchemaMigrations, loadSchemaMigrations, loadSchema } from "../src/db/schemaMigrations.ts";
import { openSchemaEngine } from "../src/db/schemaEngine.ts";
import { prismaDir } from "../src/db/paths.ts";

describe("migrations through the WebAssembly schema engine", () => {
  it("apply on PGlite, then a second run applies nothing", async () => {
    const db = new PGlite();
    try {
      const names = (await loadSchemaMigrations()).migrationDirectories.map((m) => m.path);
      expect(await applySchemaMigrations(new PrismaPGlite(db))).toEqual(names);
      expect(await applySchemaMigrations(new PrismaPGlite(db))).toEqual([]);
      const rows = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL",
      );
      expect(rows.rows[0]?.n).toBe(names.length);
    } finally {
      await db.close();
    }
  });

  it("prisma/schema.prisma has no change the migrations lack (run `pnpm db:diff <name>` when this fails)", async () => {
    const db = new PGlite();
    try {
      const factory = new PrismaPGlite(db);
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
        expect(result.stdout?.trim()).toBe("-- This is an empty migration.");
      } finally {
        handle.close();
      }
    } finally {
      await db.close();
    }
  });
});
