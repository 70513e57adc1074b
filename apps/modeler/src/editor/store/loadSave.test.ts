import { describe, expect, it } from "vitest";
import { documentVoiding } from "@flowstate/model/fixtures";
import { isDirty } from "./createEditorStore";
import { editor, stateWithTwoActions } from "./editorDriver";

describe("loading, saving and read-only", () => {
  it("loading from the server is never recorded and resets dirty state", () => {
    const { e } = stateWithTwoActions();
    expect(isDirty(e.s())).toBe(true);
    e.s().load(documentVoiding, 7);
    expect(e.s().past).toEqual([]);
    expect(e.s().future).toEqual([]);
    expect(e.s().revision).toBe(7);
    expect(isDirty(e.s())).toBe(false);
    e.s().undo();
    expect(e.model).toBe(documentVoiding);
  });

  it("a save acknowledges the change count it sent; later edits stay dirty", () => {
    const { e, a } = stateWithTwoActions();
    const sent = e.s().changeCount;
    e.s().markSaving();
    e.s().updateElement(a, { name: "Submit form" });
    e.s().markSaved(2, sent);
    expect(e.s().revision).toBe(2);
    expect(isDirty(e.s())).toBe(true);
    e.s().markConflict(5);
    expect(e.s().save).toEqual({ status: "conflict", currentRevision: 5 });
  });

  it("a read-only editor refuses every edit", () => {
    const e = editor(documentVoiding);
    e.s().setReadOnly(true);
    e.s().select(["markingFailed"]);
    e.s().deleteSelection();
    e.s().updateElement("markingFailed", { name: "x" });
    expect(e.s().addState({ x: 0, y: 0 })).toBeUndefined();
    expect(e.s().paste()).toEqual([]);
    expect(e.model).toBe(documentVoiding);
  });

  it("the persisted model round-trips through JSON after edits and undo", () => {
    const { e, a, b } = stateWithTwoActions();
    e.s().connect("flow", a, b);
    e.s().undo();
    expect(JSON.parse(JSON.stringify(e.model))).toEqual(e.model);
  });
});
