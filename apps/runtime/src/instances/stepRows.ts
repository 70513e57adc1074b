import type { Effect, InstanceState, Json, Records } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { PendingAudit } from "../auth/auditLog.ts";
import { jobsFor } from "../queue/stepJobs.ts";
import type { JobHandoff, StepJobRow } from "../queue/stepJobs.ts";
import { outboundEvents, outboxRow } from "../webhooks/outboundEvents.ts";

/** One accepted step to write: the engine's result and how the write is guarded. */
export interface StepWrite {
  processId: string;
  /** The instance row's state before the step (absent for a start). */
  before?: InstanceState;
  after: InstanceState;
  records: Records;
  effects: Effect[];
  actor?: string;
  /** The job whose result this step records: deleted by the same statement, only while this worker still holds its lease. */
  fence?: { jobId: bigint; workerId: string };
  /** The instance row's `seq` the step was computed from: the write happens only if it still is (absent for a start). */
  expectedSeq?: number;
  /** A worker that takes a handler job this step creates straight away (inserted already leased to it: no claim). */
  handoff?: JobHandoff;
  /** The audit record of the call that made this step: written by the same statement (then `recorded`). */
  audit?: PendingAudit;
  /** This step's own W3C trace context (a grouped step's span): overrides the statement's `traceParent`. */
  traceParent?: string;
}

/** What the rows of a step need looked up: version ids by number (the step's and any its records name), and its model. */
export interface StepLookups {
  versionIds: ReadonlyMap<number, string>;
  model: ProcessModel;
}

/** The rows of a batch of steps, as the step statement's parameters take them (see `stepStatement`). */
export interface StepRows {
  /** Per step: the instance row's new values with its rows nested (`si`, `occ`, `fir`, `his`, `jobs`). */
  steps: Record<string, unknown>[];
  /** Per step: whether it ends its instance. */
  finished: boolean[];
  /** Per step: its handler jobs (objects of `steps[i].jobs`: a hand-off leases one before the statement). */
  handlerJobs: StepJobRow[][];
  fences: { job_id: string; worker_id: string; instance_id: string }[];
  cancelled: { instance_id: string; occurrence_id: string }[];
  webhookEvents: (ReturnType<typeof outboxRow> & { trace_parent?: string })[];
  audit: Record<string, unknown>[];
}

/**
 * Row shaping, pure: the engine's results of a batch of steps → the rows the step statement
 * writes. Small on purpose (Postgres parses every byte): a key left out is NULL and the statement
 * fills in the default — a row's version is the step's, a time equal to `now` is the statement's,
 * a flag is false. `traceParent` (tracing on): the W3C trace context the steps' jobs and webhook
 * deliveries carry, so the work they cause joins the step's trace.
 */
export function stepRows(
  steps: readonly StepWrite[],
  lookups: readonly StepLookups[],
  now: Date,
  traceParent?: string,
): StepRows {
  const iso = now.toISOString();
  const rows: StepRows = {
    steps: [],
    finished: [],
    handlerJobs: [],
    fences: [],
    cancelled: [],
    webhookEvents: [],
    audit: [],
  };
  const statementTraceParent = traceParent;
  steps.forEach((step, i) => {
    const { after, records } = step;
    const traceParent = step.traceParent ?? statementTraceParent;
    const { versionIds, model } = lookups[i]!;
    const instance_id = after.instanceId;
    const versionId = versionIds.get(after.version)!;
    const otherVersion = (version: number) =>
      version === after.version ? undefined : versionIds.get(version)!;
    const seqTime = new Map(records.history.map((h) => [h.seq, h.at]));
    const atOrNow = (seq: number) => {
      const at = seqTime.get(seq);
      return at === iso ? undefined : at;
    };
    const ended = after.status === "completed" || after.status === "failed" || after.status === "cancelled";
    rows.finished.push(ended);
    const row: Record<string, unknown> = {
      id: instance_id,
      variables: after.variables,
      status: after.status,
      seq: after.seq,
      version_id: versionId,
      current_state_id: after.current.stateId,
    };
    if (after.lockedBy !== undefined && after.lockedBy !== null) row.locked_by = after.lockedBy;
    if (after.outcome !== undefined && after.outcome !== null) row.outcome = after.outcome;
    if (after.incidents.length > 0) row.has_incident = true;
    if (ended) row.finished = true;
    // A failed instance keeps its business key until an operator acknowledges the failure (seed 003).
    if (ended && after.status !== "failed" && after.outcome !== "failed") row.free_business_key = true;
    if (step.expectedSeq !== undefined) row.expected_seq = step.expectedSeq;
    if (step.fence) row.fenced = true;
    if (step.actor) row.actor = step.actor;
    // A row the step created (its id's number past the state's counter before the step: ids are
    // never taken twice) is inserted; any other is upserted (`created`).
    const before = step.before;
    if (records.stateInstances.length) {
      row.si = records.stateInstances.map((s) => ({
        key: s.id,
        created: created(s.id, before?.counters.stateInstance),
        version_id: otherVersion(s.version),
        state_id: s.stateId,
        entered_seq: s.enteredSeq,
        reason: s.reason,
        exited_seq: s.exitedSeq,
        exit_reason: s.exitReason,
        entered_at: atOrNow(s.enteredSeq),
        exited_at: s.exitedSeq === undefined ? undefined : atOrNow(s.exitedSeq),
      }));
    }
    if (records.occurrences.length) {
      row.occ = records.occurrences.map((o) => ({
        id: o.id,
        created: created(o.id, before?.counters.occurrence),
        state_instance_key: o.stateInstanceId,
        version_id: otherVersion(o.version),
        node_id: o.nodeId,
        status: o.status,
        attempt: o.attempt,
        reason: o.reason,
        input: o.input ?? undefined,
        output: o.output ?? undefined,
        error: o.error ?? undefined,
        actor:
          o.actor === undefined || o.actor === null
            ? undefined
            : typeof o.actor === "string"
              ? o.actor
              : actorName(o.actor),
        closed_seq: o.closedSeq,
        due_at: o.dueAt ?? undefined,
      }));
    }
    if (records.firings.length)
      row.fir = records.firings.map((f) => ({
        key: f.id,
        state_instance_key: f.stateInstanceId,
        line_id: f.lineId,
        seq: f.seq,
        fired_at: atOrNow(f.seq),
      }));
    // The step's history is ONE row (type `step`, its records in `data`: see `historyRecordsSql`).
    const [first] = records.history;
    if (first) row.his = { seq: first.seq, at: first.at === iso ? undefined : first.at };
    const effects = jobsFor(after, step.effects, now);
    const handlerJobs: StepJobRow[] = [];
    if (effects.jobs.length) {
      row.jobs = effects.jobs.map((job) => {
        const jobRow: StepJobRow = { ...job, run_at: job.run_at === iso ? undefined : job.run_at };
        if (traceParent) jobRow.payload = { ...(job.payload as object), traceparent: traceParent };
        if (job.kind === "handler") handlerJobs.push(jobRow);
        return jobRow;
      });
    }
    rows.steps.push(row);
    rows.handlerJobs.push(handlerJobs);
    for (const occurrence_id of effects.cancelled) rows.cancelled.push({ instance_id, occurrence_id });
    if (step.fence)
      rows.fences.push({ job_id: String(step.fence.jobId), worker_id: step.fence.workerId, instance_id });
    if (step.audit && !step.audit.recorded)
      rows.audit.push({ ...step.audit.row, step_instance_id: instance_id });
    // Webhook outbox: the step's lifecycle and action events, for the webhooks that want them.
    for (const e of outboundEvents({ before: step.before, after, records, model, now }))
      rows.webhookEvents.push(traceParent ? { ...outboxRow(e), trace_parent: traceParent } : outboxRow(e));
  });
  return rows;
}

/**
 * Whether a state instance or occurrence record is of a row the step created: true when its id's
 * number (`s<N>`, `o<N>`) is past the counter of the state before the step; otherwise undefined
 * (left out of the row: the row may exist, as for a start, whose rows are upserted).
 */
function created(id: string, counterBefore: number | undefined): true | undefined {
  if (counterBefore === undefined || !/^[a-z]\d+$/.test(id)) return undefined;
  return Number(id.slice(1)) > counterBefore ? true : undefined;
}

/** An occurrence's performer for its row: a name, or the `name` of an actor object (else its JSON). */
function actorName(actor: Json): string {
  const name = typeof actor === "object" && actor !== null && !Array.isArray(actor) ? actor.name : undefined;
  return typeof name === "string" ? name : JSON.stringify(actor);
}
