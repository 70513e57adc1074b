/**
 * Bend points of lines and transitions (`diagram.lines[id].waypoints`). Inside a gesture (a drag of
 * a bend or a segment) each frame only moves the model and the drop is one history entry; Escape
 * (`cancelGesture`) restores the route from before. Outside a gesture each call is one entry.
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
