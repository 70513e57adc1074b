/**
 * Moving boxes, and the gesture merge of the command-stack contract (`HistoryEntry.ts`). The
 * gesture's diff is computed once at commit (structural sharing keeps that cheap), so a long drag
 * costs the same per frame as a short one. Nudges and layout runs are one entry each.
 */
import type { Bounds, ProcessModel } from "@flowstate/model";
import { combineEdits } from "../model/combineEdits";
import { diffPatches } from "../model/diffPatches";
import { fitStateToNodes } from "../model/fitStateToNodes";
import { followMovedEnds } from "../model/followMovedEnds";
import * as edits from "../model/modelEdits";
import type { EditResult } from "../model/Patch";
import type { CommandGroup } from "./EditorCore";
import type { HistoryEntry } from "./HistoryEntry";

export const gestureCommands: CommandGroup<
  "beginGesture" | "setBounds" | "commitGesture" | "cancelGesture" | "nudge" | "applyLayout"
> = ({ set, get, commit, withModel }) => {
  return {
    beginGesture(label) {
      const s = get();
      if (s.readOnly || s.gesture) return;
      set({ gesture: { label, base: s.model, selection: s.selection }, cancelled: false });
    },

    setBounds(bounds) {
      const { model, cancelled } = get();
      if (cancelled) return;
      commit("Move", edits.setBounds(model, bounds));
    },

    commitGesture() {
      const s = get();
      const g = s.gesture;
      if (!g) {
        if (s.cancelled) set({ cancelled: false });
        return;
      }
      // The whole gesture as one edit, computed once from where it began to where it ended.
      const patches = diffPatches(g.base, s.model);
      if (patches.length === 0) {
        set({ ...withModel(g.base), gesture: null });
        return;
      }
      let done: EditResult<ProcessModel> = {
        model: s.model,
        patches,
        inverse: diffPatches(s.model, g.base),
      };
      // Behaviour: states grow around nodes that were moved or resized towards their border.
      const stateOf = new Map(s.model.nodes.map((n) => [n.id, n.stateId]));
      const touched = new Set<string>();
      for (const p of patches) {
        const [top, kind, id] = p.path;
        const stateId =
          top === "diagram" && kind === "nodes" && typeof id === "string" ? stateOf.get(id) : undefined;
        if (stateId) touched.add(stateId);
      }
      const grow = fitStateToNodes(s.model, touched);
      if (Object.keys(grow).length > 0)
        done = combineEdits(done, edits.setBounds(s.model, grow, { carryNodes: false }));
      done = withBendsFollowing(g.base, done);
      const { model } = done;
      const entry: HistoryEntry = {
        label: g.label,
        patches: done.patches,
        inverse: done.inverse,
        selectionBefore: g.selection,
        selectionAfter: s.selection,
      };
      set({
        ...withModel(model),
        gesture: null,
        past: [...s.past, entry],
        future: [],
        changeCount: s.changeCount + 1,
      });
    },

    cancelGesture() {
      const s = get();
      if (s.gesture) set({ ...withModel(s.gesture.base), gesture: null, cancelled: true });
      if (s.connecting || s.linking) set({ connecting: null, linking: null });
      if (s.place) set({ place: null });
    },

    nudge(dx, dy) {
      const { model, selection } = get();
      const bounds: Record<string, Bounds> = {};
      const movedStates = new Set(selection.filter((id) => model.diagram.states[id]));
      for (const id of selection) {
        const sb = model.diagram.states[id];
        if (sb) bounds[id] = { ...sb, x: sb.x + dx, y: sb.y + dy };
        const nb = model.diagram.nodes[id];
        const node = model.nodes.find((n) => n.id === id);
        if (nb && node && !movedStates.has(node.stateId)) bounds[id] = { ...nb, x: nb.x + dx, y: nb.y + dy };
      }
      if (Object.keys(bounds).length === 0) return;
      const moved = edits.setBounds(model, bounds);
      const touched = new Set(model.nodes.filter((n) => bounds[n.id]).map((n) => n.stateId));
      const grow = fitStateToNodes(moved.model, touched);
      const r =
        Object.keys(grow).length > 0
          ? combineEdits(moved, edits.setBounds(moved.model, grow, { carryNodes: false }))
          : moved;
      commit("Nudge", withBendsFollowing(model, r));
    },

    applyLayout(bounds, label = "Auto-layout") {
      commit(label, edits.applyLayout(get().model, bounds));
    },
  };
};

/** Adds to a move the bend points of lines whose ends moved, kept sensible (`followMovedEnds`). */
function withBendsFollowing(before: ProcessModel, moved: EditResult<ProcessModel>): EditResult<ProcessModel> {
  let done = moved;
  for (const [id, waypoints] of Object.entries(followMovedEnds(before, moved.model)))
    done = combineEdits(done, edits.setWaypoints(done.model, id, waypoints));
  return done;
}
