import {
  anonymiseJson,
  anonymiseState,
  collectPersonalValues,
  jsonEqual,
  personalValuesOf,
} from "@flowstate/engine";
import type { InstanceState, Json } from "@flowstate/engine";
import { recordAuditIn } from "../auth/auditLog.ts";
import { systemActor } from "../auth/Actor.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export type RetentionMode = "anonymise" | "delete";

/** A process whose finished instances are kept `retentionDays` days (the `process` row's settings). */
export interface RetainedProcess {
  id: string;
  key: string;
  retentionDays: number;
  retentionMode: RetentionMode;
}

type Tx = Prisma.TransactionClient;
type Row = { instance_id: string; id: string } & Record<string, string | null>;

/** `instance_id IN (…)` for a JSON array of ids passed as one parameter. */
const inIds = (column: string, param: string) =>
  `${column} IN (SELECT jsonb_array_elements_text(${param}::jsonb)::uuid)`;
const parse = (text: string | null | undefined): Json | null =>
  text == null ? null : (JSON.parse(text) as Json);
const text = (value: Json | null | undefined) =>
  value === null || value === undefined ? null : JSON.stringify(value);

/**
 * Claims up to `limit` finished instances of `process` that ended before `cutoff` (anonymise: not yet
 * anonymised) and locks them for this transaction; rows another runtime holds are skipped, so runtimes
 * running the job at once never take the same instance. Running and locked instances never qualify.
 */
async function claim(tx: Tx, process: RetainedProcess, cutoff: Date, limit: number) {
  return tx.$queryRawUnsafe<{ id: string; state: string; personal: unknown }[]>(
    `SELECT i.id::text AS id, i.state::text AS state, v.model->'personal' AS personal
       FROM instance i JOIN version v ON v.id = i.version_id
      WHERE i.process_id = $1::uuid AND i.status IN ('completed', 'failed', 'cancelled')
        AND i.ended_at < $2::timestamptz
        ${process.retentionMode === "anonymise" ? "AND i.anonymised_at IS NULL" : ""}
      ORDER BY i.ended_at, i.id
      LIMIT $3
      FOR UPDATE OF i SKIP LOCKED`,
    process.id,
    cutoff,
    limit,
  );
}

/** Deletes the instances and every row that belongs to them (schedule ticks keep their bookmark). */
async function deleteInstances(tx: Tx, ids: string): Promise<void> {
  for (const table of [
    "history_event",
    "occurrence",
    "firing",
    "state_instance",
    "job",
    "incident",
    "identifier",
    "used_task_token",
    "migration_item",
    "webhook_delivery",
  ])
    await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE ${inIds("instance_id", "$1")}`, ids);
  await tx.$executeRawUnsafe(
    `UPDATE schedule_tick SET instance_id = NULL WHERE ${inIds("instance_id", "$1")}`,
    ids,
  );
  await tx.$executeRawUnsafe(`DELETE FROM instance WHERE ${inIds("id", "$1")}`, ids);
}

/**
 * Replaces the personal data of the claimed instances (`anonymiseState` / `anonymiseJson` of
 * `@flowstate/engine`) in their state, variables, business key, history data, occurrence inputs,
 * outputs and errors, incident errors and webhook deliveries; deletes the identifier rows whose
 * value was personal (a search by it then finds nothing); stamps `anonymised_at`.
 */
async function anonymiseInstances(
  tx: Tx,
  claimed: { id: string; state: string; personal: unknown }[],
  ids: string,
  now: Date,
): Promise<void> {
  /** The claimed instances' rows of `table` (a constant of this file), `columns` each, by instance. */
  const rowsByInstance = async (table: string, columns: string) => {
    const rows = await tx.$queryRawUnsafe<Row[]>(
      `SELECT instance_id::text AS instance_id, ${columns} FROM ${table} WHERE ${inIds("instance_id", "$1")}`,
      ids,
    );
    const map = new Map<string, Row[]>();
    for (const r of rows) map.set(r.instance_id, [...(map.get(r.instance_id) ?? []), r]);
    return map;
  };
  const history = await rowsByInstance("history_event", "id::text AS id, data::text AS data");
  const occurrences = await rowsByInstance(
    "occurrence",
    "id, input::text AS input, output::text AS output, error::text AS error",
  );
  const incidents = await rowsByInstance("incident", "id::text AS id, error::text AS error");
  const deliveries = await rowsByInstance("webhook_delivery", "id::text AS id, payload::text AS payload");
  const instanceUpdates: Record<string, unknown>[] = [];
  const historyUpdates: Record<string, unknown>[] = [];
  const occurrenceUpdates: Record<string, unknown>[] = [];
  const incidentUpdates: Record<string, unknown>[] = [];
  const deliveryUpdates: Record<string, unknown>[] = [];
  const identifierDeletes: Record<string, unknown>[] = [];
  for (const row of claimed) {
    const personal = Array.isArray(row.personal) ? (row.personal as string[]) : [];
    const state = JSON.parse(row.state) as InstanceState;
    const hist = (history.get(row.id) ?? []).map((h) => ({ ...h, json: parse(h.data) }));
    const occ = (occurrences.get(row.id) ?? []).map((o) => ({
      ...o,
      json: { input: parse(o.input), output: parse(o.output), error: parse(o.error) } as Json,
    }));
    const inc = (incidents.get(row.id) ?? []).map((o) => ({ ...o, json: { error: parse(o.error) } as Json }));
    const del = (deliveries.get(row.id) ?? []).map((o) => ({ ...o, json: parse(o.payload) }));
    // Every value a personal path ever named (an overwritten one lives on in the history).
    const values = personalValuesOf(state, personal);
    for (const part of [...hist, ...occ, ...del])
      if (part.json !== null) collectPersonalValues(part.json, personal, values);
    const after = anonymiseState(state, personal, values);
    instanceUpdates.push({
      id: row.id,
      state: JSON.stringify(after),
      variables: JSON.stringify(after.variables),
      business_key: after.businessKey,
    });
    for (const [name, value] of Object.entries(state.identifiers))
      if (!jsonEqual(value, after.identifiers[name])) identifierDeletes.push({ instance_id: row.id, name });
    for (const h of hist) {
      const json = h.json === null ? null : anonymiseJson(h.json, personal, values);
      if (json !== h.json) historyUpdates.push({ instance_id: row.id, id: h.id, data: text(json) });
    }
    for (const o of occ) {
      const json = anonymiseJson(o.json, personal, values) as { input: Json; output: Json; error: Json };
      if (json !== o.json)
        occurrenceUpdates.push({
          instance_id: row.id,
          id: o.id,
          input: text(json.input),
          output: text(json.output),
          error: text(json.error),
        });
    }
    for (const o of inc) {
      const json = anonymiseJson(o.json, personal, values) as { error: Json };
      if (json !== o.json) incidentUpdates.push({ id: o.id, error: text(json.error) });
    }
    for (const o of del) {
      const json = o.json === null ? null : anonymiseJson(o.json, personal, values);
      if (json !== o.json) deliveryUpdates.push({ id: o.id, payload: text(json) });
    }
  }
  await tx.$executeRawUnsafe(
    `UPDATE instance i SET state = u.state::json, variables = u.variables::jsonb, business_key = u.business_key,
            anonymised_at = $2::timestamptz, updated_at = $2::timestamptz
       FROM json_to_recordset($1::json) AS u(id uuid, state text, variables text, business_key text)
      WHERE i.id = u.id`,
    JSON.stringify(instanceUpdates),
    now,
  );
  if (historyUpdates.length > 0)
    await tx.$executeRawUnsafe(
      `UPDATE history_event h SET data = u.data::json
         FROM json_to_recordset($1::json) AS u(instance_id uuid, id bigint, data text)
        WHERE h.instance_id = u.instance_id AND h.id = u.id`,
      JSON.stringify(historyUpdates),
    );
  if (occurrenceUpdates.length > 0)
    await tx.$executeRawUnsafe(
      `UPDATE occurrence o SET input = u.input::jsonb, output = u.output::jsonb, error = u.error::jsonb
         FROM json_to_recordset($1::json) AS u(instance_id uuid, id text, input text, output text, error text)
        WHERE o.instance_id = u.instance_id AND o.id = u.id`,
      JSON.stringify(occurrenceUpdates),
    );
  if (incidentUpdates.length > 0)
    await tx.$executeRawUnsafe(
      `UPDATE incident x SET error = u.error::jsonb
         FROM json_to_recordset($1::json) AS u(id uuid, error text) WHERE x.id = u.id`,
      JSON.stringify(incidentUpdates),
    );
  if (deliveryUpdates.length > 0)
    await tx.$executeRawUnsafe(
      `UPDATE webhook_delivery d SET payload = u.payload::jsonb
         FROM json_to_recordset($1::json) AS u(id uuid, payload text) WHERE d.id = u.id`,
      JSON.stringify(deliveryUpdates),
    );
  if (identifierDeletes.length > 0)
    await tx.$executeRawUnsafe(
      `DELETE FROM identifier x USING json_to_recordset($1::json) AS u(instance_id uuid, name text)
        WHERE x.instance_id = u.instance_id AND x.name = u.name`,
      JSON.stringify(identifierDeletes),
    );
}

/**
 * One batch of the retention job for one process, in one transaction: claims up to `limit`
 * instances past retention, anonymises or deletes them, and writes one audit record for the batch
 * (`retention.anonymise` / `retention.delete`, with the count). Returns how many it handled.
 */
export async function retainBatch(
  tx: Tx,
  process: RetainedProcess,
  cutoff: Date,
  now: Date,
  limit: number,
): Promise<number> {
  const claimed = await claim(tx, process, cutoff, limit);
  if (claimed.length === 0) return 0;
  const ids = JSON.stringify(claimed.map((c) => c.id));
  if (process.retentionMode === "delete") await deleteInstances(tx, ids);
  else await anonymiseInstances(tx, claimed, ids, now);
  await recordAuditIn(tx, now, {
    actor: systemActor("retention"),
    action: `retention.${process.retentionMode}`,
    outcome: "ok",
    processKey: process.key,
    detail: {
      count: claimed.length,
      mode: process.retentionMode,
      retentionDays: process.retentionDays,
      endedBefore: cutoff.toISOString(),
    },
  });
  return claimed.length;
}
