import { describe, expect, it } from "vitest";
import { stateWithTwoActions } from "./editorDriver";

const bends = [
  { x: 330, y: 140 },
  { x: 330, y: 250 },
];

describe("bend points (one history entry per gesture)", () => {
  it("given a dragged bend point, when released, then one entry stores it and undo restores exactly", () => {
    const { e, a, b } = stateWithTwoActions();
    const id = e.s().connect("flow", a, b) as string;
    const before = e.model;
    const entries = e.s().past.length;
    e.s().beginGesture("Move bend point");
    for (let i = 1; i <= 5; i++)
      e.s().setWaypoints(
        id,
        bends.map((p) => ({ x: p.x + i, y: p.y })),
      );
    expect(e.s().past).toHaveLength(entries);
    e.s().commitGesture();
    expect(e.s().past).toHaveLength(entries + 1);
    expect(e.model.diagram.lines[id]?.waypoints).toEqual(bends.map((p) => ({ x: p.x + 5, y: p.y })));
    expect(e.model.lines).toBe(before.lines);
    e.s().undo();
    expect(e.model).toEqual(before);
    e.s().redo();
    expect(e.model.diagram.lines[id]?.waypoints).toHaveLength(2);
  });

  it("when Escape is pressed mid-drag, then the route is exactly as before and nothing is recorded", () => {
    const { e, a, b } = stateWithTwoActions();
    const id = e.s().connect("flow", a, b) as string;
    e.s().setWaypoints(id, bends);
    const before = e.model;
    const entries = e.s().past.length;
    e.s().beginGesture("Move bend point");
    e.s().setWaypoints(id, [{ x: 1, y: 2 }]);
    e.s().cancelGesture();
    expect(e.model).toBe(before);
    e.s().setWaypoints(id, [{ x: 3, y: 4 }]); // the cancelled drag's pointer still moves
    expect(e.model).toBe(before);
    e.s().commitGesture();
    expect(e.s().past).toHaveLength(entries);
  });

  it("Reset route clears the bend points in one undoable step", () => {
    const { e, a, b } = stateWithTwoActions();
    const id = e.s().connect("flow", a, b) as string;
    e.s().setWaypoints(id, bends);
    const bent = e.model;
    e.s().resetRoute(id);
    expect(e.model.diagram.lines[id]?.waypoints).toEqual([]);
    e.s().undo();
    expect(e.model).toEqual(bent);
  });

  it("moving a line's end keeps its first segment straight; moving both ends carries the bends", () => {
    const { e, a, b, state } = stateWithTwoActions();
    e.s().select([b]);
    e.s().nudge(200, 100);
    const id = e.s().connect("flow", a, b) as string;
    const boxA = e.model.diagram.nodes[a]!;
    // leaves a sideways at its middle, turns down, then right into b
    const first = { x: boxA.x + boxA.width + 30, y: boxA.y + boxA.height / 2 };
    e.s().setWaypoints(id, [first, { x: first.x, y: first.y + 40 }]);
    e.drag([a], 0, -20);
    e.s().commitGesture();
    expect(e.model.diagram.lines[id]?.waypoints).toEqual([
      { x: first.x, y: first.y - 20 },
      { x: first.x, y: first.y + 40 },
    ]);
    e.s().undo();
    e.drag([state], 50, 30);
    e.s().commitGesture();
    expect(e.model.diagram.lines[id]?.waypoints).toEqual([
      { x: first.x + 50, y: first.y + 30 },
      { x: first.x + 50, y: first.y + 70 },
    ]);
  });

  it("a bend point a moved node now covers is dropped: the line is routed again", () => {
    const { e, a, b } = stateWithTwoActions();
    const id = e.s().connect("flow", a, b) as string;
    const boxB = e.model.diagram.nodes[b]!;
    const boxA = e.model.diagram.nodes[a]!;
    e.s().setWaypoints(id, [{ x: boxA.x + boxA.width + 30, y: boxB.y - 40 }]);
    const w = e.model.diagram.lines[id]!.waypoints[0]!;
    e.s().select([b]);
    e.s().nudge(w.x - boxB.x - 10, w.y - boxB.y - 10);
    expect(e.model.diagram.lines[id]?.waypoints).toEqual([]);
    e.s().undo();
    expect(e.model.diagram.lines[id]?.waypoints).toEqual([w]);
  });
});
