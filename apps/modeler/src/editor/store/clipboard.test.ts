import { describe, expect, it } from "vitest";
import { documentVoiding } from "@flowstate/model/fixtures";
import { memoryClipboard } from "./ClipboardStore";
import { copiedAction, emptyModel, editor, stateWithTwoActions } from "./editorDriver";

describe("clipboard", () => {
  it("given two connected actions, when copied and pasted, then copies get fresh ids, the line follows, and undo removes them", () => {
    const { e, a, b, state } = stateWithTwoActions();
    e.s().connect("flow", a, b);
    e.s().select([a, b]);
    expect(e.s().copy()).toBe(true);
    const before = e.model;
    const ids = e.s().paste();
    expect(ids).toHaveLength(3); // two actions and their line
    expect(ids).not.toContain(a);
    expect(e.model.nodes).toHaveLength(4);
    const copies = e.model.nodes.filter((n) => ids.includes(n.id));
    expect(copies.every((n) => n.stateId === state)).toBe(true);
    expect(copies.map((n) => n.name)).toEqual(["Submit", "Check"]);
    expect(e.model.lines).toHaveLength(2);
    const line = e.model.lines[1];
    expect(ids).toContain(line?.from);
    expect(ids).toContain(line?.to);
    expect(e.s().selection).toEqual(ids);
    // refs are still in use by the originals, so the copies get their own
    expect(new Set(e.model.nodes.map((n) => n.ref)).size).toBe(4);
    expect(e.model.diagram.nodes[ids[0] as string]?.x).toBe((e.model.diagram.nodes[a]?.x ?? 0) + 40);
    e.s().undo();
    expect(e.model).toEqual(before);
  });

  it("cut then paste in the same process keeps refs (versions still match)", () => {
    const { e, a } = stateWithTwoActions();
    const ref = e.model.nodes.find((n) => n.id === a)?.ref;
    e.s().select([a]);
    e.s().cut();
    const [pasted] = e.s().paste();
    expect(e.model.nodes.find((n) => n.id === pasted)?.ref).toBe(ref);
  });

  it("a copied state brings its nodes, inner lines and transitions between copied states", () => {
    const model = documentVoiding;
    const e = editor(model);
    e.s().select(["voidingRequested", "markingSucceededState"]);
    e.s().copy();
    const ids = e.s().paste();
    const m = e.model;
    expect(m.states).toHaveLength(7);
    expect(m.nodes).toHaveLength(9 + 5);
    expect(m.lines).toHaveLength(4 + 3);
    // markingSucceeded → markingSucceededState was copied between copies; markingFailed → markingFailedState keeps its outside target (same process)
    const newTransitions = m.transitions.slice(4);
    expect(newTransitions).toHaveLength(3);
    expect(newTransitions.map((t) => ids.includes(t.to) || t.to)).toEqual([
      true,
      "markingFailedState",
      "documentVoided",
    ]);
    expect(m.states.filter((s) => s.initial)).toHaveLength(1);
  });

  it("pasting into another process keeps only references inside the copy", () => {
    const clipboard = memoryClipboard();
    const source = editor(documentVoiding, clipboard);
    source.s().select(["voidingRequested"]);
    source.s().copy();
    const target = editor(emptyModel("other"), clipboard);
    const ids = target.s().paste();
    expect(ids.length).toBe(1 + 4 + 3); // the state, its nodes, its lines
    expect(target.model.transitions).toEqual([]);
    expect(target.model.lines).toHaveLength(3);
    expect(
      target.model.nodes.every((n) => !n.ref.startsWith("r.mark") && !n.ref.startsWith("r.document")),
    ).toBe(true);
  });

  it("loose actions pasted into another process land in its selected state", () => {
    const shared = memoryClipboard();
    copiedAction(shared);
    const target = editor(emptyModel("other"), shared);
    const host = target.s().addState({ x: 0, y: 0 }) as string;
    target.s().select([host]);
    const [pasted] = target.s().paste();
    expect(target.model.nodes.find((n) => n.id === pasted)?.stateId).toBe(host);
  });

  it("pasting with nothing copied does nothing", () => {
    const e = editor();
    expect(e.s().paste()).toEqual([]);
    expect(e.s().past).toEqual([]);
  });
});
