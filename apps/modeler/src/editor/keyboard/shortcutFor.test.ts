import { describe, expect, it } from "vitest";
import { shortcutFor } from "./shortcutFor";

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
  it("plain letters are not commands", () => {
    expect(press("a")).toBeNull();
    expect(press("z", { altKey: true, ctrlKey: true })).toBeNull();
  });
});
