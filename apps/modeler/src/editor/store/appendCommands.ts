/**
 * The context pad's commands: append a node (connected by a flow line) or a state (reached by a
 * transition) after the selected element, change a node's kind in place, rename in place, and
 * connect by click. Each is one history entry; the appended element is selected and its name
 * opened for in-place editing.
 */
import { canConnect, changeNodeKind, EditError, nodeKinds } from "@flowstate/model";
import type { NodeKind, ProcessModel } from "@flowstate/model";
import { placeAfterNode, placeInState, placeStateAfter } from "../model/appendPlacement";
import { combineEdits } from "../model/combineEdits";
import { fitStateToNodes } from "../model/fitStateToNodes";
import * as edits from "../model/modelEdits";
import type { EditResult } from "../model/Patch";
import type { CommandGroup } from "./EditorCore";
import type { AppendKind } from "./EditorState";
import { defaultNames, STATE_SIZE } from "./placeCommands";

type Result = EditResult<ProcessModel>;

function nodeKindOf(kind: Exclude<AppendKind, "state">): { kind: NodeKind; mode?: "manual" | "automatic" } {
  return kind === "manual" || kind === "automatic" ? { kind: "action", mode: kind } : { kind };
}

export const appendCommands: CommandGroup<
  "append" | "toggleKind" | "rename" | "beginRename" | "endRename" | "beginLink" | "linkTo"
> = ({ set, get, deps, commit, refuse }) => {
  /** Adds a node of `kind` in `stateId` at `position`, growing the state: one result. */
  const addNodeIn = (
    model: ProcessModel,
    kind: Exclude<AppendKind, "state">,
    stateId: string,
    position: { x: number; y: number },
  ) => {
    const { kind: nodeKind, mode } = nodeKindOf(kind);
    const added = edits.addNode(model, deps.ctx, {
      kind: nodeKind,
      stateId,
      position,
      name: defaultNames[kind],
      ...(mode ? { mode } : {}),
    });
    const grow = fitStateToNodes(added.model, [stateId]);
    const r: Result =
      Object.keys(grow).length > 0
        ? combineEdits(added, edits.setBounds(added.model, grow, { carryNodes: false }))
        : added;
    return { ...r, id: added.id };
  };

  return {
    append(from, kind) {
      const { model, readOnly } = get();
      if (readOnly) return undefined;
      const node = model.nodes.find((n) => n.id === from);
      const state = model.states.find((s) => s.id === from);
      let r: Result & { id: string };
      if (kind === "state") {
        if (node?.kind !== "action") return refuse("A state is reached by a transition from an action.");
        const bounds = placeStateAfter(model, node.stateId, STATE_SIZE);
        const added = edits.addState(model, deps.ctx, { name: defaultNames.state, bounds });
        const linked = edits.connect(added.model, deps.ctx, { kind: "transition", from, to: added.id });
        r = { ...combineEdits(added, linked), id: added.id };
      } else if (state) {
        const size = nodeKinds[nodeKindOf(kind).kind].size;
        r = addNodeIn(model, kind, state.id, placeInState(model, state.id, size));
      } else if (node) {
        if (node.kind === "finalizer") return refuse("A finalizer ends the instance: nothing follows it.");
        const size = nodeKinds[nodeKindOf(kind).kind].size;
        const added = addNodeIn(model, kind, node.stateId, placeAfterNode(model, from, size));
        const check = canConnect(added.model, "flow", from, added.id);
        if (!check.ok) return refuse(check.reason);
        const linked = edits.connect(added.model, deps.ctx, { kind: "flow", from, to: added.id });
        r = { ...combineEdits(added, linked), id: added.id };
      } else return undefined;
      commit(`Append ${kind}`, r, [r.id]);
      set({ renaming: r.id });
      return r.id;
    },

    toggleKind(id) {
      const { model, readOnly } = get();
      if (readOnly) return;
      const node = model.nodes.find((n) => n.id === id);
      if (!node) return;
      const to =
        node.kind === "action"
          ? node.mode === "manual"
            ? "automatic"
            : "manual"
          : node.kind === "and"
            ? "or"
            : node.kind === "or"
              ? "and"
              : undefined;
      if (!to) return void refuse("A finalizer has no other kind.");
      try {
        commit("Change kind", changeNodeKind(model, id, to));
      } catch (error) {
        if (!(error instanceof EditError)) throw error;
        refuse(error.message);
      }
    },

    rename(id, name) {
      const trimmed = name.trim();
      set({ renaming: null });
      if (trimmed === "") {
        refuse("A name cannot be empty: the previous name is kept.");
        return false;
      }
      const element = [...get().model.states, ...get().model.nodes].find((e) => e.id === id);
      if (!element || element.name === trimmed) return false;
      get().updateElement(id, { name: trimmed }, "Rename");
      return true;
    },

    beginRename(id) {
      const { model, readOnly } = get();
      if (readOnly) return;
      if (model.nodes.some((n) => n.id === id) || model.states.some((s) => s.id === id))
        set({ renaming: id });
    },
    endRename() {
      if (get().renaming) set({ renaming: null });
    },

    beginLink(from, kind = "flow") {
      if (get().readOnly || !get().model.nodes.some((n) => n.id === from)) return;
      get().startConnecting(from, kind);
      set({ linking: from });
    },
    linkTo(target) {
      const from = get().linking;
      const kind = get().connecting?.kind ?? "flow";
      set({ linking: null });
      get().stopConnecting();
      if (!from || from === target) return undefined;
      const toState = get().model.states.some((s) => s.id === target);
      return get().connect(toState ? "transition" : kind, from, target);
    },
  };
};
