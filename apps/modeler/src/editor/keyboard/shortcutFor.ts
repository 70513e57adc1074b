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

/**
 * THE table of the editor's shortcuts: the keyboard handlers (`shortcutFor`) and the `?` sheet
 * (`ShortcutSheet`) both read it, so the sheet cannot list a key that does nothing or miss one.
 * Plain letters act on the one selected element, as the context pad's buttons do.
 */
export const shortcutTable: readonly ShortcutEntry[] = [
  {
    group: "Create",
    description: "Append a manual action",
    chords: [{ key: "m" }],
    shortcut: { command: "append", kind: "manual" },
  },
  {
    group: "Create",
    description: "Append an automatic action",
    chords: [{ key: "u" }],
    shortcut: { command: "append", kind: "automatic" },
  },
  {
    group: "Create",
    description: "Append an and",
    chords: [{ key: "a" }],
    shortcut: { command: "append", kind: "and" },
  },
  {
    group: "Create",
    description: "Append an or",
    chords: [{ key: "o" }],
    shortcut: { command: "append", kind: "or" },
  },
  {
    group: "Create",
    description: "Append a finalizer",
    chords: [{ key: "f" }],
    shortcut: { command: "append", kind: "finalizer" },
  },
  {
    group: "Create",
    description: "Append a state (reached by a transition from the selected action)",
    chords: [{ key: "s" }],
    shortcut: { command: "append", kind: "state" },
  },
  {
    group: "Create",
    description: "Connect: then click the target (a node, or a state for a transition)",
    chords: [{ key: "c" }],
    shortcut: { command: "connect", modifier: "none" },
  },
  {
    group: "Create",
    description: "Connect with a limit line",
    chords: [{ key: "c", shift: true, label: "Shift+C" }],
    shortcut: { command: "connect", modifier: "shift" },
  },
  {
    group: "Create",
    description: "Connect with a not line",
    chords: [{ code: "KeyC", alt: true, label: "Alt+C" }],
    shortcut: { command: "connect", modifier: "alt" },
  },
  {
    group: "Edit",
    description: "Edit the name in place (Enter keeps it, Esc cancels)",
    chords: [{ key: "F2" }, { key: "Enter" }],
    shortcut: { command: "rename" },
  },
  {
    group: "Edit",
    description: "Change kind: manual ⇄ automatic, and ⇄ or",
    chords: [{ key: "k" }],
    shortcut: { command: "changeKind" },
  },
  { group: "Edit", description: "Undo", chords: [{ key: "z", mod: true }], shortcut: { command: "undo" } },
  {
    group: "Edit",
    description: "Redo",
    chords: [
      { key: "z", mod: true, shift: true },
      { key: "y", mod: true },
    ],
    shortcut: { command: "redo" },
  },
  { group: "Edit", description: "Copy", chords: [{ key: "c", mod: true }], shortcut: { command: "copy" } },
  { group: "Edit", description: "Cut", chords: [{ key: "x", mod: true }], shortcut: { command: "cut" } },
  {
    group: "Edit",
    description: "Paste at the pointer",
    chords: [{ key: "v", mod: true }],
    shortcut: { command: "paste" },
  },
  {
    group: "Edit",
    description: "Delete the selection",
    chords: [{ key: "Delete" }, { key: "Backspace" }],
    shortcut: { command: "delete" },
  },
  {
    group: "Edit",
    description: "Move the selection by 10 px (Shift: 1 px)",
    chords: [
      arrow("ArrowLeft", "←"),
      arrow("ArrowRight", "→"),
      arrow("ArrowUp", "↑"),
      arrow("ArrowDown", "↓"),
    ],
    shortcut: nudge,
  },
  {
    group: "Edit",
    description: "Select all",
    chords: [{ key: "a", mod: true }],
    shortcut: { command: "selectAll" },
  },
  {
    group: "Edit",
    description: "Cancel the drag, connection or tool; else clear the selection",
    chords: [{ key: "Escape", label: "Esc" }],
    shortcut: { command: "cancel" },
  },
  {
    group: "View",
    description: "Find an element",
    chords: [{ key: "f", mod: true }],
    shortcut: { command: "find" },
  },
  {
    group: "View",
    description: "Fit the whole diagram",
    chords: [{ code: "Digit1", shift: true, label: "Shift+1" }],
    shortcut: { command: "fitAll" },
  },
  {
    group: "View",
    description: "Fit the selection",
    chords: [{ code: "Digit2", shift: true, label: "Shift+2" }],
    shortcut: { command: "fitSelection" },
  },
  {
    group: "View",
    description: "Zoom to the selection's state",
    chords: [{ code: "Digit3", shift: true, label: "Shift+3" }],
    shortcut: { command: "zoomToState" },
  },
  {
    group: "Help",
    description: "Show this list of shortcuts",
    chords: [{ key: "?", shift: "any" }],
    shortcut: { command: "help" },
  },
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
