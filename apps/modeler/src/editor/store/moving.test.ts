import { describe, expect, it } from "vitest";
import { editor, stateWithTwoActions } from "./editorDriver";

describe("moving (one history entry per gesture)", () => {
  it("given a drag with many intermediate positions, when released, then one entry restores the start", () => {
    const { e, a } = stateWithTwoActions();
    const before = e.model;
    const entries = e.s().past.length;
    e.drag([a], 30, 10, 8);
    expect(e.s().past).toHaveLength(entries);
    e.s().commitGesture();
    expect(e.s().past).toHaveLength(entries + 1);
    expect(e.model.diagram.nodes[a]).toMatchObject({
      x: (before.diagram.nodes[a]?.x ?? 0) + 30,
      y: (before.diagram.nodes[a]?.y ?? 0) + 10,
    });
    e.s().undo();
    expect(e.model).toEqual(before);
    e.s().redo();
    expect(e.model.diagram.nodes[a]?.x).toBe((before.diagram.nodes[a]?.x ?? 0) + 30);
  });

  it("when Escape is pressed mid-drag, then the model is exactly as before and nothing is recorded", () => {
    const { e, a } = stateWithTwoActions();
    const before = e.model;
    const entries = e.s().past.length;
    e.drag([a], 300, 300);
    e.s().cancelGesture();
    expect(e.model).toBe(before);
    expect(e.s().past).toHaveLength(entries);
    expect(e.s().gesture).toBeNull();
    // the pointer is still down: further moves of the cancelled drag are ignored until it ends
    e.s().setBounds({ [a]: { x: 0, y: 0, width: 160, height: 64 } });
    expect(e.model).toBe(before);
    e.s().commitGesture();
    expect(e.s().past).toHaveLength(entries);
    expect(e.s().cancelled).toBe(false);
  });

  it("when a state is dragged, then its nodes move along and undo puts all back", () => {
    const { e, state, a, b } = stateWithTwoActions();
    const before = e.model;
    e.drag([state], 100, 50);
    e.s().commitGesture();
    expect(e.model.diagram.nodes[a]?.x).toBe((before.diagram.nodes[a]?.x ?? 0) + 100);
    expect(e.model.diagram.nodes[b]?.y).toBe((before.diagram.nodes[b]?.y ?? 0) + 50);
    e.s().undo();
    expect(e.model).toEqual(before);
  });

  it("arrow-key nudges move the selection, one entry each", () => {
    const { e, a } = stateWithTwoActions();
    const x = e.model.diagram.nodes[a]?.x ?? 0;
    e.s().select([a]);
    e.s().nudge(10, 0);
    e.s().nudge(10, 0);
    expect(e.model.diagram.nodes[a]?.x).toBe(x + 20);
    e.s().undo();
    expect(e.model.diagram.nodes[a]?.x).toBe(x + 10);
  });

  it("given a long drag (hundreds of frames), when released, then one entry whose size does not depend on the frame count", () => {
    const entryAfter = (steps: number) => {
      const { e, a, b } = stateWithTwoActions();
      const before = e.model;
      const entries = e.s().past.length;
      e.drag([a, b], 70, 30, steps);
      e.s().commitGesture();
      const after = e.model;
      expect(e.s().past).toHaveLength(entries + 1);
      expect(after.diagram.nodes[a]).toMatchObject({
        x: (before.diagram.nodes[a]?.x ?? 0) + 70,
        y: (before.diagram.nodes[a]?.y ?? 0) + 30,
      });
      const entry = e.s().past.at(-1);
      e.s().undo();
      expect(e.model).toEqual(before);
      expect(e.s().past).toHaveLength(entries);
      e.s().redo();
      expect(e.model).toEqual(after);
      return { entry, after };
    };
    const short = entryAfter(2);
    const long = entryAfter(600);
    expect(long.after).toEqual(short.after);
    expect(long.entry?.patches.length).toBe(short.entry?.patches.length);
    expect(long.entry?.inverse.length).toBe(short.entry?.inverse.length);
    // two nodes moved: a few patches each (x, y and the state growing), not one per frame
    expect(long.entry?.patches.length).toBeLessThanOrEqual(8);
  });

  it("a long drag that grows the state undoes the growth in the same step", () => {
    const { e, state, a } = stateWithTwoActions();
    const before = e.model;
    e.drag([a], 400, 0, 300);
    e.s().commitGesture();
    expect(e.model.diagram.states[state]?.width).toBeGreaterThan(before.diagram.states[state]?.width ?? 0);
    e.s().undo();
    expect(e.model).toEqual(before);
    e.s().redo();
    expect(e.model.diagram.nodes[a]?.x).toBe((before.diagram.nodes[a]?.x ?? 0) + 400);
    expect(e.model.diagram.states[state]?.width).toBeGreaterThan(before.diagram.states[state]?.width ?? 0);
  });

  it("during a drag, frames keep the selection object (panels that read it do not re-render per frame)", () => {
    const { e, a } = stateWithTwoActions();
    e.s().select([a]);
    const selection = e.s().selection;
    const selected = e.s().selected;
    e.drag([a], 50, 0, 20);
    expect(e.s().selection).toBe(selection);
    expect(e.s().selected).toBe(selected);
    e.s().commitGesture();
  });

  it("a drag that ends where it began records nothing", () => {
    const { e, a } = stateWithTwoActions();
    const before = e.model;
    const entries = e.s().past.length;
    e.drag([a], 100, 0, 10);
    e.drag([a], 0, 0, 1);
    e.s().commitGesture();
    expect(e.s().past).toHaveLength(entries);
    expect(e.model).toBe(before);
  });

  it("a gesture without changes records nothing", () => {
    const e = editor();
    e.s().beginGesture("Move");
    e.s().commitGesture();
    expect(e.s().past).toEqual([]);
  });
});

describe("auto-layout (applyLayout)", () => {
  it("moves and sizes the laid-out boxes in one undoable entry and drops the bend points of their lines", () => {
    const { e, a, b } = stateWithTwoActions();
    const line = e.s().connect("flow", a, b) as string;
    e.store.setState({
      model: {
        ...e.model,
        diagram: { ...e.model.diagram, lines: { [line]: { waypoints: [{ x: 999, y: 999 }] } } },
      },
    });
    const before = e.model;
    e.s().applyLayout({ [a]: { x: 10, y: 20, width: 120, height: 40 } });
    expect(e.model.diagram.nodes[a]).toEqual({ x: 10, y: 20, width: 120, height: 40 });
    expect(e.model.diagram.lines[line]).toEqual({ waypoints: [] });
    e.s().undo();
    expect(e.model.diagram).toEqual(before.diagram);
  });
});
