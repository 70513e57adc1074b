/** Placing states and nodes (the palette): a node lands inside the state found at its centre. */
import { nodeKinds } from "@flowstate/model";
import { combineEdits } from "../model/combineEdits";
import { fitStateToNodes, stateAt } from "../model/fitStateToNodes";
import * as edits from "../model/modelEdits";
import type { CommandGroup } from "./EditorCore";
import type { PlaceKind } from "./EditorState";

export const STATE_SIZE = { width: 320, height: 200 } as const;

export const defaultNames: Record<PlaceKind, string> = {
  state: "New state",
  manual: "Manual action",
  automatic: "Automatic action",
  and: "And",
  or: "Or",
  finalizer: "End",
};

export const placeCommands: CommandGroup<"addState" | "addNode" | "placeAt" | "setPlace"> = ({
  set,
  get,
  deps,
  commit,
  refuse,
}) => {
  return {
    addState(center, name) {
      const { model, readOnly } = get();
      if (readOnly) return undefined;
      const bounds = {
        x: Math.round(center.x - STATE_SIZE.width / 2),
        y: Math.round(center.y - STATE_SIZE.height / 2),
        ...STATE_SIZE,
      };
      const r = edits.addState(model, deps.ctx, { name: name ?? defaultNames.state, bounds });
      commit("Add state", r, [r.id]);
      return r.id;
    },

    addNode(kind, center, opts = {}) {
      const { model, readOnly } = get();
      if (readOnly) return undefined;
      const stateId = stateAt(model, center);
      if (!stateId) return refuse("Place actions and control nodes inside a state box.");
      const size = nodeKinds[kind].size;
      const position = {
        x: Math.round(center.x - size.width / 2),
        y: Math.round(center.y - size.height / 2),
      };
      const placeKind: PlaceKind = kind === "action" ? (opts.mode ?? "manual") : kind;
      const added = edits.addNode(model, deps.ctx, {
        kind,
        stateId,
        position,
        name: opts.name ?? defaultNames[placeKind],
        ...(opts.mode ? { mode: opts.mode } : {}),
      });
      const grow = fitStateToNodes(added.model, [stateId]);
      const r =
        Object.keys(grow).length > 0
          ? combineEdits(added, edits.setBounds(added.model, grow, { carryNodes: false }))
          : added;
      commit(`Add ${placeKind}`, r, [added.id]);
      return added.id;
    },

    placeAt(center) {
      const { place } = get();
      if (!place) return undefined;
      set({ place: null });
      if (place === "state") return get().addState(center);
      if (place === "manual" || place === "automatic")
        return get().addNode("action", center, { mode: place });
      return get().addNode(place, center);
    },

    setPlace(place) {
      if (!get().readOnly) set({ place });
    },
  };
};
