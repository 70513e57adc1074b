import type { Database } from "../db/openDatabase.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { InstanceFilter } from "./instanceFilter.ts";
import { processIdOf } from "./instanceFilter.ts";
import type { Runtime } from "./Runtime.ts";
import { stateNamesOf } from "./stateNames.ts";

/**
 * `instance.list` (and `GET /api/v1/instances`) in ONE statement: the page (newest first, keyset
 * after the cursor's `(started_at, id)`, with its version and process) and the running / locked
 * instances per version and state (over the filter without its status, as the overlay counts
 * them), plus whether the cursor exists. A named prepared statement per shape of the filter (which
 * conditions are present), so Postgres plans each shape once per connection instead of per call —
 * planning cost more than running the identifier search. `instanceWhere` (Prisma) is the same
 * filter for the migration and bulk selections; `test/instanceList.test.ts` holds them equal.
 */
export interface InstanceListRow {
  counts: [string, string | null, number][];
  cursor_found: boolean;
  id: string | null;
  business_key: string | null;
  status: string;
  outcome: string | null;
  current_state_id: string | null;
  has_incident: boolean;
  started_at: Date;
  ended_at: Date | null;
  version_id: string;
  version_number: number;
  process_key: string;
  process_name: string;
}

function conditions(filter: InstanceFilter, processId: string | undefined, values: unknown[]) {
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length}::${type}`;
  };
  const shape: string[] = [];
  const where: string[] = [];
  let status: string | undefined;
  if (filter.processKey !== undefined) {
    shape.push("p");
    where.push(`i.process_id = ${param(processId, "uuid")}`);
  }
  if (filter.versionId) {
    shape.push("v");
    where.push(`i.version_id = ${param(filter.versionId, "uuid")}`);
  }
  if (filter.stateId) {
    shape.push("s");
    where.push(`i.current_state_id = ${param(filter.stateId, "text")}`);
  }
  if (filter.status) {
    shape.push("st");
    status = `i.status = ${param(filter.status, "instance_status")}`;
  }
  if (filter.businessKey) {
    shape.push("b");
    const escaped = filter.businessKey.replace(/[\\%_]/g, (c) => `\\${c}`);
    where.push(`i.business_key ILIKE ${param(`%${escaped}%`, "text")}`);
  }
  if (filter.identifier) {
    shape.push("i");
    where.push(
      `EXISTS (SELECT 1 FROM identifier d WHERE d.instance_id = i.id${
        filter.processKey !== undefined ? ` AND d.process_id = ${param(processId, "uuid")}` : ""
      } AND d.name = ${param(filter.identifier.name, "text")} AND d.value = ${param(filter.identifier.value, "text")})`,
    );
  }
  if (filter.hasIncident !== undefined) {
    shape.push("h");
    where.push(`i.has_incident = ${param(filter.hasIncident, "boolean")}`);
  }
  if (filter.incidentNodeId) {
    shape.push("n");
    where.push(
      `EXISTS (SELECT 1 FROM incident x WHERE x.instance_id = i.id AND x.node_id = ${param(filter.incidentNodeId, "text")} AND x.status = 'open')`,
    );
  }
  if (filter.startedFrom) {
    shape.push("f");
    where.push(`i.started_at >= ${param(filter.startedFrom, "timestamptz")}`);
  }
  if (filter.startedTo) {
    shape.push("t");
    where.push(`i.started_at <= ${param(filter.startedTo, "timestamptz")}`);
  }
  return { shape, where, status };
}

const and = (parts: string[]) => (parts.length ? parts.join(" AND ") : "TRUE");

export async function listInstanceRows(
  db: Pick<Database, "query">,
  filter: InstanceFilter,
  processId: string | undefined,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ rows: InstanceListRow[]; counts: [string, string | null, number][] }> {
  const values: unknown[] = [];
  const { shape, where, status } = conditions(filter, processId, values);
  const pageWhere = [...where, ...(status ? [status] : [])];
  let cursorFound = "TRUE";
  if (page.cursor) {
    shape.push("c");
    values.push(page.cursor);
    const c = `$${values.length}::uuid`;
    pageWhere.push(`(i.started_at, i.id) < (SELECT started_at, id FROM instance WHERE id = ${c})`);
    cursorFound = `EXISTS (SELECT 1 FROM instance WHERE id = ${c})`;
  }
  values.push(page.limit + 1);
  const text = `WITH counts AS (
  SELECT COALESCE(json_agg(json_build_array(c.version_id, c.current_state_id, c.n) ORDER BY c.version_id, c.current_state_id), '[]'::json) AS counts,
         ${cursorFound} AS cursor_found
    FROM (SELECT i.version_id, i.current_state_id, count(*)::int AS n FROM instance i
           WHERE ${and([...where, "i.status IN ('running', 'locked')"])}
           GROUP BY i.version_id, i.current_state_id) c
)
SELECT counts.counts, counts.cursor_found, p.* FROM counts LEFT JOIN LATERAL (
  SELECT i.id, i.business_key, i.status::text AS status, i.outcome, i.current_state_id, i.has_incident,
         i.started_at, i.ended_at, i.version_id, v.number AS version_number, pr.key AS process_key, pr.name AS process_name
    FROM instance i JOIN version v ON v.id = i.version_id JOIN process pr ON pr.id = i.process_id
   WHERE ${and(pageWhere)}
   ORDER BY i.started_at DESC, i.id DESC
   LIMIT $${values.length}::int
) p ON TRUE`;
  const rows = await db.query<InstanceListRow>(`instance_list:${shape.join("")}`, text, values);
  const first = rows[0]!;
  if (page.cursor && !first.cursor_found)
    throw new DomainError("BAD_REQUEST", `unknown cursor "${page.cursor}"`);
  return { rows: first.id === null ? [] : rows, counts: first.counts };
}

/** What `instance.list` and `GET /api/v1/instances` answer (one function, both callers): a page of instances with their state names, and the running ones per state. */
export async function listInstances(
  rt: Runtime,
  input: InstanceFilter & { limit: number; cursor?: string | undefined },
) {
  const { limit, cursor, ...filters } = input;
  const { rows, counts } = await listInstanceRows(rt.db, filters, await processIdOf(rt.db.prisma, filters), {
    limit,
    cursor,
  });
  const items = rows.map((r) => ({
    id: r.id!,
    businessKey: r.business_key,
    status: r.status as "running" | "completed" | "failed" | "cancelled" | "locked",
    outcome: r.outcome,
    currentStateId: r.current_state_id,
    hasIncident: r.has_incident,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    version: { id: r.version_id, number: r.version_number },
    process: { key: r.process_key, name: r.process_name },
  }));
  const byState = counts.map(([versionId, currentStateId, count]) => ({ versionId, currentStateId, count }));
  // State names come from each instance's own version (after a migration or its revert, the
  // instance's state may not exist in the latest version).
  const stateName = await stateNamesOf(
    rt,
    new Set([...items.map((i) => i.version.id), ...byState.map((r) => r.versionId)]),
  );
  return {
    items: items
      .slice(0, limit)
      .map((i) => ({ ...i, currentStateName: stateName(i.version.id, i.currentStateId) })),
    nextCursor: items.length > limit ? items[limit - 1]!.id : null,
    countsByState: byState.map((r) => ({
      versionId: r.versionId,
      stateId: r.currentStateId,
      stateName: stateName(r.versionId, r.currentStateId),
      count: r.count,
    })),
  };
}
