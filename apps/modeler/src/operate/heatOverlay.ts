import type { ProcessModel } from "@flowstate/model";
import type { RouterOutputs } from "../api/routerTypes";
import type { ElementOverlay } from "../editor/canvas/ElementOverlay";

/** The runtime's `instance.heat` answer for one version. */
export type HeatInput = Pick<RouterOutputs["instance"]["heat"], "states" | "actions">;

/** 0 (none) … 4 (the most of this view), so the colour scale stays readable at any volume. */
export function heatLevel(count: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((count / max) * 4)) as 1 | 2 | 3 | 4;
}

/**
 * The heat overlay of a version: per state how many running instances sit in it, per action on
 * how many running instances it is unlocked now; elements with none stay plain.
 */
export function heatOverlay(model: ProcessModel, heat: HeatInput): Record<string, ElementOverlay> {
  const out: Record<string, ElementOverlay> = {};
  const states = new Map(heat.states.map((s) => [s.stateId, s.count]));
  const actions = new Map(heat.actions.map((a) => [a.nodeId, a.count]));
  const maxState = Math.max(0, ...states.values());
  const maxAction = Math.max(0, ...actions.values());
  for (const s of model.states) {
    const n = states.get(s.id) ?? 0;
    out[s.id] =
      n > 0
        ? {
            className: `heat heat-${heatLevel(n, maxState)}`,
            badges: [
              {
                text: `${n} running`,
                label: `${n} running instance${n === 1 ? "" : "s"} in ${s.name}`,
                tone: "accent",
              },
            ],
          }
        : { className: "heat heat-0", badges: [] };
  }
  for (const node of model.nodes) {
    const n = actions.get(node.id) ?? 0;
    if (n > 0)
      out[node.id] = {
        className: `heat heat-${heatLevel(n, maxAction)}`,
        badges: [
          {
            text: `${n} unlocked`,
            label: `unlocked on ${n} running instance${n === 1 ? "" : "s"}`,
            tone: "accent",
          },
        ],
      };
  }
  return out;
}
