// The identifier-search benchmark's database: one process ("case", one state), `total` instances
// `B-<n>` started n seconds ago, each with the identifier customerId = `C-<n>`; planner statistics fresh.
import type pg from "pg";
import { oneStateModel } from "./benchModel.ts";
import { publishModel, systemClock } from "@flowstate/runtime";
import type { Database } from "@flowstate/runtime";

function caseModel() {
  return oneStateModel("case", "Case", [{ id: "work", kind: "action", name: "Work", mode: "manual" }]);
}

/** Fills the scratch database; answers the process's and its version's ids. */
export async function fillSearchDatabase(
  db: Database,
  pool: pg.Pool,
  total: number,
): Promise<{ processId: string; versionId: string }> {
  await publishModel({ db, clock: systemClock }, caseModel());
  const v = await db.prisma.version.findFirstOrThrow({ where: { process: { key: "case" } } });
  // Set-up, not measured: instances and their identifiers in batches of 100,000 rows.
  for (let from = 1; from <= total; from += 100_000) {
    const to = Math.min(total, from + 99_999);
    await pool.query(
      `INSERT INTO instance (id, process_id, version_id, state, current_state_id, business_key, started_at, updated_at)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, '{"seq":0}'::json, 'main', 'B-' || i, now() - i * interval '1 second', now()
         FROM generate_series($3::int, $4::int) AS i`,
      [v.processId, v.id, from, to],
    );
  }
  await pool.query(
    `INSERT INTO identifier (instance_id, process_id, name, value)
     SELECT id, process_id, 'customerId', 'C-' || substr(business_key, 3) FROM instance`,
  );
  await pool.query("VACUUM ANALYZE instance");
  await pool.query("VACUUM ANALYZE identifier");
  return { processId: v.processId, versionId: v.id };
}
