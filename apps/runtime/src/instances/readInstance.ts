import { explain, unlockedActions } from "@flowstate/engine";
import type { InstanceState } from "@flowstate/engine";
import type { Runtime } from "./Runtime.ts";
import { DomainError } from "../errors/DomainError.ts";

interface InstanceReadRow {
  id: string;
  version_id: string;
  status: string;
  outcome: string | null;
  business_key: string | null;
  variables: unknown;
  state: unknown;
  seq: number;
  current_state_id: string | null;
  locked_by: string | null;
  started_at: Date;
  ended_at: Date | null;
  acknowledged_at: Date | null;
  anonymised_at: Date | null;
  process: { key: string; name: string };
  version: { id: string; number: number; status: string };
  incidents: {
    id: string;
    engineId: string;
    nodeId: string;
    occurrenceId: string;
    error: unknown;
    createdAt: string;
  }[];
  identifiers: { name: string; value: string }[];
}

/**
 * The instance row with its process, version, open incidents and identifiers in ONE statement (one
 * snapshot). A step writes the state and the incident rows in one transaction, so the incidents
 * read here always agree with `state.incidents`; separate queries (Prisma's `include`) disagreed
 * while incidents opened.
 */
const readInstanceSql = `
SELECT i.id::text, i.version_id::text, i.status::text AS status, i.outcome, i.business_key, i.variables, i.state, i.seq,
       i.current_state_id, i.locked_by::text, i.started_at, i.ended_at, i.acknowledged_at, i.anonymised_at,
       json_build_object('key', p.key, 'name', p.name) AS process,
       json_build_object('id', v.id, 'number', v.number, 'status', v.status) AS version,
       COALESCE((SELECT json_agg(json_build_object('id', x.id, 'engineId', x.engine_id, 'nodeId', x.node_id, 'occurrenceId', x.occurrence_id, 'error', x.error, 'createdAt', x.created_at) ORDER BY x.created_at, x.engine_id)
                 FROM incident x WHERE x.instance_id = i.id AND x.status = 'open'), '[]'::json) AS incidents,
       COALESCE((SELECT json_agg(json_build_object('name', d.name, 'value', d.value) ORDER BY d.name) FROM identifier d WHERE d.instance_id = i.id), '[]'::json) AS identifiers
  FROM instance i JOIN process p ON p.id = i.process_id JOIN version v ON v.id = i.version_id
 WHERE i.id = $1::uuid`;

/** A JSON column as the driver hands it over: parsed, or (a `json` column) its text. */
const parsed = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/**
 * One instance as the inspector shows it: the row, the engine state, the actions unlocked now and
 * the explainer's answer for every node of the current state (why it is or is not unlocked).
 */
export async function readInstance(rt: Runtime, id: string) {
  const [row] = await rt.db.prisma.$queryRawUnsafe<InstanceReadRow[]>(readInstanceSql, id);
  if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${id}"`);
  const state = parsed<InstanceState>(row.state);
  const { model } = await rt.models.get(row.version_id);
  const currentNodes = model.nodes.filter((n) => n.stateId === state.current.stateId);
  return {
    id: row.id,
    process: parsed<InstanceReadRow["process"]>(row.process),
    version: parsed<InstanceReadRow["version"]>(row.version),
    status: row.status,
    outcome: row.outcome,
    businessKey: row.business_key,
    variables: parsed<unknown>(row.variables),
    seq: Number(row.seq),
    currentStateId: row.current_state_id,
    lockedBy: row.locked_by,
    startedAt: new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    acknowledgedAt: row.acknowledged_at === null ? null : new Date(row.acknowledged_at),
    /** When retention replaced its personal data (null: never). */
    anonymisedAt: row.anonymised_at === null ? null : new Date(row.anonymised_at),
    identifiers: parsed<InstanceReadRow["identifiers"]>(row.identifiers),
    incidents: parsed<InstanceReadRow["incidents"]>(row.incidents).map((i) => ({
      id: i.id,
      engineId: i.engineId,
      nodeId: i.nodeId,
      occurrenceId: i.occurrenceId,
      error: i.error,
      createdAt: new Date(i.createdAt),
    })),
    state,
    unlocked: unlockedActions(model, state),
    explanations: Object.fromEntries(currentNodes.map((n) => [n.id, explain(model, state, n.id)])),
  };
}
