import { describe, expect, it } from "vitest";
import { moveBend, moveSegment, previewPath, removeBend, routeHandles } from "./bendPoints";

/** A route leaving right, going down, then right again into the target. */
const route = [
  { x: 0, y: 0 },
  { x: 100, y: 0 },
  { x: 100, y: 80 },
  { x: 200, y: 80 },
];
const orthogonal = (points: { x: number; y: number }[]) =>
  points.every((p, i) => i === 0 || p.x === points[i - 1]?.x || p.y === points[i - 1]?.y);

describe("bend points of a route", () => {
  it("has a handle on every inner corner and every segment's midpoint", () => {
    const { bends, segments } = routeHandles(route);
    expect(bends.map((b) => b.point)).toEqual([route[1], route[2]]);
    expect(segments.map((s) => [s.index, s.mid, s.horizontal])).toEqual([
      [0, { x: 50, y: 0 }, true],
      [1, { x: 100, y: 40 }, false],
      [2, { x: 150, y: 80 }, true],
    ]);
  });

  it("moves an inner segment across its direction only and stays orthogonal", () => {
    const waypoints = moveSegment(route, 1, { x: 30, y: 999 });
    expect(waypoints).toEqual([
      { x: 130, y: 0 },
      { x: 130, y: 80 },
    ]);
    expect(orthogonal([route[0]!, ...waypoints, route[3]!])).toBe(true);
  });

  it("moves a segment at a port with a jog, keeping the port", () => {
    const waypoints = moveSegment(route, 0, { x: 0, y: -40 });
    expect(waypoints).toEqual([
      { x: 20, y: 0 },
      { x: 20, y: -40 },
      { x: 100, y: -40 },
      { x: 100, y: 80 },
    ]);
    expect(orthogonal([route[0]!, ...waypoints, route[3]!])).toBe(true);
    // a straight line between two nodes gets a detour with both ports kept
    const straight = [
      { x: 0, y: 0 },
      { x: 90, y: 0 },
    ];
    expect(moveSegment(straight, 0, { x: 0, y: 50 })).toEqual([
      { x: 20, y: 0 },
      { x: 20, y: 50 },
      { x: 70, y: 50 },
      { x: 70, y: 0 },
    ]);
  });

  it("moves a corner with its inner neighbours so the route stays orthogonal", () => {
    const zigzag = [...route.slice(0, 3), { x: 200, y: 80 }, { x: 200, y: 160 }, { x: 300, y: 160 }];
    expect(moveBend(zigzag, 2, { x: 140, y: 120 })).toEqual([
      { x: 140, y: 0 },
      { x: 140, y: 120 },
      { x: 200, y: 120 },
      { x: 200, y: 160 },
    ]);
  });

  it("moves a corner next to a port with a jog, keeping the port", () => {
    const waypoints = moveBend(route, 2, { x: 100, y: 120 });
    expect(waypoints).toEqual([
      { x: 100, y: 0 },
      { x: 100, y: 120 },
      { x: 180, y: 120 },
      { x: 180, y: 80 },
    ]);
    expect(orthogonal([route[0]!, ...waypoints, route[3]!])).toBe(true);
  });

  it("removes a corner, and the route without bends has none", () => {
    expect(removeBend(route, 1)).toEqual([{ x: 100, y: 80 }]);
    expect(removeBend(route, 0)).toEqual([route[1], route[2]]);
  });

  it("previews a path from the old ports through the bend points", () => {
    expect(previewPath(route, [{ x: 50, y: 40 }])).toMatch(/^M0 0 .* L200 80$/);
    expect(previewPath([], [])).toBe("");
  });
});
