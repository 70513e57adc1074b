import { historyRecordsSql } from "../../src/instances/historyRecords.ts";
import type { Database } from "../../src/db/openDatabase.ts";

export interface StoredRecord {
  instanceId: string;
  seq: number;
  type: string;
  data: unknown;
  actor: string | null;
}

/**
 * The history records of some instances (all: no `instanceIds`) as stored (a step's records share one row: see
 * `historyRecordsSql`), in order, optionally of one type and actor — what tests count and read.
 */
export async function historyRecords(
  db: Pick<Database, "prisma">,
  filter: { instanceIds?: readonly string[]; type?: string; actor?: string },
): Promise<StoredRecord[]> {
  const rows = await db.prisma.$queryRawUnsafe<
    { instance_id: string; seq: number; type: string; data: unknown; actor: string | null }[]
  >(
    `SELECT r.instance_id::text, r.seq, r.type, r.data, r.actor FROM (${historyRecordsSql} WHERE $1::uuid[] IS NULL OR h.instance_id = ANY($1::uuid[])) r
      WHERE ($2::text IS NULL OR r.type = $2) AND ($3::text IS NULL OR r.actor = $3) ORDER BY r.instance_id, r.row_id, r.idx`,
    filter.instanceIds ? [...filter.instanceIds] : null,
    filter.type ?? null,
    filter.actor ?? null,
  );
  return rows.map((r) => ({
    instanceId: r.instance_id,
    seq: Number(r.seq),
    type: r.type,
    data: typeof r.data === "string" ? (JSON.parse(r.data) as unknown) : r.data,
    actor: r.actor,
  }));
}

/** How many records of `type` each instance has (instances without any are left out). */
export async function recordsPerInstance(
  db: Pick<Database, "prisma">,
  filter: { instanceIds?: readonly string[]; type: string; actor?: string },
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of await historyRecords(db, filter))
    counts.set(r.instanceId, (counts.get(r.instanceId) ?? 0) + 1);
  return counts;
}
