import { randomUUID } from "node:crypto";
import type { Effect, InstanceState, Records } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { jobsChannel } from "../queue/queueSql.ts";
import type { Runtime } from "./Runtime.ts";

type Tx = Prisma.TransactionClient;
const j = (v: unknown) => (v === undefined ? undefined : (v as Prisma.InputJsonValue));

export interface PersistContext {
  tx: Tx;
  rt: Runtime;
  processId: string;
  /** The instance row's state before the step (absent for a start). */
  before?: InstanceState;
  after: InstanceState;
  records: Records;
  effects: Effect[];
  now: Date;
  actor?: string;
  /** The job whose result this step records: deleted by the same statement, only while this worker still holds its lease. */
  fence?: { jobId: bigint; workerId: string };
  /** NOTIFYs to send on commit (channel, payload), e.g. the live change feed's. */
  notifications?: [string, string][];
}

/** Version ids of the numbers the records mention (history keeps pointing at old versions after a migration). */
async function versionIds(ctx: PersistContext): Promise<Map<number, string>> {
  const numbers = new Set<number>([ctx.after.version, ...ctx.records.stateInstances.map((s) => s.version), ...ctx.records.occurrences.map((o) => o.version)]);
  const map = new Map<number, string>();
  for (const n of numbers) map.set(n, (await ctx.rt.models.getByNumber(ctx.processId, n, ctx.tx)).versionId);
  return map;
}


/**
 * The common writes of a step as ONE statement (data-modifying CTEs over JSON arrays), so a step
 * costs BEGIN, the row lock, this statement and COMMIT: four round trips whatever the step did.
 * Columns are named explicitly; JSON arrays are expanded with jsonb_to_recordset. The statement
 * also deletes the fenced job (counted, so the caller can refuse a step whose lease was lost) and
 * sends the NOTIFYs (delivered at commit; a `jobs_only` one only when jobs were inserted). The
 * notify subquery is counted in the result so the planner keeps it (pg_notify is volatile).
 */
const writeStepSql = `
WITH
inst AS (
  UPDATE instance SET state = $2::jsonb, status = $3::instance_status, seq = $4, variables = $5::jsonb,
         version_id = $6::uuid, current_state_id = $7, locked_by = $8::uuid, outcome = $9, has_incident = $10,
         ended_at = CASE WHEN $11 THEN $13::timestamptz ELSE ended_at END,
         active_business_key = CASE WHEN $12 THEN NULL ELSE active_business_key END,
         updated_at = $13::timestamptz
   WHERE id = $1::uuid RETURNING 1),
si AS (
  INSERT INTO state_instance (instance_id, key, version_id, state_id, entered_seq, reason, exited_seq, exit_reason, entered_at, exited_at)
  SELECT $1::uuid, x.key, x.version_id, x.state_id, x.entered_seq, x.reason, x.exited_seq, x.exit_reason, x.entered_at, x.exited_at
    FROM jsonb_to_recordset($14::jsonb) AS x(key text, version_id uuid, state_id text, entered_seq int, reason text, exited_seq int, exit_reason text, entered_at timestamptz, exited_at timestamptz)
  ON CONFLICT (instance_id, key) DO UPDATE SET exited_seq = EXCLUDED.exited_seq, exit_reason = EXCLUDED.exit_reason, exited_at = EXCLUDED.exited_at
  RETURNING 1),
occ AS (
  INSERT INTO occurrence (instance_id, key, state_instance_key, version_id, node_id, status, attempt, reason, input, output, error, actor, completed_seq, due_at, created_at, updated_at)
  SELECT $1::uuid, x.key, x.state_instance_key, x.version_id, x.node_id, x.status::occurrence_status, x.attempt, x.reason, x.input, x.output, x.error, x.actor, x.completed_seq, x.due_at, $13::timestamptz, $13::timestamptz
    FROM jsonb_to_recordset($15::jsonb) AS x(key text, state_instance_key text, version_id uuid, node_id text, status text, attempt int, reason text, input jsonb, output jsonb, error jsonb, actor text, completed_seq int, due_at timestamptz)
  ON CONFLICT (instance_id, key) DO UPDATE SET status = EXCLUDED.status, attempt = EXCLUDED.attempt, reason = EXCLUDED.reason, input = EXCLUDED.input,
     output = EXCLUDED.output, error = EXCLUDED.error, actor = EXCLUDED.actor, completed_seq = EXCLUDED.completed_seq, due_at = EXCLUDED.due_at, updated_at = EXCLUDED.updated_at
  RETURNING 1),
fir AS (
  INSERT INTO firing (instance_id, key, state_instance_key, line_id, seq, fired_at)
  SELECT $1::uuid, x.key, x.state_instance_key, x.line_id, x.seq, x.fired_at
    FROM jsonb_to_recordset($16::jsonb) AS x(key text, state_instance_key text, line_id text, seq int, fired_at timestamptz)
  ON CONFLICT DO NOTHING RETURNING 1),
his AS (
  INSERT INTO history_event (instance_id, seq, type, data, actor, at)
  SELECT $1::uuid, x.seq, x.type, x.data, $17, x.at FROM jsonb_to_recordset($18::jsonb) AS x(seq int, type text, data jsonb, at timestamptz)
  RETURNING 1),
jobs AS (
  INSERT INTO job (kind, instance_id, occurrence_key, handler, run_at, attempt, idempotency_key, payload)
  SELECT x.kind, $1::uuid, x.occurrence_key, x.handler, x.run_at, x.attempt, x.idempotency_key, x.payload
    FROM jsonb_to_recordset($19::jsonb) AS x(kind text, occurrence_key text, handler text, run_at timestamptz, attempt int, idempotency_key text, payload jsonb)
  ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1),
fence AS (
  DELETE FROM job WHERE id = $20::bigint AND locked_by = $21 RETURNING 1)
SELECT (SELECT count(*) FROM inst)::int AS updated, (SELECT count(*) FROM jobs)::int AS jobs, (SELECT count(*) FROM fence)::int AS fenced,
  (SELECT count(*) FROM (SELECT pg_notify(n.channel, n.payload) FROM jsonb_to_recordset($22::jsonb) AS n(channel text, payload text, jobs_only boolean)
    WHERE NOT n.jobs_only OR EXISTS (SELECT 1 FROM jobs)) AS notified)::int AS notified`;

/**
 * Writes one accepted step in the caller's transaction (the transactional outbox): the instance
 * row, state instances, occurrences, firings, history and the jobs the effects ask for in one
 * statement; identifiers, incidents and cancelled schedules (rare) separately. Returns whether
 * jobs were inserted (so the caller wakes workers after commit) and whether the instance ended.
 */
export async function persistStep(ctx: PersistContext): Promise<{ jobsInserted: boolean; finished: boolean; fenced: boolean }> {
  const { tx, after, records, now } = ctx;
  const instanceId = after.instanceId;
  const versions = await versionIds(ctx);
  const seqTime = new Map(records.history.map((h) => [h.seq, h.at]));
  const finished = after.status === "completed" || after.status === "failed" || after.status === "cancelled";
  // A failed instance keeps its business key until an operator acknowledges the failure (seed 003).
  const freeBusinessKey = finished && after.status !== "failed" && after.outcome !== "failed";
  const iso = (d: Date) => d.toISOString();
  const atIso = (seq: number | undefined) => (seq === undefined ? iso(now) : (seqTime.get(seq) ?? iso(now)));

  const stateInstances = records.stateInstances.map((s) => ({
    key: s.id,
    version_id: versions.get(s.version)!,
    state_id: s.stateId,
    entered_seq: s.enteredSeq,
    reason: s.reason,
    exited_seq: s.exitedSeq ?? null,
    exit_reason: s.exitReason ?? null,
    entered_at: atIso(s.enteredSeq),
    exited_at: s.exitedSeq === undefined ? null : atIso(s.exitedSeq),
  }));
  const occurrences = records.occurrences.map((o) => ({
    key: o.id,
    state_instance_key: o.stateInstanceId,
    version_id: versions.get(o.version)!,
    node_id: o.nodeId,
    status: o.status,
    attempt: o.attempt,
    reason: o.reason,
    input: o.input ?? null,
    output: o.output ?? null,
    error: o.error ?? null,
    actor: o.actor === undefined || o.actor === null ? null : typeof o.actor === "string" ? o.actor : JSON.stringify(o.actor),
    completed_seq: o.closedSeq ?? null,
    due_at: o.dueAt ?? null,
  }));
  const firings = records.firings.map((f) => ({ key: f.id, state_instance_key: f.stateInstanceId, line_id: f.lineId, seq: f.seq, fired_at: atIso(f.seq) }));
  const history = records.history.map((h) => ({ seq: h.seq, type: h.type, data: h.data, at: h.at }));
  const { jobs, cancelled } = jobsFor(ctx);

  for (const occurrenceKey of cancelled) await tx.$executeRawUnsafe(`DELETE FROM job WHERE instance_id = $1::uuid AND occurrence_key = $2`, instanceId, occurrenceKey);
  const notifications = [
    ...(ctx.notifications ?? []).map(([channel, payload]) => ({ channel, payload, jobs_only: false })),
    ...(ctx.rt.db.pool ? [{ channel: jobsChannel, payload: "", jobs_only: true }] : []),
  ];
  const [row] = await tx.$queryRawUnsafe<{ updated: number; jobs: number; fenced: number }[]>(
    writeStepSql,
    instanceId,
    JSON.stringify(after),
    after.status,
    after.seq,
    JSON.stringify(after.variables),
    versions.get(after.version)!,
    after.current.stateId,
    after.lockedBy ?? null,
    after.outcome ?? null,
    after.incidents.length > 0,
    finished,
    freeBusinessKey,
    iso(now),
    JSON.stringify(stateInstances),
    JSON.stringify(occurrences),
    JSON.stringify(firings),
    ctx.actor ?? null,
    JSON.stringify(history),
    JSON.stringify(jobs),
    ctx.fence ? String(ctx.fence.jobId) : null,
    ctx.fence?.workerId ?? null,
    JSON.stringify(notifications),
  );
  if (!row || Number(row.updated) !== 1) throw new Error(`instance ${instanceId} vanished during its step`);
  const jobsInserted = Number(row.jobs) > 0;

  await syncIdentifiers(ctx);
  await syncIncidents(ctx);
  return { jobsInserted, finished, fenced: Number(row.fenced) === 1 };
}

async function syncIdentifiers({ tx, before, after, processId }: PersistContext): Promise<void> {
  if (before && JSON.stringify(before.identifiers) === JSON.stringify(after.identifiers)) return;
  const instanceId = after.instanceId;
  await tx.identifier.deleteMany({ where: { instanceId } });
  const rows = Object.entries(after.identifiers)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([name, v]) => ({ instanceId, processId, name, value: typeof v === "string" ? v : JSON.stringify(v) }));
  if (rows.length) await tx.identifier.createMany({ data: rows });
}

async function syncIncidents({ tx, before, after, now, records }: PersistContext): Promise<void> {
  const was = new Map((before?.incidents ?? []).map((i) => [i.id, i]));
  const is = new Map(after.incidents.map((i) => [i.id, i]));
  for (const inc of is.values()) {
    if (was.has(inc.id)) continue;
    await tx.incident.create({
      data: {
        id: randomUUID(),
        instanceId: after.instanceId,
        engineId: inc.id,
        occurrenceKey: inc.occurrenceId,
        nodeId: inc.nodeId,
        error: j(inc.error) ?? {},
        createdAt: now,
      },
    });
  }
  const lastEvent = records.history.find((h) => h.type === "event")?.data as { event?: { type?: string } } | undefined;
  const resolution = lastEvent?.event?.type === "skipIncident" ? "skipped" : lastEvent?.event?.type === "retryIncident" ? "retried" : "closed";
  for (const id of was.keys()) {
    if (is.has(id)) continue;
    await tx.incident.updateMany({ where: { instanceId: after.instanceId, engineId: id, status: "open" }, data: { status: "resolved", resolution, resolvedAt: now } });
  }
}

/** The job rows the effects ask for (outbox), and the occurrences whose scheduled jobs are cancelled. */
function jobsFor(ctx: PersistContext): { jobs: Record<string, unknown>[]; cancelled: string[] } {
  const { after, effects, now } = ctx;
  const instanceId = after.instanceId;
  const jobs: Record<string, unknown>[] = [];
  const cancelled: string[] = [];
  for (const e of effects) {
    switch (e.type) {
      case "schedule":
        jobs.push({ kind: "timer", occurrence_key: e.occurrenceId, handler: null, run_at: e.dueAt, attempt: e.attempt, idempotency_key: `timer:${e.idempotencyKey}`, payload: { nodeId: e.nodeId } });
        break;
      case "callHandler":
        jobs.push({ kind: "handler", occurrence_key: e.occurrenceId, handler: e.handler, run_at: now.toISOString(), attempt: e.attempt, idempotency_key: e.idempotencyKey, payload: { nodeId: e.nodeId, input: e.input ?? null } });
        break;
      case "cancelSchedule":
        cancelled.push(e.occurrenceId);
        break;
      case "lockInstances":
        jobs.push({
          kind: "lockInstances",
          occurrence_key: null,
          handler: null,
          run_at: now.toISOString(),
          attempt: 1,
          idempotency_key: `lock:${instanceId}:${after.seq}`,
          payload: { processKey: e.processKey, identifiers: e.identifiers, exceptInstanceId: e.exceptInstanceId },
        });
        break;
      default:
        break;
    }
  }
  const compensations = effects.filter((e) => e.type === "compensate").sort((a, b) => a.order - b.order);
  if (compensations.length) {
    // One job runs the compensations one after the other, in order, recording progress in its payload.
    jobs.push({
      kind: "compensation",
      occurrence_key: null,
      handler: null,
      run_at: now.toISOString(),
      attempt: 1,
      idempotency_key: `compensation:${instanceId}:${after.seq}`,
      payload: { done: 0, items: compensations.map((c) => ({ occurrenceId: c.occurrenceId, actionId: c.actionId, handler: c.handler, input: c.input, idempotencyKey: c.idempotencyKey })) },
    });
  }
  return { jobs, cancelled };
}
