import { describeExplanation } from "@flowstate/engine";
import type { OccurrenceRecord, Reason, Records } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { RouterOutputs } from "../api/routerTypes";
import type { ElementOverlay, OverlayBadge } from "../editor/canvas/ElementOverlay";
import { incidentMessage } from "./incidentMessage";

type InstanceView = RouterOutputs["instance"]["view"];
type HistoryRow = RouterOutputs["instance"]["history"][number];

/** What the overlay of one instance is computed from (the runtime's `instance.view` plus history). */
export type InstanceOverlayInput = Pick<
  InstanceView,
  "state" | "unlocked" | "explanations" | "occurrences" | "firings"
> & {
  /** History entries up to the viewed point (only `transitionTaken` is read). */
  history: readonly Pick<HistoryRow, "seq" | "type" | "data">[];
  /** True when the view is the instance now (performing is possible); false while time travelling. */
  live: boolean;
};

/**
 * The occurrences (last record of each), firings and history of the engine's records, shaped the way
 * the runtime's instance view gives them: play mode builds its overlay from these.
 */
export function overlayRecords(
  records: readonly Records[],
): Pick<InstanceOverlayInput, "occurrences" | "firings" | "history"> {
  const occurrences = new Map<string, OccurrenceRecord>();
  const firings: InstanceOverlayInput["firings"][number][] = [];
  const history: InstanceOverlayInput["history"][number][] = [];
  for (const r of records) {
    for (const o of r.occurrences) occurrences.set(o.id, o);
    for (const f of r.firings)
      firings.push({ key: f.id, lineId: f.lineId, stateInstanceKey: f.stateInstanceId, seq: f.seq });
    history.push(...r.history);
  }
  return {
    occurrences: [...occurrences.values()].map((o) => ({
      id: o.id,
      nodeId: o.nodeId,
      stateInstanceKey: o.stateInstanceId,
      status: o.status,
      attempt: o.attempt,
      dueAt: o.dueAt ?? null,
    })),
    firings,
    history,
  };
}

/** Blocking reasons, as the class that dims the element (`ov-reason-closed` …). */
const reasonClass: Partial<Record<Reason["code"], string>> = {
  closed: "closed",
  blocked: "blocked",
  exhausted: "exhausted",
  locked: "locked",
  notArmed: "waiting",
  failed: "failed",
  repeatDone: "exhausted",
  waitingForTimer: "waiting",
  notRunning: "closed",
};

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** A due time in UTC with its day (timers are often days away): "5 Jan 09:00 UTC". */
const time = (iso: string) => {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The overlay of one instance on its version's diagram: the current state highlighted, states
 * visited before, per node the occurrences of the current state instance (completed counts,
 * running, scheduled timers with their due time, incidents), unlocked actions highlighted (manual
 * ones performable while live), every other node of the current state dimmed with the explainer's
 * reason, the fired lines numbered in the order they fired and the transitions taken.
 */
export function instanceOverlay(
  model: ProcessModel,
  input: InstanceOverlayInput,
): Record<string, ElementOverlay> {
  const out: Record<string, ElementOverlay> = {};
  const { state } = input;
  const current = state.current;
  const active = state.status === "running" || state.status === "locked";
  const unlocked = new Set(input.unlocked.map((u) => u.nodeId));

  const visits = new Map<string, number>();
  for (const si of state.stateInstances) visits.set(si.stateId, (visits.get(si.stateId) ?? 0) + 1);
  for (const s of model.states) {
    const n = visits.get(s.id) ?? 0;
    const isCurrent = s.id === current.stateId;
    const badges: OverlayBadge[] = [];
    if (isCurrent)
      badges.push(
        active
          ? {
              text: state.status === "locked" ? "locked" : "current",
              label: `current state (${state.status})`,
              tone: state.status === "locked" ? "warn" : "accent",
            }
          : {
              text: state.status,
              label: `the instance ended here (${state.status})`,
              tone: state.status === "completed" ? "ok" : "danger",
            },
      );
    if (n > (isCurrent ? 1 : 0))
      badges.push({ text: `×${n}`, label: `entered ${plural(n, "time")}`, tone: "neutral" });
    out[s.id] = { className: isCurrent ? "ov-current" : n > 0 ? "ov-visited" : "ov-idle", badges };
  }

  const inCurrent = input.occurrences.filter((o) => o.stateInstanceKey === current.id);
  const incidents = new Map(
    state.incidents.filter((i) => i.stateInstanceId === current.id).map((i) => [i.nodeId, i]),
  );
  for (const node of model.nodes) {
    if (node.stateId !== current.stateId) {
      // Hovering any node says why, in the same words as the explainer (not just its kind).
      const title = describeExplanation(model, {
        nodeId: node.id,
        unlocked: false,
        reasons: [
          { code: "otherState", blocking: true, stateId: node.stateId, currentStateId: current.stateId },
        ],
      });
      out[node.id] = { className: "ov-other", badges: [], title };
      continue;
    }
    const mine = inCurrent.filter((o) => o.nodeId === node.id);
    const badges: OverlayBadge[] = [];
    const completed = mine.filter((o) => o.status === "completed").length;
    if (completed > 0)
      badges.push({ text: `✓ ${completed}`, label: `completed ${plural(completed, "time")}`, tone: "ok" });
    const skipped = mine.filter((o) => o.status === "skipped").length;
    if (skipped > 0)
      badges.push({
        text: `skipped ${skipped}`,
        label: `skipped ${plural(skipped, "time")}`,
        tone: "neutral",
      });
    for (const o of mine) {
      if (o.status === "running")
        badges.push({ text: "running", label: `running (attempt ${o.attempt})`, tone: "accent" });
      if (o.status === "scheduled" && o.dueAt)
        badges.push({ text: `due ${time(o.dueAt)}`, label: `timer due at ${o.dueAt}`, tone: "warn" });
    }
    const incident = incidents.get(node.id);
    if (incident)
      badges.push({
        text: "incident",
        label: `incident: ${incidentMessage(incident.error)}`,
        tone: "danger",
      });
    const explanation = input.explanations[node.id];
    const classes: string[] = [];
    let title: string | undefined;
    let performable = false;
    if (unlocked.has(node.id)) {
      classes.push("ov-unlocked");
      performable =
        input.live && node.kind === "action" && node.mode === "manual" && state.status === "running";
      title = explanation?.summary;
    } else if (incident) {
      title = `incident: ${incidentMessage(incident.error)} — retry or skip it`;
    } else if (explanation && !explanation.unlocked) {
      const blocking = explanation.reasons.find((r) => r.blocking);
      classes.push("ov-dimmed");
      if (blocking) classes.push(`ov-reason-${reasonClass[blocking.code] ?? "other"}`);
      title = explanation.summary;
    }
    if (incident) classes.push("ov-incident");
    out[node.id] = {
      className: classes.join(" "),
      badges,
      ...(title ? { title } : {}),
      ...(performable ? { performable: node.name } : {}),
    };
  }

  const lines = new Map(model.lines.map((l) => [l.id, l]));
  const fired = input.firings
    .filter((f) => f.stateInstanceKey === current.id && lines.has(f.lineId))
    .sort((a, b) => a.seq - b.seq);
  fired.forEach((f, i) => {
    const entry = (out[f.lineId] ??= { className: "ov-fired", badges: [], order: [] });
    entry.order = [...(entry.order ?? []), i + 1];
    entry.title = `fired ${entry.order.map((n) => `#${n}`).join(", ")} in this state`;
  });

  const transitions = new Set(model.transitions.map((t) => t.id));
  const taken = input.history
    .filter((h) => h.type === "transitionTaken")
    .map((h) => (h.data as { transitionId?: string }).transitionId)
    .filter((id): id is string => id !== undefined && transitions.has(id));
  taken.forEach((id, i) => {
    const entry = (out[id] ??= { className: "ov-fired", badges: [], order: [] });
    entry.order = [...(entry.order ?? []), i + 1];
    entry.title = `taken ${entry.order.map((n) => `#${n}`).join(", ")}`;
  });
  return out;
}
