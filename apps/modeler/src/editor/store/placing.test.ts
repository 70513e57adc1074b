import { describe, expect, it } from "vitest";
import { emptyModel, editor, stateWithTwoActions } from "./editorDriver";

describe("adding elements", () => {
  it("given an empty canvas, when the analyst places a state, then it is initial, selected and undoable", () => {
    const e = editor();
    const id = e.s().addState({ x: 100, y: 100 });
    expect(e.model.states).toEqual([{ id, ref: `r.${id}`, name: "New state", initial: true }]);
    expect(e.model.diagram.states[id as string]).toEqual({ x: -60, y: 0, width: 320, height: 200 });
    expect(e.s().selection).toEqual([id]);
    e.s().undo();
    expect(e.model).toEqual(emptyModel());
    expect(e.s().selection).toEqual([]);
    e.s().redo();
    expect(e.model.states).toHaveLength(1);
    expect(e.s().selection).toEqual([id]);
  });

  it("given a state, when the analyst places an action inside it, then the action belongs to it", () => {
    const { e, state, a } = stateWithTwoActions();
    expect(e.model.nodes.find((n) => n.id === a)).toMatchObject({
      kind: "action",
      stateId: state,
      mode: "manual",
      name: "Submit",
    });
  });

  it("when an action is placed outside every state, then nothing happens and the analyst is told why", () => {
    const e = editor();
    e.s().addState({ x: 0, y: 0 });
    const before = e.model;
    expect(e.s().addNode("action", { x: 2000, y: 2000 })).toBeUndefined();
    expect(e.model).toBe(before);
    expect(e.s().notice).toMatch(/inside a state/);
    expect(e.s().past).toHaveLength(1);
  });

  it("when an action is placed near the border, then the state grows in the same undo step", () => {
    const e = editor();
    const state = e.s().addState({ x: 160, y: 100 }) as string; // box 0,0 320×200
    e.s().addNode("action", { x: 310, y: 190 });
    expect(e.model.diagram.states[state]?.width).toBeGreaterThan(320);
    expect(e.model.diagram.states[state]?.height).toBeGreaterThan(200);
    e.s().undo();
    expect(e.model.diagram.states[state]).toEqual({ x: 0, y: 0, width: 320, height: 200 });
    expect(e.model.nodes).toEqual([]);
  });

  it("when the palette tool is armed, then a click places that element and disarms the tool", () => {
    const e = editor();
    e.s().setPlace("state");
    const id = e.s().placeAt({ x: 0, y: 0 });
    expect(e.model.states.map((s) => s.id)).toEqual([id]);
    expect(e.s().place).toBeNull();
    expect(e.s().placeAt({ x: 0, y: 0 })).toBeUndefined();
  });
});
