import type { StoreApi } from "zustand/vanilla";
import type {
  Bounds,
  ConnectCheck,
  ConnectKind,
  EditContext,
  NodeKind,
  Point,
  Problem,
  ProcessModel,
} from "@flowstate/model";
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
export interface Gesture {
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
  /** The element whose name is being edited in place (`appendCommands`), or null. */
  renaming: string | null;
  /** A connect-by-click in progress (context pad): the next clicked node or state is the target. */
  linking: string | null;
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
  /** Sets the bend points of a line or transition (a frame inside a gesture, else one entry). */
  setWaypoints(id: string, waypoints: readonly Point[], label?: string): void;
  /** Clears the bend points of a line or transition: it is routed again. One entry. */
  resetRoute(id: string): void;
  /** Replaces boxes from a layout run: one entry. */
  applyLayout(bounds: Record<string, Bounds>, label?: string): void;
  select(ids: readonly string[], mode?: "replace" | "add" | "toggle"): void;
  selectAll(): void;
  clearSelection(): void;
  copy(): boolean;
  cut(): boolean;
  /** Pastes; with `at` (the last pointer position), the copied group's top-left lands there. */
  paste(at?: { x: number; y: number }): string[];
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
  /** Context pad: adds a node (or, with "state", a state reached by a transition) after `from`. */
  append(from: string, kind: AppendKind): string | undefined;
  /** Context pad: action manual ⇄ automatic, and ⇄ or (same id). */
  toggleKind(id: string): void;
  /** In-place name editing: an empty name is refused and the old one kept. */
  rename(id: string, name: string): boolean;
  beginRename(id: string): void;
  endRename(): void;
  /**
   * Connect by click: `beginLink(from, kind)`, then `linkTo(target)` (a line of `kind`, default flow,
   * or a transition when the target is a state); Escape cancels.
   */
  beginLink(from: string, kind?: ConnectKind): void;
  linkTo(target: string): string | undefined;
}

/** What the context pad appends. */
export type AppendKind = PlaceKind;

export type EditorStore = StoreApi<EditorState & EditorCommands>;

export interface EditorDeps {
  ctx: EditContext;
  clipboard: ClipboardStore;
  validate: (model: ProcessModel) => Problem[];
}
