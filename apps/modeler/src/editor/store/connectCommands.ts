/** Lines and transitions: the legality check, connecting, the dragged connection's targets, line kinds. */
import { canConnect, EditError } from "@flowstate/model";
import type { ConnectKind } from "@flowstate/model";
import * as edits from "../model/modelEdits";
import type { CommandGroup } from "./EditorCore";

export const connectCommands: CommandGroup<
  "canConnect" | "connect" | "changeLineKind" | "setConnectKind" | "startConnecting" | "stopConnecting"
> = ({ set, get, deps, commit, refuse }) => {
  return {
    canConnect(kind, from, to) {
      return canConnect(get().model, kind, from, to);
    },

    connect(kind, from, to) {
      const { model, readOnly } = get();
      if (readOnly) return undefined;
      const check = canConnect(model, kind, from, to);
      if (!check.ok) return refuse(check.reason);
      const r = edits.connect(model, deps.ctx, { kind, from, to });
      commit(kind === "transition" ? "Add transition" : `Add ${kind} line`, r, [r.id]);
      return r.id;
    },

    changeLineKind(id, kind) {
      if (get().readOnly) return;
      try {
        // The model's operation holds the legality check (`canConnect` without the line itself).
        const r = edits.changeLineKind(get().model, id, kind);
        commit("Change line kind", r, [r.id]);
      } catch (error) {
        if (!(error instanceof EditError)) throw error;
        refuse(error.message);
      }
    },

    setConnectKind(connectKind) {
      set({ connectKind });
    },

    startConnecting(from, kind) {
      const s = get();
      const k = kind ?? s.connectKind;
      const targets: Record<string, boolean> = {};
      const lineKind: ConnectKind = k === "transition" ? "flow" : k;
      for (const n of s.model.nodes)
        targets[n.id] = canConnect(s.model, lineKind, from, n.id).ok && k !== "transition";
      for (const st of s.model.states) targets[st.id] = canConnect(s.model, "transition", from, st.id).ok;
      set({ connecting: { from, kind: k, targets } });
    },
    stopConnecting() {
      if (get().connecting) set({ connecting: null });
    },
  };
};
