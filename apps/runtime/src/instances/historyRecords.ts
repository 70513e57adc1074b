import type { HistoryEntry, Json } from "@flowstate/engine";

/**
 * How history is stored: a step's records are ONE `history_event` row (type `step`, its records
 * in `data` as `[{ seq, type, data, at? }]`, `seq` the first record's, `at` the first record's time;
 * a record's own `at` only when it differs), written by the step statement; a record written on
 * its own (a migration failure, a compensation that ran) is a row of its own type. A migrated instance
 * records five entries per step: one row instead of five is four heap tuples, four index entries
 * and their WAL less per step (bench/runtime/migrate.bench.ts).
 */
export function historyEntries(
  history: readonly HistoryEntry[],
): { seq: number; type: string; data: unknown; at?: string }[] {
  const at = history[0]?.at;
  return history.map((h) =>
    h.at === at
      ? { seq: h.seq, type: h.type, data: h.data }
      : { seq: h.seq, type: h.type, data: h.data, at: h.at },
  );
}

/**
 * History as records, one per line whatever the storage (see `historyEntries`): `row_id` and
 * `idx` (1-based within its row) order them, `row_type` is `step` for a step's row; filter with `h.` columns (`h.instance_id`, `h.id`,
 * `h.seq` — a row's seq is its first record's) inside, and with the output columns outside.
 */
export const historyRecordsSql = `SELECT h.id AS row_id, coalesce(e.idx, 1)::int AS idx, h.type AS row_type, h.instance_id,
       coalesce((e.r->>'seq')::int, h.seq) AS seq, coalesce(e.r->>'type', h.type) AS type,
       CASE WHEN e.r IS NULL THEN h.data ELSE e.r->'data' END AS data, h.actor, coalesce((e.r->>'at')::timestamptz, h.at) AS at
  FROM history_event h LEFT JOIN LATERAL json_array_elements(CASE WHEN h.type = 'step' THEN h.data END) WITH ORDINALITY AS e(r, idx) ON true`;

/** A history record as `instance.history` returns it: `id` is `row` for a row of its own, `row.idx` for a record of a step's row. */
export interface HistoryRecord {
  id: string;
  seq: number;
  type: string;
  data: Json;
  actor: string | null;
  at: Date;
}

interface RecordRow {
  row_id: string | bigint;
  idx: number;
  row_type: string;
  seq: number;
  type: string;
  data: unknown;
  actor: string | null;
  at: Date;
}

/** A history cursor (`HistoryRecord.id`) as (row, idx): a row of its own is past all of its records. */
export function parseHistoryCursor(id: string): { row: bigint; idx: number } {
  const [row, idx] = id.split(".");
  return { row: BigInt(row!), idx: idx === undefined ? 2_147_483_647 : Number(idx) };
}

/** The records of one instance after `after` (a `HistoryRecord.id`), oldest first, at most `limit`. */
export async function readHistoryRecords(
  query: <T>(text: string, ...values: unknown[]) => Promise<T[]>,
  instanceId: string,
  after: string | undefined,
  limit: number,
): Promise<HistoryRecord[]> {
  const cursor = after === undefined ? { row: 0n, idx: 0 } : parseHistoryCursor(after);
  const rows = await query<RecordRow>(
    `SELECT r.row_id::text AS row_id, r.idx, r.row_type, r.seq, r.type, r.data, r.actor, r.at
       FROM (${historyRecordsSql} WHERE h.instance_id = $1::uuid AND h.id >= $2::bigint) r
      WHERE (r.row_id, r.idx) > ($2::bigint, $3::int)
      ORDER BY r.row_id, r.idx LIMIT $4`,
    instanceId,
    String(cursor.row),
    cursor.idx,
    limit,
  );
  return rows.map((r) => ({
    id: r.row_type === "step" ? `${r.row_id}.${r.idx}` : String(r.row_id),
    seq: Number(r.seq),
    type: r.type,
    data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Json,
    actor: r.actor,
    at: new Date(r.at),
  }));
}
