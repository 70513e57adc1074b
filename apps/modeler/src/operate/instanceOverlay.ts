import { dateTimeText } from "@flowstate/engine";
import { describeExplanation, viewRecords } from "@flowstate/engine";
import type { Reason, Records } from "@flowstate/engine";
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
  return { ...viewRecords(records), history: records.flatMap((r) => r.history) };
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The overlay of one instance on its version's diagram, as the path taken over its whole history:
 * the current state highlighted, states visited before readable with how often they were entered,
 * every node completed at any point emphasised with its count ("✓ ×3"), fired lines and transitions
 * taken emphasised with how often they fired ("×2"); per node of the current state its occurrences
 * (running, timers with their due time, incidents), unlocked actions highlighted (manual ones
 * performable while live), the others muted with the explainer's reason. Every node explains itself
 * on hover. Elements of the history that the shown version lacks (before a migration) are left out.
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

  // Completions over the whole history, and those of the current state instance.
  const completedEver = new Map<string, number>();
  for (const o of input.occurrences)
    if (o.status === "completed") completedEver.set(o.nodeId, (completedEver.get(o.nodeId) ?? 0) + 1);
  const inCurrent = input.occurrences.filter((o) => o.stateInstanceKey === current.id);
  const incidents = new Map(
    state.incidents.filter((i) => i.stateInstanceId === current.id).map((i) => [i.nodeId, i]),
  );
  const completedBadge = (n: number): OverlayBadge => ({
    text: `✓ ×${n}`,
    label: `completed ${plural(n, "time")}`,
    tone: "ok",
  });
  for (const node of model.nodes) {
    const ever = completedEver.get(node.id) ?? 0;
    if (node.stateId !== current.stateId) {
      // Hovering any node says why, in the same words as the explainer (not just its kind).
      const why = describeExplanation(model, {
        nodeId: node.id,
        unlocked: false,
        reasons: [
          { code: "otherState", blocking: true, stateId: node.stateId, currentStateId: current.stateId },
        ],
      });
      out[node.id] = {
        className: ever > 0 ? "ov-other ov-completed" : "ov-other",
        badges: ever > 0 ? [completedBadge(ever)] : [],
        title: ever > 0 ? `${node.name} was completed ${plural(ever, "time")}. ${why}` : why,
      };
      continue;
    }
    const mine = inCurrent.filter((o) => o.nodeId === node.id);
    const badges: OverlayBadge[] = [];
    const completedNow = mine.filter((o) => o.status === "completed").length;
    if (ever > 0) badges.push(completedBadge(ever));
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
        badges.push({
          text: `due ${dateTimeText(o.dueAt)}`,
          label: `timer due at ${dateTimeText(o.dueAt)}`,
          tone: "warn",
        });
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
    let title: string | undefined = explanation?.summary;
    let performable = false;
    if (unlocked.has(node.id)) {
      classes.push("ov-unlocked");
      performable =
        input.live && node.kind === "action" && node.mode === "manual" && state.status === "running";
    } else if (incident) {
      title = `incident: ${incidentMessage(incident.error)} — retry or skip it`;
    } else if (explanation && !explanation.unlocked) {
      const blocking = explanation.reasons.find((r) => r.blocking);
      // Completed in this state instance: drawn solid with its check, not muted like a locked one.
      classes.push(completedNow > 0 ? "ov-completed" : "ov-dimmed");
      if (blocking) classes.push(`ov-reason-${reasonClass[blocking.code] ?? "other"}`);
    }
    if (incident) classes.push("ov-incident");
    if (!title)
      title = `${node.name || "This element"}: ${node.kind === "action" ? "an action" : "a control"} of this state`;
    out[node.id] = {
      className: classes.join(" "),
      badges,
      title,
      ...(performable ? { performable: node.name } : {}),
    };
  }

  // Lines fired and transitions taken over the whole history, with how often.
  const lines = new Set(model.lines.map((l) => l.id));
  const fired = input.firings.filter((f) => lines.has(f.lineId)).sort((a, b) => a.seq - b.seq);
  const inThisState = new Set(fired.filter((f) => f.stateInstanceKey === current.id).map((f) => f.lineId));
  const mark = (id: string, what: string) => {
    const entry = (out[id] ??= { className: "ov-fired", badges: [], order: [], fired: 0 });
    entry.fired = (entry.fired ?? 0) + 1;
    entry.title = `${what} ${plural(entry.fired, "time")}`;
  };
  for (const f of fired) mark(f.lineId, "fired");
  for (const id of inThisState) out[id]!.className = "ov-fired ov-fired-now";
  // Within the current state instance, the order the lines fired in (1 = first).
  fired
    .filter((f) => f.stateInstanceKey === current.id)
    .forEach((f, i) => {
      const entry = out[f.lineId]!;
      entry.order = [...(entry.order ?? []), i + 1];
    });
  for (const id of inThisState) {
    const entry = out[id]!;
    entry.title = `${entry.title} (${(entry.order ?? []).map((n) => `#${n}`).join(", ")} in this state)`;
  }

  const transitions = new Set(model.transitions.map((t) => t.id));
  const taken = input.history
    .filter((h) => h.type === "transitionTaken")
    .map((h) => (h.data as { transitionId?: string }).transitionId)
    .filter((id): id is string => id !== undefined && transitions.has(id));
  taken.forEach((id, i) => {
    mark(id, "taken");
    const entry = out[id]!;
    entry.order = [...(entry.order ?? []), i + 1];
  });
  return out;
}
