import { describe, expect, it } from "vitest";
import { stateWithTwoActions } from "../store/editorDriver";
import { alignBox, alignDrag } from "./snapping";

const box = (x: number, y: number, width = 100, height = 40) => ({ x, y, width, height });

describe("alignment guides", () => {
  it("snaps a centre onto another box's centre within the threshold and draws a guide", () => {
    const other = box(0, 0); // centre x 50
    const r = alignBox(box(4, 200), [other], 6); // centre x 54
    expect(r.dx).toBe(-4);
    expect(r.dy).toBe(0);
    expect(r.guides).toEqual([
      { orientation: "vertical", at: 0, from: 0, to: 240 },
      { orientation: "vertical", at: 50, from: 0, to: 240 },
      { orientation: "vertical", at: 100, from: 0, to: 240 },
    ]);
  });

  it("aligns edges of different sizes (left with left) and both axes at once", () => {
    const r = alignBox(box(203, 97, 60, 30), [box(200, 0, 160, 64), box(500, 100, 100, 30)], 6);
    expect([r.dx, r.dy]).toEqual([-3, 3]);
    expect(r.guides).toContainEqual({ orientation: "vertical", at: 200, from: 0, to: 130 });
    expect(r.guides).toContainEqual({ orientation: "horizontal", at: 100, from: 200, to: 600 });
  });

  it("does nothing beyond the threshold, and takes the nearest line when several are close", () => {
    expect(alignBox(box(10, 300), [box(0, 0)], 6)).toEqual({ dx: 0, dy: 0, guides: [] });
    expect(alignBox(box(3, 300), [box(0, 0), box(5, 600)], 6).dx).toBe(2);
  });

  it("aligns a dragged node with the other nodes of its state, moving the whole drag", () => {
    const { e, a, b } = stateWithTwoActions();
    const boxA = e.model.diagram.nodes[a]!;
    const boxB = e.model.diagram.nodes[b]!;
    const dragged = { [b]: { ...boxB, x: boxA.x + 4, y: boxB.y + 100 } };
    const r = alignDrag(e.model, dragged, 6);
    expect(r.bounds[b]).toEqual({ ...boxB, x: boxA.x, y: boxB.y + 100 });
    expect(r.guides.some((g) => g.orientation === "vertical" && g.at === boxA.x)).toBe(true);
    expect(alignDrag(e.model, {}, 6)).toEqual({ bounds: {}, guides: [] });
    // an axis without a guide lands on the grid
    const free = alignDrag(e.model, { [b]: { ...boxB, x: boxA.x + 4, y: 1003 } }, 6, 10);
    expect(free.bounds[b]).toEqual({ ...boxB, x: boxA.x, y: 1000 });
  });
});
