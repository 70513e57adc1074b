import type { ProcessModel } from "@flowstate/model";
import { dateTimeText } from "./dateTimeText";
import type { Explanation, Reason } from "./Explanation";
import { indexModel } from "./indexModel";

/**
 * How the caller wants times worded. The engine has no clock and no history: `seq` turns a history
 * `seq` into the moment it happened ("14:02"), or `undefined` when unknown (the phrase is left
 * out); `time` words an ISO time (a timer's due time). Defaults: no moments, times by `dateTimeText`.
 * The runtime and the modeler both word moments with `dateTimeText`, so their sentences agree.
 */
export interface TimeWords {
  seq?: (seq: number) => string | undefined;
  time?: (iso: string) => string;
}

const kindWord: Record<string, string> = {
  action: "the action",
  and: "the And",
  or: "the Or",
  finalizer: "the finalizer",
};

/**
 * One explanation in parts: the headline ("Approve is closed") and the clause of each reason it
 * gives (all reasons when the node is unlocked, the blocking ones otherwise), in order. A list of
 * reasons shows these clauses; `describeExplanation` joins them into the one sentence.
 */
export interface ExplanationParts {
  headline: string;
  clauses: { reason: Reason; text: string }[];
}

/** The headline and clauses of `describeExplanation` (see `ExplanationParts`). Pure; never throws. */
export function explanationParts(
  model: ProcessModel,
  explanation: Pick<Explanation, "nodeId" | "unlocked" | "reasons">,
  words: TimeWords = {},
): ExplanationParts {
  const ix = indexModel(model);
  const info = ix.nodes.get(explanation.nodeId);
  const subject = info ? nodeName(model, explanation.nodeId) : "This element";
  const ctx: Ctx = { model, nodeId: explanation.nodeId, words };
  // A sentence starts with a capital, but a name is written as its author wrote it ("iPad order").
  const sentence = (text: string) =>
    /^(the|an) /.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  const clause = (reason: Reason) => ({
    reason,
    text: describeReason(model, explanation.nodeId, reason, words),
  });
  if (explanation.unlocked) {
    const armed = explanation.reasons.find(
      (r) => r.code === "armedAtEntry" || r.code === "armedByFiring" || r.code === "armedByMigration",
    );
    const since = armed && "seq" in armed ? moment(ctx, armed.seq) : undefined;
    return {
      headline: sentence(`${subject} is unlocked${since ? ` since ${since}` : ""}`),
      clauses: explanation.reasons.map(clause),
    };
  }
  const blocking = explanation.reasons.filter((r) => r.blocking);
  const first = blocking[0];
  return {
    headline: sentence(`${subject} ${first ? headlines[first.code] : "is not unlocked"}`),
    clauses: blocking.map(clause),
  };
}

/**
 * Sentences for people about one explanation: element names (never ids), moments (never seqs).
 * `"Approve is closed: Reject was completed first, and the Or allows only one of them"`.
 * The ids and seqs stay in `explanation.reasons` for whoever wants the details. Pure; never throws.
 */
export function describeExplanation(
  model: ProcessModel,
  explanation: Pick<Explanation, "nodeId" | "unlocked" | "reasons">,
  words: TimeWords = {},
): string {
  const { headline, clauses } = explanationParts(model, explanation, words);
  return clauses.length > 0 ? `${headline}: ${clauses.map((c) => c.text).join("; ")}` : headline;
}

/** What the first blocking reason makes of the node, after its name. */
const headlines: Record<Reason["code"], string> = {
  unknownNode: "is not in this version",
  otherState: "is not in the current state",
  armedAtEntry: "is unlocked",
  armedByMigration: "is unlocked",
  armedByFiring: "is unlocked",
  notArmed: "is waiting",
  closed: "is closed",
  blocked: "is ruled out",
  exhausted: "is done",
  repeatDone: "is done",
  failed: "has failed",
  waitingForTimer: "is waiting",
  scheduled: "is scheduled",
  running: "is running",
  completions: "has run",
  locked: "is locked",
  notRunning: "cannot run any more",
};

interface Ctx {
  model: ProcessModel;
  nodeId: string;
  words: TimeWords;
}

function moment(ctx: Ctx, seq: number): string | undefined {
  return ctx.words.seq?.(seq);
}

function at(ctx: Ctx, seq: number): string {
  const m = moment(ctx, seq);
  return m ? ` at ${m}` : "";
}

function time(ctx: Ctx, iso: string): string {
  return (ctx.words.time ?? dateTimeText)(iso);
}

/** A node's name; an unnamed node by its kind ("the Or"); a node not in the model generically. */
function nodeName(model: ProcessModel, id: string): string {
  const node = indexModel(model).nodes.get(id)?.node;
  if (!node) return "an element of another version";
  const name = node.name.trim();
  return name === "" || (node.kind !== "action" && name.toLowerCase() === node.kind)
    ? (kindWord[node.kind] ?? "the element")
    : node.name;
}

function stateName(model: ProcessModel, id: string): string {
  const state = indexModel(model).states.get(id);
  return state && state.name.trim() !== "" ? state.name : "another state";
}

/** A control node with a name of its own: "the Or “Decided or expired”"; unnamed or named like its kind: "the Or". */
function controlName(model: ProcessModel, id: string, kind: "and" | "or"): string {
  const name = indexModel(model).nodes.get(id)?.node.name.trim() ?? "";
  const word = kind === "or" ? "Or" : "And";
  return name === "" || name.toLowerCase() === kind ? `the ${word}` : `the ${word} “${name}”`;
}

/** An outgoing flow line of `from` by id: O(lines of the node), like the explainer. */
function lineFrom(model: ProcessModel, lineId: string, from: string) {
  return indexModel(model)
    .nodes.get(from)
    ?.outgoing.find((l) => l.id === lineId);
}

/**
 * What makes a line fire, worded after its source: in the past ("Check was completed", "Check
 * failed", "the Or fired") or as what a node waits for ("Check is completed", "Check fails", "the Or fires").
 */
function lineEvent(model: ProcessModel, lineId: string, from: string, tense: "past" | "awaited"): string {
  const line = lineFrom(model, lineId, from);
  const source = indexModel(model).nodes.get(from)?.node;
  const past = tense === "past";
  if (line?.on === "failed") return `${nodeName(model, from)} ${past ? "failed" : "fails"}`;
  if (source && source.kind !== "action") return `${nodeName(model, from)} ${past ? "fired" : "fires"}`;
  return `${nodeName(model, from)} ${past ? "was" : "is"} completed`;
}

function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

function instanceStatus(status: string): string {
  switch (status) {
    case "completed":
      return "the instance has completed";
    case "failed":
      return "the instance has ended as failed";
    case "cancelled":
      return "the instance was cancelled";
    default:
      return `the instance is ${status}`;
  }
}

/** One reason as a clause for people (lower case, no ids, no seqs). */
export function describeReason(
  model: ProcessModel,
  nodeId: string,
  r: Reason,
  words: TimeWords = {},
): string {
  const ctx: Ctx = { model, nodeId, words };
  switch (r.code) {
    case "unknownNode":
      return "it is not part of this version of the process";
    case "otherState":
      return `it belongs to ${stateName(model, r.stateId)}, and the instance is in ${stateName(model, r.currentStateId)}`;
    case "armedAtEntry":
      return `it has no incoming line, so it opened when the instance entered ${stateName(model, indexModel(model).nodes.get(nodeId)?.stateId ?? "")}${at(ctx, r.seq)}`;
    case "armedByMigration":
      return `it opened when the instance was migrated${at(ctx, r.seq)}`;
    case "armedByFiring":
      return `it opened when ${lineEvent(model, r.lineId, r.from, "past")}${at(ctx, r.seq)}`;
    case "notArmed": {
      if (r.migrationOnly) return "it runs only when an instance is migrated into this state";
      if (r.waitingFor.length === 0) return "it has not opened yet";
      const join = indexModel(model).nodes.get(nodeId)?.node.kind === "and" ? " and " : " or ";
      return `it waits until ${r.waitingFor.map((w) => lineEvent(model, w.lineId, w.from, "awaited")).join(join)}`;
    }
    case "closed":
      return closedClause(ctx, r);
    case "blocked":
      return `${nodeName(model, r.source)} was completed${at(ctx, r.seq)}, and a not line rules it out after that`;
    case "exhausted":
      return `it has already run ${times(r.completions)}, as often as it may`;
    case "repeatDone":
      return "its repeat-until condition is met";
    case "failed":
      return `it failed for good${at(ctx, r.seq)}${r.incidentId !== undefined ? ", and an incident waits for an operator to retry or skip it" : ""}`;
    case "waitingForTimer":
      return r.dueAt !== "" ? `it waits for its timer, due ${time(ctx, r.dueAt)}` : "it waits for its timer";
    case "scheduled":
      return `it is scheduled for ${time(ctx, r.dueAt)}${r.attempt > 1 ? ` (try ${r.attempt})` : ""}`;
    case "running":
      return `it is running${r.attempt > 1 ? ` (try ${r.attempt})` : ""}`;
    case "completions":
      return r.maxOccurs === 0
        ? `it has run ${times(r.completions)} so far, with no limit`
        : `it has run ${times(r.completions)} of at most ${r.maxOccurs}`;
    case "locked":
      return "another instance with the same identifier ran a singleton action and locked this one";
    case "notRunning":
      return instanceStatus(r.status);
  }
}

function closedClause(ctx: Ctx, r: Extract<Reason, { code: "closed" }>): string {
  const { model } = ctx;
  const target = indexModel(model).nodes.get(r.target)?.node;
  const when = at(ctx, r.seq);
  if (r.lineKind === "limit")
    return `it may run only until ${nodeName(model, r.target)} runs, and ${nodeName(model, r.target)} was completed${when}`;
  if (target?.kind === "or") {
    const or = controlName(model, r.target, "or");
    if (r.by !== undefined && r.by !== ctx.nodeId)
      return `${nodeName(model, r.by)} was completed first${when}, and ${or} allows only one of them`;
    if (r.by === ctx.nodeId) return `it was completed${when} and so fired ${or}, which closes it`;
    return `${or} fired${when}, and it allows only one of its inputs`;
  }
  if (target?.kind === "and")
    return `${controlName(model, r.target, "and")} fired${when}, which closes its inputs until they open again`;
  return `${nodeName(model, r.target)}, which comes after it, was completed${when}`;
}
