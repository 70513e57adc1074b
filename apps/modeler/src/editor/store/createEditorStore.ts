/**
 * One store per editor instance (created by `EditorStoreProvider`). It holds the model, the
 * selection, the history, the tools and the save state. Every change of the model goes through
 * `modelEdits` and is recorded as one history entry per gesture; a gesture in flight (a drag, a
 * resize) updates the model transiently and is committed as one entry or cancelled (Escape) back to
 * where it began. A gesture keeps only the model it began with: its frames record nothing, and its
 * entry's patches are computed once at commit by diffing the two models (structural sharing keeps
 * that cheap), so a long drag costs the same per frame as a short one and its entry does not grow
 * with its frame count. Loading from the server is never recorded. No DOM here: tests drive it in Node.
 */
import { createStore } from "zustand/vanilla";
import type { StoreApi } from "zustand/vanilla";
import {
  applyPatches,
  canConnect,
  copyElements,
  EditError,
  nodeKinds,
  pasteElements,
} from "@flowstate/model";
import type {
  Bounds,
  ConnectCheck,
  ConnectKind,
  EditContext,
  NodeKind,
  Problem,
  ProcessModel,
} from "@flowstate/model";
import { combineEdits } from "../model/combineEdits";
import { diffPatches } from "../model/diffPatches";
import { fitStateToNodes, placeInsideStates, stateAt } from "../model/fitStateToNodes";
import * as edits from "../model/modelEdits";
import type { EditResult } from "../model/Patch";
import type { ClipboardStore } from "./ClipboardStore";
import type { HistoryEntry } from "./HistoryEntry";

/** What the palette can place. */
export type PlaceKind = "state" | "manual" | "automatic" | "and" | "or" | "finalizer";

/** Where the draft stands with the server. */
export type SaveStatus =
  | { status: "idle" }
  | { status: "saving" }
  | { status: "error"; message: string }
  | { status: "conflict"; currentRevision: number | undefined };

/** A gesture in flight: the model and selection before it (its patches are computed at commit). */
interface Gesture {
  label: string;
  base: ProcessModel;
  selection: string[];
}

export interface EditorState {
  model: ProcessModel;
  readOnly: boolean;
  /** Selected element ids (nodes, states, lines, transitions), in selection order. */
  selection: string[];
  /** The same as a lookup, so each canvas node selects one boolean. */
  selected: Record<string, true>;
  past: HistoryEntry[];
  future: HistoryEntry[];
  gesture: Gesture | null;
  /** A gesture was cancelled (Escape) but the pointer is still down: ignore its moves until it ends. */
  cancelled: boolean;
  /** Bumped by every committed change (edits, undo, redo); autosave compares it with `savedChangeCount`. */
  changeCount: number;
  savedChangeCount: number;
  /** The server revision the model is based on. */
  revision: number;
  save: SaveStatus;
  connectKind: ConnectKind;
  place: PlaceKind | null;
  /** A connection being dragged: which targets are legal (canvas dims the others). */
  connecting: { from: string; kind: ConnectKind; targets: Record<string, boolean> } | null;
  problems: Problem[];
  /** Worst severity per element id, for canvas markers. */
  problemsByElement: Record<string, Problem["severity"]>;
  /** The last thing a command refused, for a status message. */
  notice: string | null;
  pasteCount: number;
}

export interface EditorCommands {
  /** Replaces the model from the server: clears history, selection and dirty state. */
  load(model: ProcessModel, revision: number): void;
  setReadOnly(readOnly: boolean): void;
  /** Places a state box centred at `center`. */
  addState(center: { x: number; y: number }, name?: string): string | undefined;
  /** Places a node centred at `center` inside the state found there; the state grows to fit. */
  addNode(
    kind: NodeKind,
    center: { x: number; y: number },
    options?: { mode?: "manual" | "automatic"; name?: string },
  ): string | undefined;
  /** Places whatever the palette tool says, then clears the tool. */
  placeAt(center: { x: number; y: number }): string | undefined;
  canConnect(kind: ConnectKind, from: string, to: string): ConnectCheck;
  connect(kind: ConnectKind, from: string, to: string): string | undefined;
  beginGesture(label: string): void;
  /** Transient box changes during a gesture (or a one-off move outside one). */
  setBounds(bounds: Record<string, Bounds>): void;
  commitGesture(): void;
  cancelGesture(): void;
  /** Moves the selected nodes and states by a delta: one entry. */
  nudge(dx: number, dy: number): void;
  deleteSelection(): void;
  updateElement(id: string, changes: Record<string, unknown>, label?: string): void;
  /** Replaces a line by one of another kind between the same nodes (flow, failure, limit, not). */
  changeLineKind(id: string, kind: ConnectKind): void;
  updateProcess(changes: { name?: string; description?: string | undefined }): void;
  addCalendar(name: string): string | undefined;
  /** Replaces boxes from a layout run: one entry. */
  applyLayout(bounds: Record<string, Bounds>, label?: string): void;
  select(ids: readonly string[], mode?: "replace" | "add" | "toggle"): void;
  selectAll(): void;
  clearSelection(): void;
  copy(): boolean;
  cut(): boolean;
  paste(): string[];
  undo(): void;
  redo(): void;
  setConnectKind(kind: ConnectKind): void;
  setPlace(kind: PlaceKind | null): void;
  startConnecting(from: string, kind?: ConnectKind): void;
  stopConnecting(): void;
  markSaving(): void;
  markSaved(revision: number, changeCount: number): void;
  markConflict(currentRevision: number | undefined): void;
  markSaveError(message: string): void;
  setNotice(notice: string | null): void;
}

export type EditorStore = StoreApi<EditorState & EditorCommands>;

export interface EditorDeps {
  ctx: EditContext;
  clipboard: ClipboardStore;
  validate: (model: ProcessModel) => Problem[];
}

const STATE_SIZE = { width: 320, height: 200 } as const;
const PASTE_OFFSET = 40;

const defaultNames: Record<PlaceKind, string> = {
  state: "New state",
  manual: "Manual action",
  automatic: "Automatic action",
  and: "And",
  or: "Or",
  finalizer: "End",
};

function lookup(ids: readonly string[]): Record<string, true> {
  const out: Record<string, true> = {};
  for (const id of ids) out[id] = true;
  return out;
}

function severities(problems: readonly Problem[]): Record<string, Problem["severity"]> {
  const out: Record<string, Problem["severity"]> = {};
  for (const p of problems) for (const id of p.elementIds) if (out[id] !== "error") out[id] = p.severity;
  return out;
}

/** The model's meaning without its layout: validation only reruns when one of these changes. */
function sameMeaning(a: ProcessModel, b: ProcessModel): boolean {
  return (
    a.states === b.states &&
    a.nodes === b.nodes &&
    a.lines === b.lines &&
    a.transitions === b.transitions &&
    a.calendars === b.calendars &&
    a.name === b.name
  );
}

function existingIds(model: ProcessModel, ids: readonly string[]): string[] {
  const all = new Set<string>(
    [...model.states, ...model.nodes, ...model.lines, ...model.transitions].map((e) => e.id),
  );
  return ids.filter((id) => all.has(id));
}

export function createEditorStore(
  initial: ProcessModel,
  deps: EditorDeps,
  options: { revision?: number; readOnly?: boolean } = {},
): EditorStore {
  return createStore<EditorState & EditorCommands>()((set, get) => {
    const problemsOf = (model: ProcessModel) => {
      const problems = deps.validate(model);
      return { problems, problemsByElement: severities(problems) };
    };

    /** Sets a new model, revalidating only when its meaning changed. */
    const withModel = (model: ProcessModel): Partial<EditorState> =>
      sameMeaning(get().model, model) ? { model } : { model, ...problemsOf(model) };

    /** Records an edit: inside a gesture it joins the gesture; otherwise it is its own entry. */
    const commit = (label: string, result: EditResult<ProcessModel>, selectionAfter?: string[]): boolean => {
      const s = get();
      if (s.readOnly) return false;
      if (result.patches.length === 0) return false;
      const after = selectionAfter ?? s.selection;
      if (s.gesture) {
        // A frame of the gesture: only the model (and a selection given) changes; nothing is recorded.
        set(
          after === s.selection
            ? withModel(result.model)
            : { ...withModel(result.model), selection: after, selected: lookup(after) },
        );
        return true;
      }
      const entry: HistoryEntry = {
        label,
        patches: result.patches,
        inverse: result.inverse,
        selectionBefore: s.selection,
        selectionAfter: after,
      };
      set({
        ...withModel(result.model),
        past: [...s.past, entry],
        future: [],
        changeCount: s.changeCount + 1,
        selection: after,
        selected: lookup(after),
        notice: null,
      });
      return true;
    };

    const refuse = (notice: string): undefined => {
      set({ notice });
      return undefined;
    };

    return {
      model: initial,
      readOnly: options.readOnly ?? false,
      selection: [],
      selected: {},
      past: [],
      future: [],
      gesture: null,
      cancelled: false,
      changeCount: 0,
      savedChangeCount: 0,
      revision: options.revision ?? 0,
      save: { status: "idle" },
      connectKind: "flow",
      place: null,
      connecting: null,
      ...(() => {
        const problems = deps.validate(initial);
        return { problems, problemsByElement: severities(problems) };
      })(),
      notice: null,
      pasteCount: 0,

      load(model, revision) {
        set({
          model,
          ...problemsOf(model),
          revision,
          past: [],
          future: [],
          gesture: null,
          changeCount: 0,
          savedChangeCount: 0,
          selection: [],
          selected: {},
          save: { status: "idle" },
          connecting: null,
          pasteCount: 0,
        });
      },
      setReadOnly(readOnly) {
        set({ readOnly, place: null });
      },

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
        if (s.connecting) set({ connecting: null });
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
          if (nb && node && !movedStates.has(node.stateId))
            bounds[id] = { ...nb, x: nb.x + dx, y: nb.y + dy };
        }
        if (Object.keys(bounds).length === 0) return;
        const moved = edits.setBounds(model, bounds);
        const touched = new Set(model.nodes.filter((n) => bounds[n.id]).map((n) => n.stateId));
        const grow = fitStateToNodes(moved.model, touched);
        const r =
          Object.keys(grow).length > 0
            ? combineEdits(moved, edits.setBounds(moved.model, grow, { carryNodes: false }))
            : moved;
        commit("Nudge", r);
      },

      deleteSelection() {
        const { model, selection } = get();
        if (selection.length === 0) return;
        commit("Delete", edits.removeElements(model, selection), []);
      },

      updateElement(id, changes, label = "Edit properties") {
        try {
          commit(label, edits.updateElement(get().model, id, changes));
        } catch (error) {
          if (!(error instanceof EditError)) throw error;
          refuse(error.message);
        }
      },

      changeLineKind(id, kind) {
        if (get().readOnly) return;
        const check = get().model.lines.find((l) => l.id === id);
        if (!check) return;
        const without = edits.removeElements(get().model, [id]).model;
        const legal = canConnect(without, kind, check.from, check.to);
        if (!legal.ok) return void refuse(legal.reason);
        const r = edits.changeLineKind(get().model, deps.ctx, id, kind);
        commit("Change line kind", r, [r.id]);
      },

      updateProcess(changes) {
        commit("Edit process", edits.updateProcess(get().model, changes));
      },

      addCalendar(name) {
        if (get().readOnly) return undefined;
        const r = edits.addCalendar(get().model, deps.ctx, { name });
        commit("Add calendar", r);
        return r.id;
      },

      applyLayout(bounds, label = "Auto-layout") {
        commit(label, edits.applyLayout(get().model, bounds));
      },

      select(ids, mode = "replace") {
        const s = get();
        let next: string[];
        if (mode === "replace") next = [...ids];
        else if (mode === "add") next = [...s.selection, ...ids.filter((id) => !s.selected[id])];
        else {
          const toggled = new Set(ids);
          next = [...s.selection.filter((id) => !toggled.has(id)), ...ids.filter((id) => !s.selected[id])];
        }
        if (next.length === s.selection.length && next.every((id, i) => id === s.selection[i])) return;
        set({ selection: next, selected: lookup(next) });
      },

      selectAll() {
        const { model } = get();
        const ids = [...model.states, ...model.nodes].map((e) => e.id);
        set({ selection: ids, selected: lookup(ids) });
      },

      clearSelection() {
        if (get().selection.length > 0) set({ selection: [], selected: {} });
      },

      copy() {
        const { model, selection } = get();
        const content = copyElements(model, selection);
        if (!content) return false;
        deps.clipboard.write(content);
        set({ pasteCount: 0 });
        return true;
      },

      cut() {
        if (!get().copy()) return false;
        get().deleteSelection();
        return true;
      },

      paste() {
        const s = get();
        if (s.readOnly) return [];
        const content = deps.clipboard.read();
        if (!content) return [];
        const n = s.pasteCount + 1;
        const loose = content.nodes.some((node) => !content.states.some((st) => st.id === node.stateId));
        const homeless = content.nodes.some(
          (node) =>
            !content.states.some((st) => st.id === node.stateId) &&
            !(content.processKey === s.model.key && s.model.diagram.states[node.stateId]),
        );
        const selectedState =
          s.selection.length === 1 && s.model.diagram.states[s.selection[0] ?? ""]
            ? s.selection[0]
            : undefined;
        const targetStateId = loose
          ? (selectedState ?? (homeless ? s.model.states[0]?.id : undefined))
          : undefined;
        let pasted: ReturnType<typeof pasteElements>;
        try {
          pasted = pasteElements(s.model, deps.ctx, content, {
            offset: { x: PASTE_OFFSET * n, y: PASTE_OFFSET * n },
            ...(targetStateId ? { targetStateId } : {}),
          });
        } catch (error) {
          if (!(error instanceof EditError)) throw error;
          refuse("Nothing to paste here: add a state first.");
          return [];
        }
        // Behaviour: pasted nodes land inside their state box, which grows around them.
        const pastedNodes = pasted.model.nodes.filter((node) => pasted.ids.includes(node.id));
        const inside = edits.setBounds(
          pasted.model,
          placeInsideStates(
            pasted.model,
            pastedNodes.map((node) => node.id),
          ),
        );
        let r = combineEdits(pasted, inside);
        const grow = fitStateToNodes(r.model, new Set(pastedNodes.map((node) => node.stateId)));
        if (Object.keys(grow).length > 0)
          r = combineEdits(r, edits.setBounds(r.model, grow, { carryNodes: false }));
        commit("Paste", r, pasted.ids);
        set({ pasteCount: n });
        return pasted.ids;
      },

      undo() {
        const s = get();
        if (s.readOnly || s.gesture) return;
        const entry = s.past.at(-1);
        if (!entry) return;
        const model = applyPatches(s.model, entry.inverse);
        const selection = existingIds(model, entry.selectionBefore);
        set({
          ...withModel(model),
          past: s.past.slice(0, -1),
          future: [entry, ...s.future],
          changeCount: s.changeCount + 1,
          selection,
          selected: lookup(selection),
        });
      },

      redo() {
        const s = get();
        if (s.readOnly || s.gesture) return;
        const [entry, ...rest] = s.future;
        if (!entry) return;
        const model = applyPatches(s.model, entry.patches);
        const selection = existingIds(model, entry.selectionAfter);
        set({
          ...withModel(model),
          past: [...s.past, entry],
          future: rest,
          changeCount: s.changeCount + 1,
          selection,
          selected: lookup(selection),
        });
      },

      setConnectKind(connectKind) {
        set({ connectKind });
      },
      setPlace(place) {
        if (!get().readOnly) set({ place });
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

      markSaving() {
        set({ save: { status: "saving" } });
      },
      markSaved(revision, changeCount) {
        set({ revision, savedChangeCount: changeCount, save: { status: "idle" } });
      },
      markConflict(currentRevision) {
        set({ save: { status: "conflict", currentRevision } });
      },
      markSaveError(message) {
        set({ save: { status: "error", message } });
      },
      setNotice(notice) {
        set({ notice });
      },
    };
  });
}

/** True when there are edits the server has not seen. */
export function isDirty(s: Pick<EditorState, "changeCount" | "savedChangeCount">): boolean {
  return s.changeCount !== s.savedChangeCount;
}
