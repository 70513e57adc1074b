import { SqlParams } from "../db/SqlParams.ts";
import { fenceLockCte, stepJobsCtes, stepJobsResult } from "../queue/stepJobs.ts";
import { outboxCte } from "../webhooks/outboundEvents.ts";

/**
 * THE step statement: the writes of any number of steps as ONE statement (data-modifying CTEs over
 * one JSON line per step, each carrying its own rows), composed of named parts:
 *
 * | part         | CTEs                          | writes                                                  |
 * |--------------|-------------------------------|---------------------------------------------------------|
 * | fence        | `fence_lock`                  | locks each fenced job still leased to its worker        |
 * | instances    | `inst`                        | the guarded instance update (every other part joins it) |
 * | records      | `si…`, `occ…`, `fir`, `his`   | state instances, occurrences, firings, the history row  |
 * | jobs         | `jobs`, `cancelled`, `fence`  | outbox jobs (a handed-over one leased), deletes         |
 * | outbox       | `hooks`                       | webhook deliveries                                      |
 * | audit        | `aud`                         | the audit record of the call that made the step         |
 * | alongside    | the caller's                  | e.g. a migration chunk's items (`AlongsideWrites`)      |
 * | result       | —                             | updated ids, job counts, hand-off, the workers' NOTIFY  |
 *
 * Every write is GUARDED by the instance row's update (`inst`), which happens only when
 *  - the row still has the seq the step was computed from (`expected_seq`; a concurrent step made
 *    since then updates zero rows — the caller re-reads and steps again: optimistic concurrency,
 *    the row lock taken by the UPDATE makes the check-and-write atomic under READ COMMITTED), and
 *  - the step's fenced job (the job whose result it records) is still leased to the caller
 *    (`fence_lock`), so a lease lost to a concurrent re-claim refuses the whole step.
 * Every other write joins `inst`, so a refused step writes nothing. The statement is atomic by
 * itself: a step costs one round trip, and a batch of steps one statement.
 *
 * The payload is kept small, because Postgres parses every byte of it (`jsonb_in` was a quarter of
 * the statement's time for a migration) and Node serialises and sends it: each step's rows are
 * nested in the step (`stepRows`), so the instance id, the actor and the version id are not
 * repeated per row. Three text parameters carry one line per step each, line i of each belonging
 * to step i: the step and its rows (parsed as jsonb), the new snapshot and the step's history
 * records, its ONE history row's data (`historyEntries`; both parsed as json, which only checks
 * the syntax: the `state` and `data` columns are json because nothing queries inside them; jsonb
 * took about four times as long per byte, and those two are three quarters of a migrated
 * instance's 2.7 KB). Each line is parsed on its own (`OFFSET 0` keeps the parse to once per
 * step): one 680 KB jsonb document (a batch of 250 migrated instances) parsed about six times
 * slower per byte than documents of a few KB. Rows are read with `->`/`->>`, not
 * `jsonb_to_recordset`, which on Postgres 15 took ~20 µs per step to extract nested values.
 * `inst` returns each step's nested rows, so the steps are parsed once. Steps of alike instances
 * (`SharedSteps`, `alikeSteps.ts`) come once per kind: a kind's line is parsed once for all its
 * instances, their snapshot and history texts are the kind's with each one's identity put in — a
 * history text that names neither stand-in (a migration's) is checked as json once per kind, not
 * once per instance (Postgres 15 checks json at about 14 ns a byte: 11 µs per migrated instance). Columns are named
 * explicitly. Planning this statement costs several times its execution: it runs as a named
 * prepared statement (`Database.query`) wherever the driver allows — so parts are composed in a
 * fixed order (one text per name).
 */

/**
 * Writes that must commit with a batch of steps, made part of the step statement itself (so the
 * batch needs no transaction: `BatchOptions.alongside`). `sql` adds its values to the statement's
 * parameters (`p.add(value)` is a value's placeholder) and returns further `name AS (…)` entries
 * of the WITH list — they may read `inst` (the instance rows the steps updated: `id`,
 * `version_id`, `actor`) and `at` (the statement's time) — and `check`, an SQL condition over
 * them. The statement applies only if EVERY step was written and `check` holds; otherwise it
 * fails as a whole, nothing written (`WritesRefusedError`). `name` names the statement's variant
 * (one prepared statement each).
 */
export interface AlongsideWrites {
  name: string;
  sql(p: SqlParams, at: string): { ctes: string; check: string };
}

/** The parameters of the step statement: the rows of `stepRows`, serialised. */
export interface StepStatementInput {
  /** The statement's time (ISO). */
  at: string;
  /** One JSON line per step: the instance row's values with its rows nested. */
  steps: string;
  /** One JSON line per step: its new snapshot. */
  snapshots: string;
  /** One JSON line per step: its history records. */
  history: string;
  /** Steps of alike instances, one per kind (none: empty). */
  shared: SharedSteps;
  stepCount: number;
  fences: unknown[];
  cancelled: unknown[];
  /** The webhook events (`outboxRow`s) as one JSON array text. */
  webhookEvents: string;
  audit: unknown[];
  notifications: unknown[];
}

/**
 * Steps of alike instances sent as one step per kind (`SharedSteps`): the kinds' lines parsed once,
 * each instance's snapshot and history row their kind's text with the instance's identity in the
 * stand-ins' places, its seq guard its kind's.
 */
export interface SharedSteps {
  /** One line per kind, as `steps`, `snapshots` and `history` (the step's `id` is ignored). */
  steps: string;
  snapshots: string;
  history: string;
  /** Per kind: the stand-in id its texts carry. */
  standIns: string[];
  /** The stand-in business key. */
  standInKey: string;
  /** Per instance: its id, its kind (1-based) and its business key as JSON string text. */
  ids: string[];
  kinds: number[];
  keys: string[];
}

/**
 * A step's values, read out of its line (`e`, parsed): per step, and once per kind for the steps
 * of alike instances (`kindColumns` are the kind's), not once per instance.
 */
const stepValues: [expression: string, name: string][] = [
  ["(e->>'status')::instance_status", "status"],
  ["(e->>'seq')::int", "seq"],
  ["e->'variables'", "variables"],
  ["(e->>'version_id')::uuid", "version_id"],
  ["e->>'current_state_id'", "current_state_id"],
  ["(e->>'locked_by')::uuid", "locked_by"],
  ["e->>'outcome'", "outcome"],
  ["coalesce((e->>'has_incident')::boolean, false)", "has_incident"],
  ["(e->>'finished')::boolean", "finished"],
  ["(e->>'free_business_key')::boolean", "free_business_key"],
  ["(e->>'expected_seq')::int", "expected_seq"],
  ["e->>'actor'", "actor"],
  ["e->'si'", "si"],
  ["e->'occ'", "occ"],
  ["e->'fir'", "fir"],
  ["e->'his'", "his"],
  ["e->'jobs'", "jobs"],
];
const stepColumns = stepValues.map(([expression, name]) => `${expression} AS ${name}`).join(", ");
const kindColumns = stepValues.map(([, name]) => `k.${name}`).join(", ");

/**
 * A step's rows of one table as two parts: those it created (`created` in the row: new ids,
 * inserted) and the others (upserted: `onConflict`).
 */
const createdAndUpserted = (name: string, insert: string, select: string, onConflict: string) => `
${name}_created AS (
  ${insert}
${select}
   WHERE r->'created' IS NOT NULL
  RETURNING 1),
${name} AS (
  ${insert}
${select}
   WHERE r->'created' IS NULL
  ${onConflict}
  RETURNING 1),`;

/** The guarded instance update and the step's records (the parts every step writes). */
const instancesAndRecords = (p: {
  at: string;
  steps: string;
  snapshots: string;
  history: string;
  shared: Record<keyof SharedSteps, string>;
}) => `
inst AS (
  UPDATE instance SET state = x.s, status = x.status, seq = x.seq, variables = x.variables, version_id = x.version_id,
         current_state_id = x.current_state_id, locked_by = x.locked_by, outcome = x.outcome, has_incident = x.has_incident,
         ended_at = CASE WHEN x.finished THEN ${p.at}::timestamptz ELSE instance.ended_at END,
         active_business_key = CASE WHEN x.free_business_key THEN NULL ELSE instance.active_business_key END,
         updated_at = ${p.at}::timestamptz
    FROM (SELECT (e->>'id')::uuid AS id, s, hd, (e->>'fenced')::boolean AS fenced, NULL::text AS stand_in, ${stepColumns}
            FROM (SELECT t::jsonb AS e, u::json AS s, v::json AS hd
                    FROM unnest(string_to_array(${p.steps}::text, E'\\n'), string_to_array(${p.snapshots}::text, E'\\n'), string_to_array(${p.history}::text, E'\\n')) AS lines(t, u, v) OFFSET 0) AS parsed
          UNION ALL
          SELECT m.id, replace(replace(k.s, k.stand_in, m.id::text), ${p.shared.standInKey}::text, m.key_text)::json,
                 coalesce(k.hd_json, replace(replace(k.hd, k.stand_in, m.id::text), ${p.shared.standInKey}::text, m.key_text)::json),
                 false, k.stand_in, ${kindColumns}
            FROM unnest(${p.shared.ids}::uuid[], ${p.shared.kinds}::int[], ${p.shared.keys}::text[]) AS m(id, kind, key_text)
            JOIN (SELECT s, hd, stand_in, n, hd_json, ${stepColumns}
                    FROM (SELECT t::jsonb AS e, u AS s, v AS hd, w AS stand_in, n,
                                 CASE WHEN strpos(v, w) = 0 AND strpos(v, ${p.shared.standInKey}::text) = 0 THEN v::json END AS hd_json
                            FROM unnest(string_to_array(${p.shared.steps}::text, E'\\n'), string_to_array(${p.shared.snapshots}::text, E'\\n'), string_to_array(${p.shared.history}::text, E'\\n'), ${p.shared.standIns}::text[])
                                 WITH ORDINALITY AS k(t, u, v, w, n) OFFSET 0) AS lines OFFSET 0) AS k ON k.n = m.kind) x
   WHERE instance.id = x.id
     AND (x.expected_seq IS NULL OR instance.seq = x.expected_seq)
     AND (x.fenced IS NOT TRUE OR x.id IN (SELECT fl.instance_id FROM fence_lock fl))
   RETURNING instance.id, x.version_id, x.actor, x.si, x.occ, x.fir, x.his, x.hd, x.jobs, x.stand_in),${createdAndUpserted(
     "si",
     "INSERT INTO state_instance (instance_id, key, version_id, state_id, entered_seq, reason, exited_seq, exit_reason, entered_at, exited_at)",
     `  SELECT step.id, r->>'key', coalesce((r->>'version_id')::uuid, step.version_id), r->>'state_id', (r->>'entered_seq')::int, r->>'reason', (r->>'exited_seq')::int, r->>'exit_reason',
         coalesce((r->>'entered_at')::timestamptz, ${p.at}::timestamptz), CASE WHEN r->>'exited_seq' IS NULL THEN NULL ELSE coalesce((r->>'exited_at')::timestamptz, ${p.at}::timestamptz) END
    FROM inst AS step CROSS JOIN LATERAL jsonb_array_elements(step.si) AS r`,
     "ON CONFLICT (instance_id, key) DO UPDATE SET exited_seq = EXCLUDED.exited_seq, exit_reason = EXCLUDED.exit_reason, exited_at = EXCLUDED.exited_at",
   )}${createdAndUpserted(
     "occ",
     "INSERT INTO occurrence (instance_id, id, state_instance_key, version_id, node_id, status, attempt, reason, input, output, error, actor, closed_seq, due_at, created_at, updated_at)",
     `  SELECT step.id, r->>'id', r->>'state_instance_key', coalesce((r->>'version_id')::uuid, step.version_id), r->>'node_id', (r->>'status')::occurrence_status, (r->>'attempt')::int, r->>'reason',
         r->'input', r->'output', r->'error', r->>'actor', (r->>'closed_seq')::int, (r->>'due_at')::timestamptz, ${p.at}::timestamptz, ${p.at}::timestamptz
    FROM inst AS step CROSS JOIN LATERAL jsonb_array_elements(step.occ) AS r`,
     `ON CONFLICT (instance_id, id) DO UPDATE SET status = EXCLUDED.status, attempt = EXCLUDED.attempt, reason = EXCLUDED.reason, input = EXCLUDED.input,
     output = EXCLUDED.output, error = EXCLUDED.error, actor = EXCLUDED.actor, closed_seq = EXCLUDED.closed_seq, due_at = EXCLUDED.due_at, updated_at = EXCLUDED.updated_at`,
   )}
fir AS (
  INSERT INTO firing (instance_id, key, state_instance_key, line_id, seq, fired_at)
  SELECT step.id, r->>'key', r->>'state_instance_key', r->>'line_id', (r->>'seq')::int, coalesce((r->>'fired_at')::timestamptz, ${p.at}::timestamptz)
    FROM inst AS step CROSS JOIN LATERAL jsonb_array_elements(step.fir) AS r
  ON CONFLICT DO NOTHING RETURNING 1),
his AS (
  INSERT INTO history_event (instance_id, seq, type, data, actor, at)
  SELECT step.id, (step.his->>'seq')::int, 'step', step.hd, step.actor, coalesce((step.his->>'at')::timestamptz, ${p.at}::timestamptz)
    FROM inst AS step WHERE step.his IS NOT NULL
  RETURNING 1)`;

/** The audit record of the call that caused a step, written with the step (a change and its record commit together). */
const auditCte = (p: { at: string; audit: string }) => `
aud AS (
  INSERT INTO audit_event (at, actor_kind, actor_id, actor_name, ip, action, outcome, process_key, instance_id, version_id, detail)
  SELECT ${p.at}::timestamptz, a.actor_kind, a.actor_id, a.actor_name, a.ip, a.action, a.outcome, a.process_key, a.instance_id, a.version_id, a.detail
    FROM jsonb_to_recordset(${p.audit}::jsonb) AS a(step_instance_id uuid, actor_kind text, actor_id text, actor_name text, ip text, action text, outcome text,
         process_key text, instance_id text, version_id text, detail jsonb)
    JOIN inst ON inst.id = a.step_instance_id
  RETURNING 1)`;

/** What the step statement returns (one row). */
export interface StepStatementRow {
  /** Ids of the instances whose steps were written. */
  updated: string[];
  jobs: number;
  fences_held: number;
  /** Ids of the instances whose fenced job was still leased to its worker. */
  fenced?: string[];
  handed: unknown;
}

/**
 * Composes the step statement: its prepared statement's `name`, its `text` and its `values`.
 * With `alongside`, the statement ends in `flowstate_assert` (SQLSTATE FS409): every step written
 * and the alongside check holding, or nothing.
 */
export function stepStatement(
  input: StepStatementInput,
  alongside?: AlongsideWrites,
): { name: string; text: string; values: unknown[] } {
  const p = new SqlParams();
  const at = p.add(input.at);
  const parts = [
    fenceLockCte(p.add(JSON.stringify(input.fences))),
    instancesAndRecords({
      at,
      steps: p.add(input.steps),
      snapshots: p.add(input.snapshots),
      history: p.add(input.history),
      shared: {
        steps: p.add(input.shared.steps),
        snapshots: p.add(input.shared.snapshots),
        history: p.add(input.shared.history),
        standIns: p.add(input.shared.standIns),
        standInKey: p.add(input.shared.standInKey),
        ids: p.add(input.shared.ids),
        kinds: p.add(input.shared.kinds),
        keys: p.add(input.shared.keys),
      },
    }),
    stepJobsCtes({ at, cancelled: p.add(JSON.stringify(input.cancelled)) }),
    outboxCte({ at, events: p.add(input.webhookEvents) }),
    auditCte({ at, audit: p.add(JSON.stringify(input.audit)) }),
  ];
  const result = [
    `(SELECT coalesce(array_agg(inst.id::text), '{}') FROM inst) AS updated`,
    stepJobsResult({ notifications: p.add(JSON.stringify(input.notifications)) }),
  ];
  if (alongside) {
    const count = p.add(input.stepCount);
    const writes = alongside.sql(p, at);
    parts.push(`\n${writes.ctes}`);
    result.push(
      `flowstate_assert((SELECT count(*) FROM inst) = ${count}::int AND ${writes.check}, 'a batch of steps did not apply as a whole') AS applied`,
    );
  }
  return {
    name: alongside ? `flowstate_write_steps_${alongside.name}` : "flowstate_write_steps",
    text: `WITH${parts.join(",")}\nSELECT ${result.join(",\n  ")}`,
    values: p.values,
  };
}
