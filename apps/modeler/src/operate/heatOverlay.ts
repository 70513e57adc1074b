import type { ProcessModel } from "@flowstate/model";
import type { RouterOutputs } from "../api/routerTypes";
import type { ElementOverlay, OverlayBadge } from "../editor/canvas/ElementOverlay";

/** The runtime's `instance.heat` answer for one version. */
export type HeatInput = Pick<RouterOutputs["instance"]["heat"], "states" | "actions">;

/** 0 (none) … 4 (the most of this view), so the colour scale stays readable at any volume. */
export function heatLevel(count: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((count / max) * 4)) as 1 | 2 | 3 | 4;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The red of an element with incidents: graded by their share of the element's instances (1 … 4). */
function incidentMark(incidents: number, of: number): { className: string; badge: OverlayBadge } | null {
  if (incidents <= 0) return null;
  return {
    className: ` heat-incident inc-${heatLevel(incidents, Math.max(of, incidents))}`,
    badge: {
      text: plural(incidents, "incident"),
      label: `${plural(incidents, "instance")} with an open incident (of ${of}); click to list them`,
      tone: "danger",
    },
  };
}

/**
 * The heat overlay of a version: per state how many running instances sit in it, per action on
 * how many running instances it is unlocked now; elements with none stay plain. Incidents are
 * red, graded by their share (of the state's instances; of the action's unlocked and stuck ones).
 */
export function heatOverlay(model: ProcessModel, heat: HeatInput): Record<string, ElementOverlay> {
  const out: Record<string, ElementOverlay> = {};
  const states = new Map(heat.states.map((s) => [s.stateId, s]));
  const actions = new Map(heat.actions.map((a) => [a.nodeId, a]));
  const maxState = Math.max(0, ...heat.states.map((s) => s.count));
  const maxAction = Math.max(0, ...heat.actions.map((a) => a.count));
  for (const s of model.states) {
    const n = states.get(s.id)?.count ?? 0;
    const red = incidentMark(states.get(s.id)?.incidents ?? 0, n);
    out[s.id] =
      n > 0
        ? {
            className: `heat heat-${heatLevel(n, maxState)}${red?.className ?? ""}`,
            badges: [
              {
                text: `${n} running`,
                label: `${plural(n, "running instance")} in ${s.name}; click to list them`,
                tone: "accent",
              },
              ...(red ? [red.badge] : []),
            ],
          }
        : { className: "heat heat-0", badges: [] };
  }
  for (const node of model.nodes) {
    const a = actions.get(node.id);
    const n = a?.count ?? 0;
    const red = incidentMark(a?.incidents ?? 0, n + (a?.incidents ?? 0));
    if (n > 0 || red)
      out[node.id] = {
        className: `heat heat-${heatLevel(n, maxAction)}${red?.className ?? ""}`,
        badges: [
          ...(n > 0
            ? [
                {
                  text: `${n} unlocked`,
                  label: `unlocked on ${plural(n, "running instance")}`,
                  tone: "accent" as const,
                },
              ]
            : []),
          ...(red ? [red.badge] : []),
        ],
      };
  }
  return out;
}

/** The list filter a click on a heat element sets: a state → its instances; an action with incidents → those. */
export function heatClickFilter(
  model: ProcessModel,
  heat: HeatInput,
  elementId: string,
): { stateId: string } | { incidentNodeId: string } | null {
  if (model.states.some((s) => s.id === elementId)) return { stateId: elementId };
  const action = heat.actions.find((a) => a.nodeId === elementId);
  if (action && action.incidents > 0) return { incidentNodeId: elementId };
  return null;
}
