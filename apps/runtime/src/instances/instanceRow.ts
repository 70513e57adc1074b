import type { InstanceState } from "@flowstate/engine";
import type { Database } from "../db/openDatabase.ts";

/** An instance row as read for a step. */
export interface InstanceRow {
  id: string;
  version_id: string;
  process_id: string;
  status: string;
  seq: number;
  state: unknown;
}

const rowColumns = "id, version_id, process_id, status::text AS status, seq";

/** The columns of an `InstanceRow`; callers add the WHERE (and a lock). */
export const selectInstanceSql = `SELECT ${rowColumns}, state FROM instance`;

/** The columns of an `InstanceRow` with the state as text, plus the business key (`business_key`), for `textKind`. */
export const selectTextSql = `SELECT ${rowColumns}, state::text AS state, business_key FROM instance`;

/**
 * An instance row as a step reads it (one named statement, no transaction). Callers that read the
 * row before stepping (e.g. a worker's claim) pass it on as `StepOptions.known`, so the step does
 * not read it again.
 */
export async function readInstanceRow(
  rt: { db: Database },
  instanceId: string,
): Promise<InstanceRow | undefined> {
  return (
    await rt.db.query<InstanceRow>("flowstate_read_instance", `${selectInstanceSql} WHERE id = $1::uuid`, [
      instanceId,
    ])
  )[0];
}

/** The row's snapshot (a driver may hand json columns over as text). */
export function rowState(row: Pick<InstanceRow, "state">): InstanceState {
  return (typeof row.state === "string" ? JSON.parse(row.state) : row.state) as InstanceState;
}
