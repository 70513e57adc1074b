import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { describe, expect, it } from "vitest";
import { applySchemaMigrations, loadSchemaMigrations } from "../src/db/schemaMigrations.ts";
import { pendingSchemaDiff } from "../src/db/pendingSchemaDiff.ts";

describe("schema migrations through the WebAssembly schema engine", () => {
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

  it("the occurrence identity renames keep the rows of a populated database", async () => {
    const db = new PGlite();
    try {
      const all = await loadSchemaMigrations();
      const rename = "20261205072500_occurrence_id_closed_seq";
      const before = {
        ...all,
        migrationDirectories: all.migrationDirectories.filter((m) => m.path < rename),
      };
      await applySchemaMigrations(new PrismaPGlite(db), before);
      const instanceId = "8f0c6a1e-0000-4000-8000-000000000001";
      await db.exec(`
        INSERT INTO occurrence (instance_id, key, state_instance_key, version_id, node_id, status, reason, completed_seq, updated_at)
          VALUES ('${instanceId}', 'o1', 's1', '${instanceId}', 'review', 'cancelled', 'flow', 7, now());
        INSERT INTO job (kind, instance_id, occurrence_key, run_at, idempotency_key)
          VALUES ('handler', '${instanceId}', 'o1', now(), 'k1');
        INSERT INTO used_task_token (token_id, instance_id, occurrence_key, attempt, outcome, used_at)
          VALUES ('t1', '${instanceId}', 'o1', 1, '{}', now());`);
      // The rename and every later migration apply on top of the populated database.
      const fromRename = all.migrationDirectories.filter((m) => m.path >= rename).map((m) => m.path);
      expect(fromRename[0]).toBe(rename);
      expect(await applySchemaMigrations(new PrismaPGlite(db))).toEqual(fromRename);
      const occurrence = await db.query("SELECT id, closed_seq FROM occurrence");
      expect(occurrence.rows).toEqual([{ id: "o1", closed_seq: 7 }]);
      expect((await db.query("SELECT occurrence_id FROM job")).rows).toEqual([{ occurrence_id: "o1" }]);
      expect((await db.query("SELECT occurrence_id FROM used_task_token")).rows).toEqual([
        { occurrence_id: "o1" },
      ]);
      const incidentColumns = await db.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'incident' AND column_name LIKE 'occurrence%'",
      );
      expect(incidentColumns.rows).toEqual([{ column_name: "occurrence_id" }]);
    } finally {
      await db.close();
    }
  });

  it("prisma/schema.prisma has no change the migrations lack (run `pnpm db:diff <name>` when this fails)", async () => {
    expect(await pendingSchemaDiff()).toBe("");
  });
});
