import type { Draft } from "./Draft";
import { failNode } from "./failNode";
import { logExpressionErrors } from "./completeNode";
import { evaluateMapping } from "./evaluateExpression";
import { captureValues } from "./captureValues";
import type { NodeInfo } from "./indexModel";
import type { JsonObject } from "./Json";
import type { OccurrenceRecord } from "./Records";
import { addDuration, epochMillis } from "./time/addDuration";
import { nextCalendarTime } from "./time/nextCalendarTime";

/** The identity of an occurrence to start or schedule; the rest is filled in. */
export type OccurrenceBase = Pick<OccurrenceRecord, "id" | "attempt" | "armedAt" | "reason"> &
  Partial<OccurrenceRecord>;

function evaluateInput(d: Draft, info: NodeInfo): { value: JsonObject; limitError?: string } {
  const mapping = info.action?.input;
  if (!mapping) return { value: {} };
  const r = evaluateMapping(mapping, d.context());
  logExpressionErrors(d, info.id, r.errors);
  return r;
}

function inputOf(d: Draft, info: NodeInfo): JsonObject {
  return evaluateInput(d, info).value;
}

function idempotencyKey(d: Draft, info: NodeInfo, id: string, attempt: number): string {
  return `${d.state.instanceId}:${info.id}:${id}:${attempt}`;
}

/**
 * When an action unlocked now is due: now plus its `delay` (calendar units in the calendar's time
 * zone, else UTC), moved to the next window of its `calendar`.
 */
export function dueAtFor(d: Draft, info: NodeInfo): string {
  const action = info.action;
  if (!action) return d.now;
  const calendar = action.calendar !== undefined ? d.ix.calendars.get(action.calendar) : undefined;
  let t = d.now;
  if (action.delay !== undefined) t = addDuration(t, action.delay, calendar?.timezone ?? "UTC") ?? t;
  if (calendar) t = nextCalendarTime(calendar, t);
  return t;
}

/** True when `dueAt` is not later than the step's `now`. */
export function isDue(d: Draft, dueAt: string): boolean {
  return epochMillis(dueAt) <= epochMillis(d.now);
}

/** The error of an occurrence whose input mapping exceeded the FEEL limits (docs/semantics.md "FEEL limits"). */
export const EXPRESSION_LIMIT = "EXPRESSION_LIMIT";

/**
 * The occurrence `base` of `info` in the current state instance, opened at `seq` as running (with
 * its `input`) or scheduled (with its `dueAt`); no longer closed.
 */
function openRecord(
  d: Draft,
  info: NodeInfo,
  base: OccurrenceBase,
  seq: number,
  open: { status: "running"; input: JsonObject } | { status: "scheduled"; dueAt: string },
): OccurrenceRecord {
  const record: OccurrenceRecord = {
    nodeId: info.id,
    stateInstanceId: d.current.id,
    version: d.state.version,
    createdSeq: seq,
    ...base,
    ...open,
  };
  if (open.status === "running") delete record.dueAt;
  delete record.closedSeq;
  return record;
}

/** Logs `occurrenceStarted` (next `seq`) and returns the occurrence as running in the current state instance. */
function runningRecord(d: Draft, info: NodeInfo, base: OccurrenceBase, input: JsonObject): OccurrenceRecord {
  const seq = d.log("occurrenceStarted", { occurrenceId: base.id, nodeId: info.id, attempt: base.attempt });
  return openRecord(d, info, base, seq, { status: "running", input });
}

/**
 * Starts an automatic occurrence now (next `seq`): evaluates its input mapping, applies input
 * captures, marks it `running` and asks the runtime to call its handler (`callHandler`). An input
 * mapping that exceeds the FEEL limits starts nothing: the occurrence fails at once with an
 * incident (`{ code: "EXPRESSION_LIMIT", message }`, no failure flow, no handler call).
 */
export function startOccurrence(d: Draft, info: NodeInfo, base: OccurrenceBase): void {
  const evaluated = evaluateInput(d, info);
  if (evaluated.limitError !== undefined) {
    const record = runningRecord(d, info, base, {});
    failNode(d, info, record, { code: EXPRESSION_LIMIT, message: `input ${evaluated.limitError}` }, false);
    return;
  }
  const input = evaluated.value;
  const action = info.action;
  if (action) {
    const captured = captureValues(action, "input", input, d.state.identifiers);
    d.setIdentifiers(captured.identifiers);
    d.setVariables(captured.variables);
    logExpressionErrors(d, info.id, captured.errors);
  }
  const record = runningRecord(d, info, base, input);
  d.putOccurrence(record);
  const handler = action?.handler ?? "noop";
  d.effects.push({
    type: "callHandler",
    occurrenceId: base.id,
    nodeId: info.id,
    handler,
    attempt: base.attempt,
    idempotencyKey: idempotencyKey(d, info, base.id, base.attempt),
    input,
  });
}

/**
 * Schedules an occurrence for `dueAt` (next `seq`): `scheduled`, with a `schedule` effect (a timer
 * job; the runtime delivers `timerDue`). A timer-gated manual action's effect has no handler.
 */
export function scheduleOccurrence(d: Draft, info: NodeInfo, base: OccurrenceBase, dueAt: string): void {
  const seq = d.log("occurrenceScheduled", {
    occurrenceId: base.id,
    nodeId: info.id,
    attempt: base.attempt,
    dueAt,
  });
  d.putOccurrence(openRecord(d, info, base, seq, { status: "scheduled", dueAt }));
  const action = info.action;
  const automatic = action?.mode === "automatic";
  d.effects.push({
    type: "schedule",
    occurrenceId: base.id,
    nodeId: info.id,
    ...(automatic ? { handler: action.handler ?? "noop" } : {}),
    dueAt,
    attempt: base.attempt,
    idempotencyKey: idempotencyKey(d, info, base.id, base.attempt),
    input: inputOf(d, info),
  });
}
