import { describe, expect, it } from "vitest";
import { BoxIndex, boxesOverlap } from "./geometry";
import { placeLabel } from "./placeLabels";

const route = [
  { x: 0, y: 100 },
  { x: 300, y: 100 },
  { x: 300, y: 160 },
];

describe("placeLabel", () => {
  it("sits just above the middle of the longest segment when that is free", () => {
    const placed = placeLabel({ width: 60, height: 16, route }, new BoxIndex());
    expect(placed.box).toEqual({ x: 120, y: 82, width: 60, height: 16 });
    expect(placed.anchor).toBeUndefined();
  });

  it("moves along and away from the line around taken spots, never over them", () => {
    const taken = new BoxIndex();
    const blockers = [
      { x: 0, y: 60, width: 300, height: 38 },
      { x: 0, y: 102, width: 280, height: 40 },
    ];
    for (const b of blockers) taken.add(b);
    const placed = placeLabel({ width: 60, height: 16, route }, taken);
    for (const b of blockers) expect(boxesOverlap(placed.box, b)).toBe(false);
  });

  it("keeps labels of one route apart and remembers the placed box", () => {
    const taken = new BoxIndex();
    const a = placeLabel({ width: 80, height: 16, route }, taken);
    const b = placeLabel({ width: 80, height: 16, route }, taken);
    expect(boxesOverlap(a.box, b.box)).toBe(false);
    expect(taken.hits(a.box) && taken.hits(b.box)).toBe(true);
  });

  it("leaves the line with a leader (anchor) when nothing near it is free", () => {
    const taken = new BoxIndex();
    taken.add({ x: -200, y: 40, width: 700, height: 180 });
    const placed = placeLabel({ width: 60, height: 16, route }, taken);
    expect(boxesOverlap(placed.box, { x: -200, y: 40, width: 700, height: 180 })).toBe(false);
    expect(placed.anchor).toBeDefined();
  });
});
