/** Editor commands reachable from the keyboard. */
export type Shortcut =
  | { command: "delete" | "undo" | "redo" | "copy" | "cut" | "paste" | "selectAll" | "cancel" | "find" }
  /** View commands (the canvas handles them): Shift+1, Shift+2, Shift+3. */
  | { command: "fitAll" | "fitSelection" | "zoomToState" }
  | { command: "nudge"; dx: number; dy: number };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** The physical key (`Digit1` …): Shift+digit shortcuts must not depend on the layout's shifted character. */
  code?: string;
}

/** The view shortcuts, as shown in tooltips. */
export const viewShortcutLabels = {
  fitAll: "Shift+1",
  fitSelection: "Shift+2",
  zoomToState: "Shift+3",
} as const;

const NUDGE = 10;
const NUDGE_FINE = 1;

/** Maps a key press to an editor command (Ctrl on Windows/Linux, Cmd on macOS); `null` when it is not one. */
export function shortcutFor(e: KeyPress): Shortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === "z") return { command: e.shiftKey ? "redo" : "undo" };
    if (key === "y") return { command: "redo" };
    if (key === "c") return { command: "copy" };
    if (key === "x") return { command: "cut" };
    if (key === "v") return { command: "paste" };
    if (key === "a") return { command: "selectAll" };
    if (key === "f") return { command: "find" };
    return null;
  }
  if (e.altKey || mod) return null;
  if (e.shiftKey && e.code === "Digit1") return { command: "fitAll" };
  if (e.shiftKey && e.code === "Digit2") return { command: "fitSelection" };
  if (e.shiftKey && e.code === "Digit3") return { command: "zoomToState" };
  if (key === "Delete" || key === "Backspace") return { command: "delete" };
  if (key === "Escape") return { command: "cancel" };
  const step = e.shiftKey ? NUDGE_FINE : NUDGE;
  if (key === "ArrowLeft") return { command: "nudge", dx: -step, dy: 0 };
  if (key === "ArrowRight") return { command: "nudge", dx: step, dy: 0 };
  if (key === "ArrowUp") return { command: "nudge", dx: 0, dy: -step };
  if (key === "ArrowDown") return { command: "nudge", dx: 0, dy: step };
  return null;
}
