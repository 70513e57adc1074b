import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markEnded, markMigrated } from "../src/migrations/migrateChunk.ts";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";

// The executor's batch marks its items with one UPDATE per outcome. A run inserts all its items at
// once and nothing has analysed them yet, so the planner knows nothing about the table; whatever
// plan it picks (custom, or the generic one a prepared statement switches to after five
// executions), the UPDATE must read the batch's items only, not every item of the run: on a run of
// N items that would be N rows per batch, quadratic over the run.
const RUN_SIZE = 4000;
const BATCH = 100;

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}

/** Rows the plan read from `migration_item` (returned by its scans plus those their filters dropped). */
function itemRowsRead(node: PlanNode): number {
  const own =
    node["Relation Name"] === "migration_item" && /Scan/.test(node["Node Type"])
      ? ((node["Actual Rows"] ?? 0) +
          (node["Rows Removed by Filter"] ?? 0) +
          (node["Rows Removed by Index Recheck"] ?? 0)) *
        (node["Actual Loops"] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + itemRowsRead(child), 0);
}

describe("a migration batch marks its items through the key, whatever the plan", () => {
  let t: TestContext;
  const runId = randomUUID();
  let ids: string[] = [];

  beforeAll(async () => {
    t = await createTestContext("migration_item_plans");
    await t.db.pool!.query(
      `INSERT INTO migration_run (id, process_id, target_version_id, plan, status, total) VALUES ($1, $2, $3, '{}', 'running', $4)`,
      [runId, randomUUID(), randomUUID(), RUN_SIZE],
    );
    await t.db.pool!.query(
      `INSERT INTO migration_item (run_id, instance_id, status, from_version_id, updated_at) SELECT $1, gen_random_uuid(), 'pending', $2, now() FROM generate_series(1, $3)`,
      [runId, randomUUID(), RUN_SIZE],
    );
    // A batch is a slice of a chunk read in key order: the BATCH pending items after the first 1,000.
    ids = (
      await t.db.pool!.query<{ id: string }>(
        `SELECT instance_id::text AS id FROM migration_item WHERE run_id = $1 ORDER BY instance_id OFFSET 1000 LIMIT $2`,
        [runId, BATCH],
      )
    ).rows.map((r) => r.id);
  });
  afterAll(async () => t?.close());

  const statements = (): { name: string; sql: string; values: unknown[] }[] => [
    {
      name: "migrated",
      sql: markMigrated({ run: "$1", at: "$2", ids: "$3", toState: "$4", seqAfter: "$5" }),
      values: [runId, new Date(), ids, ids.map(() => "work"), ids.map(() => 7)],
    },
    {
      name: "failed or skipped",
      sql: markEnded({ run: "$1", at: "$2", ids: "$3", status: "$4", error: "$5", seq: "$6" }),
      values: [
        runId,
        new Date(),
        ids,
        ids.map(() => "failed"),
        ids.map(() => "the reason"),
        ids.map(() => null),
      ],
    },
  ];

  for (const mode of ["force_custom_plan", "force_generic_plan"] as const) {
    it(`reads only the batch's items (${mode})`, async () => {
      for (const { name, sql, values } of statements()) {
        const client = await t.db.pool!.connect();
        try {
          await client.query(`BEGIN; SET LOCAL plan_cache_mode = ${mode}`);
          const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>({
            name: `plan_${name.replace(/\W/g, "_")}_${mode}`,
            text: `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
            values,
          });
          const plan = rows[0]!["QUERY PLAN"][0].Plan;
          expect({ statement: name, read: itemRowsRead(plan) }).toEqual({ statement: name, read: BATCH });
        } finally {
          await client.query("ROLLBACK");
          client.release();
        }
      }
      // Rolled back: every item is still pending.
      const { rows } = await t.db.pool!.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM migration_item WHERE run_id = $1 AND status = 'pending'`,
        [runId],
      );
      expect(rows[0]!.pending).toBe(RUN_SIZE);
    });
  }

  it("marks exactly the batch's items", async () => {
    const [migrated] = statements();
    const result = await t.db.pool!.query(migrated!.sql, migrated!.values);
    expect(result.rowCount).toBe(BATCH);
    const { rows } = await t.db.pool!.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM migration_item WHERE run_id = $1 GROUP BY status ORDER BY status`,
      [runId],
    );
    expect(rows).toEqual([
      { status: "migrated", n: BATCH },
      { status: "pending", n: RUN_SIZE - BATCH },
    ]);
  });
});
