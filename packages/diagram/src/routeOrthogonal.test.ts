import { describe, expect, it } from "vitest";
import { segmentCrossesBox } from "./geometry";
import type { Obstacle, RouteRequest } from "./routeOrthogonal";
import { directRoute, nudgeApart, Occupancy, RouteSpace, SearchScratch } from "./routeOrthogonal";
import type { Box, Point } from "./Scene";

const node = (box: Box): Obstacle => ({ box, margin: 10, lanes: 3 });
const left: Box = { x: 0, y: 0, width: 100, height: 60 };
const right: Box = { x: 400, y: 0, width: 100, height: 60 };
const middle: Box = { x: 200, y: -40, width: 100, height: 140 };
const request = (sourceY: number, targetY: number, waypoints: Point[] = []): RouteRequest => ({
  source: { port: { x: 100, y: sourceY }, side: "right", stub: 10 },
  target: { port: { x: 400, y: targetY }, side: "left", stub: 10 },
  waypoints,
});
/** A route space over left, middle and right for one request. */
const threeBoxes = (r: RouteRequest): RouteSpace =>
  new RouteSpace([node(left), node(right), node(middle)], [r], new Occupancy(), new SearchScratch());
/** A polyline through the given [x, y] points. */
const path = (...xy: [number, number][]): Point[] => xy.map(([x, y]) => ({ x, y }));
const orthogonal = (points: readonly Point[]): boolean =>
  points.slice(1).every((p, i) => p.x === (points[i] as Point).x || p.y === (points[i] as Point).y);
const crosses = (points: readonly Point[], box: Box): boolean =>
  points.slice(1).some((p, i) => segmentCrossesBox(points[i] as Point, p, box));

describe("RouteSpace", () => {
  it("routes around a box between the ports, from port to port, orthogonally", () => {
    const r = request(30, 30);
    const space = threeBoxes(r);
    const route = space.route(r) as Point[];
    expect(route[0]).toEqual({ x: 100, y: 30 });
    expect(route.at(-1)).toEqual({ x: 400, y: 30 });
    expect(orthogonal(route)).toBe(true);
    expect(crosses(route, middle)).toBe(false);
    expect(route.length).toBeGreaterThan(2);
  });

  it("goes straight when nothing is in the way", () => {
    const r = request(30, 30);
    const space = new RouteSpace([node(left), node(right)], [r], new Occupancy(), new SearchScratch());
    expect(space.route(r)).toEqual([
      { x: 100, y: 30 },
      { x: 400, y: 30 },
    ]);
  });

  it("puts a second route beside the first instead of on top of it", () => {
    const occupancy = new Occupancy();
    const a = request(20, 20);
    const b = request(40, 40);
    const space = new RouteSpace(
      [node(left), node(right), node(middle)],
      [a, b],
      occupancy,
      new SearchScratch(),
    );
    const first = space.route(a) as Point[];
    const second = space.route(b) as Point[];
    const segments = (points: Point[]): [Point, Point][] =>
      points.slice(1).map((p, i) => [points[i] as Point, p]);
    for (const [p, q] of segments(second)) {
      const horizontal = p.y === q.y;
      const lo = horizontal ? Math.min(p.x, q.x) : Math.min(p.y, q.y);
      const hi = horizontal ? Math.max(p.x, q.x) : Math.max(p.y, q.y);
      const shared = segments(first).some(([c, d]) =>
        horizontal
          ? c.y === d.y &&
            c.y === p.y &&
            Math.min(hi, Math.max(c.x, d.x)) - Math.max(lo, Math.min(c.x, d.x)) > 0.5
          : c.x === d.x &&
            c.x === p.x &&
            Math.min(hi, Math.max(c.y, d.y)) - Math.max(lo, Math.min(c.y, d.y)) > 0.5,
      );
      expect(shared).toBe(false);
    }
  });

  it("passes through the bend points in order", () => {
    const waypoints = [
      { x: 150, y: 200 },
      { x: 350, y: 200 },
    ];
    const r = request(30, 30, waypoints);
    const space = threeBoxes(r);
    const route = space.route(r) as Point[];
    // Index of the segment the point lies on (-1: not on the route).
    const on = (w: Point): number =>
      route.slice(1).findIndex((q, i) => {
        const p = route[i] as Point;
        return (
          w.x >= Math.min(p.x, q.x) &&
          w.x <= Math.max(p.x, q.x) &&
          w.y >= Math.min(p.y, q.y) &&
          w.y <= Math.max(p.y, q.y)
        );
      });
    const at = waypoints.map(on);
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at[0]).toBeLessThanOrEqual(at[1] as number);
    expect(orthogonal(route)).toBe(true);
  });

  it("enters the target across its side, never turning back on the stub", () => {
    const r: RouteRequest = {
      source: { port: { x: 100, y: 30 }, side: "right", stub: 10 },
      target: { port: { x: 450, y: 0 }, side: "top", stub: 10 },
      waypoints: [],
    };
    const space = new RouteSpace([node(left), node(right)], [r], new Occupancy(), new SearchScratch());
    const route = space.route(r) as Point[];
    const last = route.at(-1) as Point;
    const before = route.at(-2) as Point;
    expect(before.x).toBe(last.x);
    expect(before.y).toBeLessThan(last.y); // from above, into the top side
  });

  it("finds no way out of a walled-in port, and directRoute still gives an orthogonal line", () => {
    const walls: Box[] = [
      { x: -100, y: -100, width: 360, height: 60 },
      { x: -100, y: 100, width: 360, height: 60 },
      { x: 200, y: -100, width: 60, height: 260 },
      { x: -100, y: -100, width: 60, height: 260 },
    ];
    const r = request(30, 30);
    const space = new RouteSpace(
      [node(left), node(right), ...walls.map(node)],
      [r],
      new Occupancy(),
      new SearchScratch(),
      { x: -50, y: -150, width: 600, height: 360 },
    );
    expect(space.route(r)).toBeUndefined();
    const direct = directRoute(r);
    expect(direct[0]).toEqual({ x: 100, y: 30 });
    expect(direct.at(-1)).toEqual({ x: 400, y: 30 });
    expect(orthogonal(direct)).toBe(true);
  });

  it("tells whether a point lies inside an obstacle's margin", () => {
    const space = new RouteSpace(
      [node(middle)],
      [
        request(30, 30, [
          { x: 250, y: 30 },
          { x: 150, y: 30 },
        ]),
      ],
      new Occupancy(),
      new SearchScratch(),
    );
    expect(space.isBlocked({ x: 250, y: 30 })).toBe(true);
    expect(space.isBlocked({ x: 150, y: 30 })).toBe(false);
  });
});

describe("Occupancy", () => {
  it("finds collinear overlaps only", () => {
    const o = new Occupancy();
    o.add([
      { x: 0, y: 10 },
      { x: 100, y: 10 },
      { x: 100, y: 50 },
    ]);
    expect(o.overlaps(true, 10, 50, 150)).toBe(true);
    expect(o.overlaps(true, 10, 100, 150)).toBe(false); // touching at an end
    expect(o.overlaps(true, 12, 0, 100)).toBe(false); // parallel, 2 units apart
    expect(o.overlaps(false, 100, 20, 30)).toBe(true);
  });
});

describe("nudgeApart", () => {
  it("moves an inner segment lying on an earlier route's aside, keeping ends and right angles", () => {
    const first = path([0, 0], [50, 0], [50, 100], [100, 100]);
    const second = path([0, 20], [50, 20], [50, 80], [120, 80]);
    const [a, b] = nudgeApart([first, second]);
    expect(a).toEqual(first);
    expect(b?.[0]).toEqual(second[0]);
    expect(b?.at(-1)).toEqual(second.at(-1));
    expect(b?.[1]?.x).not.toBe(50);
    expect(orthogonal(b as Point[])).toBe(true);
    const o = new Occupancy();
    o.add(a as Point[]);
    expect(o.overlaps(false, b?.[1]?.x as number, 20, 80)).toBe(false);
  });

  it("leaves routes that share nothing as they are", () => {
    const routes = [path([0, 0], [10, 0], [10, 10]), path([0, 5], [5, 5], [5, 20])];
    expect(nudgeApart(routes)).toEqual(routes);
  });
});
