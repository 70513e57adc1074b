import { describe, expect, it } from "vitest";
import { chordLabel, keysOf, shortcutFor, shortcutTable } from "./shortcutFor";
import type { Chord, KeyPress } from "./shortcutFor";

const press = (
  key: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => shortcutFor({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe("keyboard shortcuts", () => {
  it("undo and the two redo chords, with Ctrl or Cmd", () => {
    expect(press("z", { ctrlKey: true })).toEqual({ command: "undo" });
    expect(press("Z", { metaKey: true, shiftKey: true })).toEqual({ command: "redo" });
    expect(press("y", { ctrlKey: true })).toEqual({ command: "redo" });
  });
  it("clipboard, select all, find", () => {
    expect(press("c", { ctrlKey: true })?.command).toBe("copy");
    expect(press("x", { metaKey: true })?.command).toBe("cut");
    expect(press("v", { ctrlKey: true })?.command).toBe("paste");
    expect(press("a", { ctrlKey: true })?.command).toBe("selectAll");
    expect(press("f", { ctrlKey: true })?.command).toBe("find");
  });
  it("delete, escape and arrow nudges (Shift for fine steps)", () => {
    expect(press("Delete")).toEqual({ command: "delete" });
    expect(press("Backspace")).toEqual({ command: "delete" });
    expect(press("Escape")).toEqual({ command: "cancel" });
    expect(press("ArrowLeft")).toEqual({ command: "nudge", dx: -10, dy: 0 });
    expect(press("ArrowDown", { shiftKey: true })).toEqual({ command: "nudge", dx: 0, dy: 1 });
  });
  it("view: Shift+1 fits all, Shift+2 the selection, Shift+3 the state (by physical key, any layout)", () => {
    const shifted = (key: string, code: string) =>
      shortcutFor({ key, code, ctrlKey: false, metaKey: false, shiftKey: true, altKey: false });
    expect(shifted("!", "Digit1")).toEqual({ command: "fitAll" });
    expect(shifted("@", "Digit2")).toEqual({ command: "fitSelection" });
    expect(shifted('"', "Digit2")).toEqual({ command: "fitSelection" });
    expect(shifted("§", "Digit3")).toEqual({ command: "zoomToState" });
    expect(
      shortcutFor({
        key: "1",
        code: "Digit1",
        ctrlKey: false,
        metaKey: false,
        shiftKey: false,
        altKey: false,
      }),
    ).toBeNull();
  });
  it("other letters and chords are not commands", () => {
    expect(press("q")).toBeNull();
    expect(press("m", { ctrlKey: true })).toBeNull();
    expect(press("z", { altKey: true, ctrlKey: true })).toBeNull();
  });
  it("context pad letters append after the selected element; C connects (Shift: limit, Alt: not)", () => {
    expect(press("m")).toEqual({ command: "append", kind: "manual" });
    expect(press("u")).toEqual({ command: "append", kind: "automatic" });
    expect(press("a")).toEqual({ command: "append", kind: "and" });
    expect(press("o")).toEqual({ command: "append", kind: "or" });
    expect(press("f")).toEqual({ command: "append", kind: "finalizer" });
    expect(press("s")).toEqual({ command: "append", kind: "state" });
    expect(press("c")).toEqual({ command: "connect", modifier: "none" });
    expect(press("C", { shiftKey: true })).toEqual({ command: "connect", modifier: "shift" });
    expect(
      shortcutFor({ key: "ç", code: "KeyC", ctrlKey: false, metaKey: false, shiftKey: false, altKey: true }),
    ).toEqual({ command: "connect", modifier: "alt" });
    expect(press("k")).toEqual({ command: "changeKind" });
  });
  it("F2 and Enter rename; ? opens the sheet", () => {
    expect(press("F2")).toEqual({ command: "rename" });
    expect(press("Enter")).toEqual({ command: "rename" });
    expect(press("?", { shiftKey: true })).toEqual({ command: "help" });
  });
});

describe("the shortcut table (the sheet and the handler read the same rows)", () => {
  /** A key press that gives exactly this chord. */
  const pressOf = (c: Chord): KeyPress => ({
    key: c.key ?? "",
    ...(c.code ? { code: c.code } : {}),
    ctrlKey: c.mod ?? false,
    metaKey: false,
    shiftKey: c.shift === true,
    altKey: c.alt ?? false,
  });
  it("every chord of every row gives that row's command, and no chord is shadowed by an earlier row", () => {
    for (const entry of shortcutTable)
      for (const chord of entry.chords) {
        const e = pressOf(chord);
        const expected = typeof entry.shortcut === "function" ? entry.shortcut(e) : entry.shortcut;
        expect(shortcutFor(e), chordLabel(chord)).toEqual(expected);
      }
  });
  it("every row says what it does and every chord has a distinct label", () => {
    const labels = shortcutTable.flatMap((e) => e.chords.map(chordLabel));
    expect(new Set(labels).size).toBe(labels.length);
    for (const entry of shortcutTable) expect(entry.description).not.toBe("");
  });
  it("writes chords for people: modifiers first, letters upper-case", () => {
    expect(keysOf("redo")).toBe("Shift+Ctrl/⌘+Z, Ctrl/⌘+Y");
    expect(keysOf("append", "manual")).toBe("M");
    expect(keysOf("fitAll")).toBe("Shift+1");
    expect(keysOf("rename")).toBe("F2, Enter");
  });
});
