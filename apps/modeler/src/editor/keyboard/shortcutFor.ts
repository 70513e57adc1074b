import type { AppendKind } from "../store/EditorState";

/** Editor commands reachable from the keyboard. */
export type Shortcut =
  | { command: "delete" | "undo" | "redo" | "copy" | "cut" | "paste" | "selectAll" | "cancel" | "find" }
  /** View commands (the canvas handles them): Shift+1, Shift+2, Shift+3. */
  | { command: "fitAll" | "fitSelection" | "zoomToState" }
  | { command: "nudge"; dx: number; dy: number }
  /** Context pad commands on the one selected element. */
  | { command: "append"; kind: AppendKind }
  | { command: "connect"; modifier: "none" | "shift" | "alt" }
  | { command: "rename" | "changeKind" | "help" };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** The physical key (`Digit1` …): Shift+digit shortcuts must not depend on the layout's shifted character. */
  code?: string;
}

/**
 * One chord: a key (`key`, compared lower-cased for letters) or a physical key (`code`), with Ctrl/Cmd
 * (`mod`), Shift and Alt exactly as given (`shift: "any"` accepts both).
 */
export interface Chord {
  key?: string;
  code?: string;
  mod?: boolean;
  shift?: boolean | "any";
  alt?: boolean;
  /** How the key is written in the sheet (default: the key itself). */
  label?: string;
}

export type ShortcutGroup = "Create" | "Edit" | "View" | "Help";

/** One row of the shortcut sheet: what it does, its chords, the command they give. */
export interface ShortcutEntry {
  group: ShortcutGroup;
  description: string;
  chords: readonly Chord[];
  /** The command; a function when it depends on the modifiers (nudge steps). */
  shortcut: Shortcut | ((e: KeyPress) => Shortcut);
}

const NUDGE = 10;
const NUDGE_FINE = 1;

const directions: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

function nudge(e: KeyPress): Shortcut {
  const [dx, dy] = directions[e.key] ?? [0, 0];
  const step = e.shiftKey ? NUDGE_FINE : NUDGE;
  return { command: "nudge", dx: dx * step, dy: dy * step };
}

const arrow = (key: string, label: string): Chord => ({ key, shift: "any", label });

/** One row of the table. */
const entry = (
  group: ShortcutGroup,
  description: string,
  chords: readonly Chord[],
  shortcut: ShortcutEntry["shortcut"],
): ShortcutEntry => ({ group, description, chords, shortcut });

/** A plain letter that appends a node of `kind` after the selected element. */
const append = (key: string, kind: AppendKind, description: string) =>
  entry("Create", description, [{ key }], { command: "append", kind });

/** A chord that starts a connection from the selected element, of the line `modifier` gives. */
const connect = (chord: Chord, modifier: "none" | "shift" | "alt", description: string) =>
  entry("Create", description, [chord], { command: "connect", modifier });

/**
 * THE table of the editor's shortcuts: the keyboard handlers (`shortcutFor`) and the `?` sheet
 * (`ShortcutSheet`) both read it, so the sheet cannot list a key that does nothing or miss one.
 * Plain letters act on the one selected element, as the context pad's buttons do.
 */
export const shortcutTable: readonly ShortcutEntry[] = [
  append("m", "manual", "Append a manual action"),
  append("u", "automatic", "Append an automatic action"),
  append("a", "and", "Append an and"),
  append("o", "or", "Append an or"),
  append("f", "finalizer", "Append a finalizer"),
  append("s", "state", "Append a state (reached by a transition from the selected action)"),
  connect({ key: "c" }, "none", "Connect: then click the target (a node, or a state for a transition)"),
  connect({ key: "c", shift: true, label: "Shift+C" }, "shift", "Connect with a limit line"),
  connect({ code: "KeyC", alt: true, label: "Alt+C" }, "alt", "Connect with a not line"),
  entry("Edit", "Edit the name in place (Enter keeps it, Esc cancels)", [{ key: "F2" }, { key: "Enter" }], {
    command: "rename",
  }),
  entry("Edit", "Change kind: manual ⇄ automatic, and ⇄ or", [{ key: "k" }], { command: "changeKind" }),
  entry("Edit", "Undo", [{ key: "z", mod: true }], { command: "undo" }),
  entry(
    "Edit",
    "Redo",
    [
      { key: "z", mod: true, shift: true },
      { key: "y", mod: true },
    ],
    { command: "redo" },
  ),
  entry("Edit", "Copy", [{ key: "c", mod: true }], { command: "copy" }),
  entry("Edit", "Cut", [{ key: "x", mod: true }], { command: "cut" }),
  entry("Edit", "Paste at the pointer", [{ key: "v", mod: true }], { command: "paste" }),
  entry("Edit", "Delete the selection", [{ key: "Delete" }, { key: "Backspace" }], { command: "delete" }),
  entry(
    "Edit",
    "Move the selection by 10 px (Shift: 1 px)",
    [arrow("ArrowLeft", "←"), arrow("ArrowRight", "→"), arrow("ArrowUp", "↑"), arrow("ArrowDown", "↓")],
    nudge,
  ),
  entry("Edit", "Select all", [{ key: "a", mod: true }], { command: "selectAll" }),
  entry(
    "Edit",
    "Cancel the drag, connection or tool; else clear the selection",
    [{ key: "Escape", label: "Esc" }],
    { command: "cancel" },
  ),
  entry("View", "Find an element", [{ key: "f", mod: true }], { command: "find" }),
  entry("View", "Fit the whole diagram", [{ code: "Digit1", shift: true, label: "Shift+1" }], {
    command: "fitAll",
  }),
  entry("View", "Fit the selection", [{ code: "Digit2", shift: true, label: "Shift+2" }], {
    command: "fitSelection",
  }),
  entry("View", "Zoom to the selection's state", [{ code: "Digit3", shift: true, label: "Shift+3" }], {
    command: "zoomToState",
  }),
  entry("Help", "Show this list of shortcuts", [{ key: "?", shift: "any" }], { command: "help" }),
];

const keyNames: Record<string, string> = { Delete: "Delete", Backspace: "Backspace", Enter: "Enter" };

/** How a chord is written: `Shift+Ctrl/⌘+Z`. */
export function chordLabel(chord: Chord): string {
  if (chord.label) return chord.label;
  const key = chord.key ?? chord.code ?? "";
  const name = keyNames[key] ?? (key.length === 1 ? key.toUpperCase() : key);
  return `${chord.shift === true ? "Shift+" : ""}${chord.alt ? "Alt+" : ""}${chord.mod ? "Ctrl/⌘+" : ""}${name}`;
}

/** The chords of the entry giving `command`, written for a tooltip: `M`, `Ctrl/⌘+Z`. */
export function keysOf(command: Shortcut["command"], kind?: AppendKind): string {
  const entry = shortcutTable.find((e) => {
    if (typeof e.shortcut === "function") return false;
    return (
      e.shortcut.command === command &&
      (kind === undefined || ("kind" in e.shortcut && e.shortcut.kind === kind))
    );
  });
  return entry ? entry.chords.map(chordLabel).join(", ") : "";
}

/** The view shortcuts, as shown in tooltips. */
export const viewShortcutLabels = {
  fitAll: keysOf("fitAll"),
  fitSelection: keysOf("fitSelection"),
  zoomToState: keysOf("zoomToState"),
} as const;

function matches(chord: Chord, e: KeyPress): boolean {
  const mod = e.ctrlKey || e.metaKey;
  if (mod !== (chord.mod ?? false) || e.altKey !== (chord.alt ?? false)) return false;
  if (chord.shift !== "any" && e.shiftKey !== (chord.shift ?? false)) return false;
  if (chord.code !== undefined) return e.code === chord.code;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return key === chord.key;
}

/** Maps a key press to an editor command (Ctrl on Windows/Linux, Cmd on macOS); `null` when it is not one. */
export function shortcutFor(e: KeyPress): Shortcut | null {
  for (const entry of shortcutTable)
    if (entry.chords.some((c) => matches(c, e)))
      return typeof entry.shortcut === "function" ? entry.shortcut(e) : entry.shortcut;
  return null;
}
