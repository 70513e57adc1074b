// Models and instance states shared by the engine benchmarks.
import { initialState, step } from "@flowstate/engine";
import type { EngineEvent, InstanceState } from "@flowstate/engine";
import { parseModel } from "@flowstate/model";
import type { ProcessModel, ProcessModelInput } from "@flowstate/model";
import { salesCase } from "@flowstate/model/fixtures";

export const T0 = "2027-01-04T09:00:00.000Z";

/** An empty one-state document (state `S`) named `key`. */
function oneStateDoc(key: string): ProcessModelInput & Required<Pick<ProcessModelInput, "nodes" | "lines">> {
  return {
    formatVersion: 1,
    key,
    name: key,
    states: [{ id: "S", ref: "S", name: "S", initial: true }],
    nodes: [],
    lines: [],
  };
}

/** An action `id` in state `S` (ref and name = id). */
function action(
  id: string,
  props: { mode: "automatic"; handler: string } | { mode: "manual"; maxOccurs: number },
) {
  return { id, ref: id, kind: "action" as const, stateId: "S", name: id, ...props };
}

function parse(doc: ProcessModelInput): ProcessModel {
  const r = parseModel(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.model;
}

/** `n` automatic actions in a row, then a finalizer: the 20-step sequential process. */
export function sequentialModel(n: number): ProcessModel {
  const doc = oneStateDoc("seq");
  for (let i = 1; i <= n; i++) {
    doc.nodes.push(action(`t${i}`, { mode: "automatic", handler: "done" }));
    if (i > 1) doc.lines.push({ id: `l${i}`, ref: `l${i}`, kind: "flow", from: `t${i - 1}`, to: `t${i}` });
  }
  doc.nodes.push({ id: "end", ref: "end", kind: "finalizer", stateId: "S", name: "end" });
  doc.lines.push({ id: "lend", ref: "lend", kind: "flow", from: `t${n}`, to: "end" });
  return parse(doc);
}

/** The equivalent BPMN: start → n service tasks → end. */
export function sequentialBpmn(n: number): string {
  let tasks = "";
  let flows = "";
  let prev = "start";
  for (let i = 1; i <= n; i++) {
    tasks += `<serviceTask id="t${i}" implementation="\${environment.services.done}" />`;
    flows += `<sequenceFlow id="f${i}" sourceRef="${prev}" targetRef="t${i}" />`;
    prev = `t${i}`;
  }
  flows += `<sequenceFlow id="fend" sourceRef="${prev}" targetRef="end" />`;
  return `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn"><process id="p" isExecutable="true"><startEvent id="start" />${tasks}<endEvent id="end" />${flows}</process></definitions>`;
}

/**
 * One state with 200 manual actions (maxOccurs 0) and 400 lines: 50 roots; 150 flow lines
 * a(i−50) → a(i); 150 limit lines; 100 not lines from actions that are never performed.
 */
export function wideModel(): ProcessModel {
  const doc = oneStateDoc("wide");
  for (let i = 0; i < 200; i++) doc.nodes.push(action(`a${i}`, { mode: "manual", maxOccurs: 0 }));
  for (let i = 50; i < 200; i++)
    doc.lines.push({ id: `f${i}`, ref: `f${i}`, kind: "flow", from: `a${i - 50}`, to: `a${i}` });
  for (let i = 0; i < 150; i++)
    doc.lines.push({ id: `l${i}`, ref: `l${i}`, kind: "limit", from: `a${i}`, to: `a${199 - (i % 50)}` });
  for (let i = 0; i < 100; i++)
    doc.lines.push({ id: `n${i}`, ref: `n${i}`, kind: "not", from: `a${150 + (i % 50)}`, to: `a${i}` });
  return parse(doc);
}

/** Starts an instance and applies events in order; throws on any rejection. */
export function drive(
  model: ProcessModel,
  events: ((s: InstanceState) => EngineEvent)[],
  now = T0,
): InstanceState {
  const started = initialState(model, { instanceId: "bench", businessKey: "bench", version: 1, now });
  if (!started.ok) throw new Error(started.rejection.message);
  let state = started.state;
  for (const make of events) {
    const event = make(state);
    const r = step(model, state, event, now);
    if (!r.ok) throw new Error(`${event.type}: ${r.rejection.message}`);
    state = r.state;
  }
  return state;
}

/** `wideModel` after `completions` performs of the roots a0…a9 (round robin). */
export function wideState(model: ProcessModel, completions: number): InstanceState {
  const started = initialState(model, { instanceId: "bench", businessKey: "bench", version: 1, now: T0 });
  if (!started.ok) throw new Error(started.rejection.message);
  let state = started.state;
  for (let i = 0; i < completions; i++) {
    const r = step(model, state, { type: "perform", actionId: `a${i % 10}` }, T0);
    if (!r.ok) throw new Error(r.rejection.message);
    state = r.state;
  }
  return state;
}

const openOf = (s: InstanceState, nodeId: string) => {
  const o = Object.values(s.occurrences).find((x) => x.nodeId === nodeId);
  if (!o) throw new Error(`no open occurrence of ${nodeId}`);
  return o;
};
const done =
  (nodeId: string, output: Record<string, unknown> = {}) =>
  (s: InstanceState): EngineEvent => {
    const o = openOf(s, nodeId);
    return { type: "complete", occurrenceId: o.id, attempt: o.attempt, output: output as never };
  };
const perform =
  (code: string, input: Record<string, unknown> = {}) =>
  (): EngineEvent => ({ type: "perform", code, input: input as never });

/**
 * The sales case in its busiest state: POD signing with both ways open (physical signing waiting,
 * the POD DSP case created, its callback waiting and its e-mail subscription running), after a
 * full run through every earlier state.
 */
export function salesCaseBusyState(): { model: ProcessModel; state: InstanceState; event: EngineEvent } {
  const state = drive(salesCase, [
    perform("salesCase.establish", { caseId: "C-1", customerId: "K-1", product: "lease" }),
    done("getCustomerInfo", { exists: true, customer: { id: "K-1" } }),
    perform("credit.decide", { decision: "accepted", creditLimit: 5000 }),
    done("recordCreditDecision"),
    done("validateSocData", { valid: true }),
    done("getCreditFrame", { creditFrameId: "CF", limits: [] }),
    done("getInvolvedParties", { parties: [] }),
    done("prepareRpaPayload", { rpaPayload: {} }),
    done("callRpa", { jobId: "J" }),
    perform("rpa.agreementCallback", { jobId: "J", agreementCreated: true, agreementNumber: "AG" }),
    done("saveRpaResponse"),
    done("requestAgreementDocument", { requestId: "R" }),
    perform("docs.agreementCallback", { requestId: "R", documentId: "D", success: true }),
    done("validateDsp", { valid: true }),
    done("createDspCase", { caseId: "DSP" }),
    done("updateStatusDspCreated"),
    perform("dsp.agreementCallback", { caseId: "DSP", signed: true }),
    done("updateStatusSigned"),
    done("communicateAgreementSigned"),
    perform("onboarding.complete", { completed: true }),
    done("updateStatusOnboarding"),
    done("communicateOnboarding"),
    perform("delivery.initiate"),
    done("updateStatusDelivery"),
    done("requestPodDocument", { requestId: "R2" }),
    perform("docs.podCallback", { requestId: "R2", documentId: "POD", success: true }),
    done("preparePodDsp", { podDspAttempts: 0 }),
    done("validatePodDsp", { valid: true }),
    done("createPodDspCase", { caseId: "PDSP" }),
  ]);
  return {
    model: salesCase,
    state,
    event: {
      type: "signal",
      code: "pod.dspCallback",
      identifiers: { podDspCaseId: "PDSP" },
      payload: { caseId: "PDSP", signed: true },
    },
  };
}
