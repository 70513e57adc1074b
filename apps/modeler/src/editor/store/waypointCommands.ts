/**
 * Bend points of lines and transitions (`diagram.lines[id].waypoints`); a drag of a bend or a
 * segment is a gesture (contract: `HistoryEntry.ts`).
 */
import * as edits from "../model/modelEdits";
import type { CommandGroup } from "./EditorCore";

export const waypointCommands: CommandGroup<"setWaypoints" | "resetRoute"> = ({ get, commit }) => {
  return {
    setWaypoints(id, waypoints, label = "Move bend point") {
      const { model, cancelled } = get();
      if (cancelled) return;
      commit(label, edits.setWaypoints(model, id, waypoints));
    },

    resetRoute(id) {
      commit("Reset route", edits.setWaypoints(get().model, id, []));
    },
  };
};
