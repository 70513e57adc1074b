import type { Box, DiagramProblem, Point } from "./Scene";
import { centre, type Side } from "./geometry";
import type { Obstacle, RouteRequest } from "./routeOrthogonal";
import { directRoute, nudgeApart, Occupancy, RouteSpace, SearchScratch } from "./routeOrthogonal";
import { SCENE_TEXT } from "./sceneText";

/** Clearance of routes around nodes and around states, and the number of lanes around each. */
export const NODE_MARGIN = 10;
export const STATE_MARGIN = 14;
const NODE_LANES = 3;
const NAME_MARGIN = 3;
const STATE_LANES = 6;
/** Ports on one state side keep at least this distance; on a node side this one. */
const PORT_SPACING = 12;
const NODE_PORT_SPACING = 14;
const CONTROL_PORT_SPACING = 8;
/** How far beside its source a transition back into its own state enters the border. */
const REENTRY_GAP = 72;

/** One line or transition to route. */
export interface EdgeToRoute {
  id: string;
  element: "line" | "transition";
  /** The box the route leaves (a node, or the title bar of a collapsed state). */
  sourceBox: Box;
  sourceKey: string;
  /** The box the route enters (a node, a state, or a collapsed state's bar). */
  targetBox: Box;
  targetKey: string;
  /** The state the route is drawn in (lines) or leaves (transitions). */
  regionId: string;
  /** A transition back into its own state. */
  reentry: boolean;
  waypoints: readonly Point[];
  /** The end is a control node whose name is drawn under it: the route leaves or enters by another side. */
  sourceNamed?: boolean;
  targetNamed?: boolean;
  /** The end is a control node (round or diamond): its ports stay near the middle of a side, where the shape meets the box. */
  sourceControl?: boolean;
  targetControl?: boolean;
}

/** A state as routing sees it: its (drawn) box, title bar, visible nodes. */
export interface RegionInfo {
  box: Box;
  titleBar: Box;
  nodes: Box[];
  /** Names drawn under control nodes: routes keep clear of them too. */
  names: Box[];
}

interface Attachment {
  edge: number;
  end: "source" | "target";
  key: string;
  box: Box;
  side: Side;
  /** Where along the side the other end lies (for ordering and preferred positions). */
  toward: number;
  isState: boolean;
  /** Keep `toward` (do not line up with the other end): a re-entry's ends must stay apart. */
  fixed: boolean;
  /** A control node's side: ports near its middle. */
  narrow: boolean;
}

const horizontalSide = (side: Side): boolean => side === "left" || side === "right";

/** The sides a route leaves `from` and enters `to`, by their relative position. */
export function facingSides(from: Box, to: Box): [Side, Side] {
  const right = to.x - (from.x + from.width);
  const left = from.x - (to.x + to.width);
  const down = to.y - (from.y + from.height);
  const up = from.y - (to.y + to.height);
  const h = Math.max(right, left);
  const v = Math.max(down, up);
  if (h < 0 && v < 0) {
    const a = centre(from);
    const b = centre(to);
    if (Math.abs(b.x - a.x) >= Math.abs(b.y - a.y)) return b.x >= a.x ? ["right", "left"] : ["left", "right"];
    return b.y >= a.y ? ["bottom", "top"] : ["top", "bottom"];
  }
  if (h >= v) return right >= left ? ["right", "left"] : ["left", "right"];
  return down >= up ? ["bottom", "top"] : ["top", "bottom"];
}

/** The side of `inner` nearest the border of `outer` (not the top: the title bar is there). */
function nearestBorder(inner: Box, outer: Box): Side {
  const distances: [Side, number][] = [
    ["bottom", outer.y + outer.height - (inner.y + inner.height)],
    ["right", outer.x + outer.width - (inner.x + inner.width)],
    ["left", inner.x - outer.x],
  ];
  distances.sort((a, b) => a[1] - b[1]);
  return (distances[0] as [Side, number])[0];
}

function portPoint(box: Box, side: Side, along: number): Point {
  switch (side) {
    case "right":
      return { x: box.x + box.width, y: along };
    case "left":
      return { x: box.x, y: along };
    case "bottom":
      return { x: along, y: box.y + box.height };
    case "top":
      return { x: along, y: box.y };
  }
}

/** A number naming one end of one edge. */
const endKey = (edge: number, end: "source" | "target"): number => edge * 2 + (end === "source" ? 0 : 1);

/** Positions near `preferred` (in this order), at least `spacing` apart, within [min, max]. */
function spaced(preferred: readonly number[], min: number, max: number, spacing: number): number[] {
  const n = preferred.length;
  if (n === 0) return [];
  const room = max - min;
  if (room <= 0) return preferred.map(() => (min + max) / 2);
  const gap = Math.min(spacing, room / Math.max(1, n - 1));
  if (n > 1 && spacing * (n - 1) > room) {
    // Not enough room: spread evenly.
    return preferred.map((_, i) => min + (room * i) / (n - 1));
  }
  const p = preferred.map((v) => Math.min(max, Math.max(min, v)));
  const q = [...p];
  for (let i = 1; i < n; i++) q[i] = Math.max(q[i] as number, (q[i - 1] as number) + gap);
  q[n - 1] = Math.min(q[n - 1] as number, max);
  for (let i = n - 2; i >= 0; i--) q[i] = Math.min(q[i] as number, (q[i + 1] as number) - gap);
  q[0] = Math.max(q[0] as number, min);
  for (let i = 1; i < n; i++) q[i] = Math.max(q[i] as number, (q[i - 1] as number) + gap);
  // Centre the cluster on what was asked for (two ends wanting one spot sit either side of it).
  const mean = (a: readonly number[]): number => a.reduce((sum, v) => sum + v, 0) / a.length;
  const shift = Math.min(max - (q[n - 1] as number), Math.max(min - (q[0] as number), mean(p) - mean(q)));
  return q.map((v) => v + shift);
}

/**
 * Ports: every end gets its own point on its box's side, as near its other end as it can and at
 * least a few units from the other ends on that side, so lines between the same two nodes get
 * separate, parallel channels. Three passes let facing ports line up (straight lines).
 */
function assignPorts(attachments: Attachment[]): Map<number, Point> {
  const groups = new Map<string, Attachment[]>();
  for (const a of attachments) {
    const key = `${a.key}\u0000${a.side}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [a]);
    else list.push(a);
  }
  for (const list of groups.values())
    list.sort((a, b) => a.toward - b.toward || a.edge - b.edge || (a.end === "source" ? -1 : 1));
  const along = new Map<number, number>();
  const other = (a: Attachment): number => endKey(a.edge, a.end === "source" ? "target" : "source");
  const sideOf = new Map(attachments.map((a) => [endKey(a.edge, a.end), a.side]));
  for (let pass = 0; pass < 3; pass++) {
    for (const list of groups.values()) {
      const first = list[0] as Attachment;
      const { box, side } = first;
      const lo = horizontalSide(side) ? box.y : box.x;
      const length = horizontalSide(side) ? box.height : box.width;
      const preferred = list.map((a) => {
        const otherSide = sideOf.get(other(a));
        const otherAlong = along.get(other(a));
        if (
          pass > 0 &&
          !a.fixed &&
          otherAlong !== undefined &&
          otherSide !== undefined &&
          horizontalSide(otherSide) === horizontalSide(side)
        )
          return otherAlong;
        return a.toward;
      });
      const top = first.isState && horizontalSide(side) ? Math.min(SCENE_TEXT.titleBar, length / 2) : 0;
      const inset = first.isState ? PORT_SPACING / 2 : first.narrow ? length * 0.3 : Math.min(8, length / 4);
      const spacing = first.isState ? PORT_SPACING : first.narrow ? CONTROL_PORT_SPACING : NODE_PORT_SPACING;
      const positions = spaced(preferred, lo + top + inset, lo + length - inset, spacing);
      // Whole units: ports and grid lines that are meant to line up do so exactly.
      list.forEach((a, i) => along.set(endKey(a.edge, a.end), Math.round(positions[i] as number)));
    }
  }
  const ports = new Map<number, Point>();
  for (const a of attachments)
    ports.set(endKey(a.edge, a.end), portPoint(a.box, a.side, along.get(endKey(a.edge, a.end)) as number));
  return ports;
}

/** Routes of every edge, by index, and the problems met (unusable bend points). */
export function routeEdges(
  edges: readonly EdgeToRoute[],
  regions: ReadonlyMap<string, RegionInfo>,
  problems: DiagramProblem[],
): Point[][] {
  const attachments: Attachment[] = [];
  const sides: [Side, Side][] = [];
  edges.forEach((e, i) => {
    let pair: [Side, Side];
    if (e.reentry) {
      const side = nearestBorder(e.sourceBox, e.targetBox);
      pair = [side, side];
    } else {
      pair = facingSides(e.sourceBox, e.targetBox);
      const first = e.waypoints[0];
      const last = e.waypoints[e.waypoints.length - 1];
      if (first !== undefined && last !== undefined) {
        const at = (p: Point): Box => ({ x: p.x, y: p.y, width: 0, height: 0 });
        pair = [facingSides(e.sourceBox, at(first))[0], facingSides(at(last), e.targetBox)[1]];
      }
      const sc = centre(e.sourceBox);
      const tc = centre(e.targetBox);
      if (e.sourceNamed === true && pair[0] === "bottom") pair = [tc.x >= sc.x ? "right" : "left", pair[1]];
      if (e.targetNamed === true && pair[1] === "bottom") pair = [pair[0], sc.x <= tc.x ? "left" : "right"];
    }
    sides.push(pair);
    const sc = centre(e.sourceBox);
    const tc = centre(e.targetBox);
    let towardTarget = horizontalSide(pair[1])
      ? (e.waypoints[e.waypoints.length - 1]?.y ?? sc.y)
      : (e.waypoints[e.waypoints.length - 1]?.x ?? sc.x);
    if (e.reentry) {
      // Back into its own state: enter the border clearly beside where the route leaves it (a visible loop).
      const [lo, hi] = horizontalSide(pair[1])
        ? [e.sourceBox.y, e.sourceBox.y + e.sourceBox.height]
        : [e.sourceBox.x, e.sourceBox.x + e.sourceBox.width];
      const [min, max] = horizontalSide(pair[1])
        ? [e.targetBox.y + SCENE_TEXT.titleBar, e.targetBox.y + e.targetBox.height]
        : [e.targetBox.x, e.targetBox.x + e.targetBox.width];
      towardTarget =
        hi + REENTRY_GAP <= max - PORT_SPACING
          ? hi + REENTRY_GAP
          : lo - REENTRY_GAP >= min + PORT_SPACING
            ? lo - REENTRY_GAP
            : (lo + hi) / 2;
    }
    attachments.push({
      edge: i,
      end: "source",
      key: e.sourceKey,
      box: e.sourceBox,
      side: pair[0],
      isState: false,
      fixed: e.reentry,
      narrow: e.sourceControl === true,
      toward: e.reentry
        ? towardTarget
        : horizontalSide(pair[0])
          ? (e.waypoints[0]?.y ?? tc.y)
          : (e.waypoints[0]?.x ?? tc.x),
    });
    attachments.push({
      edge: i,
      end: "target",
      key: e.targetKey,
      box: e.targetBox,
      side: pair[1],
      isState: e.element === "transition",
      fixed: e.reentry,
      narrow: e.targetControl === true,
      toward: towardTarget,
    });
  });
  const ports = assignPorts(attachments);
  const requests: RouteRequest[] = edges.map((e, i) => {
    const [sourceSide, targetSide] = sides[i] as [Side, Side];
    return {
      source: { port: ports.get(endKey(i, "source")) as Point, side: sourceSide, stub: NODE_MARGIN },
      target: {
        port: ports.get(endKey(i, "target")) as Point,
        side: targetSide,
        stub: e.element === "transition" ? STATE_MARGIN : NODE_MARGIN,
      },
      waypoints: e.waypoints,
    };
  });

  const occupancy = new Occupancy();
  const scratch = new SearchScratch();
  const routes: Point[][] = edges.map(() => []);
  // Lines, state by state: the state's nodes and title bar are the obstacles, the state bounds the grid.
  const linesByRegion = new Map<string, number[]>();
  const transitionsByRegion = new Map<string, number[]>();
  edges.forEach((e, i) => {
    const map = e.element === "line" ? linesByRegion : transitionsByRegion;
    const list = map.get(e.regionId);
    if (list === undefined) map.set(e.regionId, [i]);
    else list.push(i);
  });
  const nodeObstacle = (box: Box): Obstacle => ({ box, margin: NODE_MARGIN, lanes: NODE_LANES });
  const stateObstacle = (box: Box): Obstacle => ({ box, margin: STATE_MARGIN, lanes: STATE_LANES });
  const routeGroup = (indices: readonly number[], obstacles: Obstacle[], clip: Box | undefined): void => {
    const group = indices.map((i) => requests[i] as RouteRequest);
    const space = new RouteSpace(obstacles, group, occupancy, scratch, clip);
    for (const i of indices) {
      const request = requests[i] as RouteRequest;
      const edge = edges[i] as EdgeToRoute;
      let usable = request;
      if (request.waypoints.some((w) => space.isBlocked(w))) {
        problems.push({
          code: "diagram.bad-waypoints",
          elementId: edge.id,
          message: `A bend point of "${edge.id}" lies inside a box; the bend points are ignored and it is routed instead.`,
        });
        usable = { ...request, waypoints: [] };
      }
      let route = space.route(usable);
      if (route === undefined && usable.waypoints.length > 0) {
        problems.push({
          code: "diagram.bad-waypoints",
          elementId: edge.id,
          message: `The bend points of "${edge.id}" leave no way around the boxes; it is routed instead.`,
        });
        route = space.route({ ...usable, waypoints: [] });
      }
      if (route === undefined) {
        route = directRoute(usable);
        occupancy.add(route);
      }
      routes[i] = route;
    }
  };
  for (const [regionId, indices] of linesByRegion) {
    const region = regions.get(regionId);
    const boxes = new Set<Box>();
    for (const i of indices) {
      boxes.add((edges[i] as EdgeToRoute).sourceBox);
      boxes.add((edges[i] as EdgeToRoute).targetBox);
    }
    const obstacles = [...(region?.nodes ?? []), ...boxes].map(nodeObstacle);
    if (region !== undefined) {
      obstacles.push({ box: region.titleBar, margin: NODE_MARGIN, lanes: 1 });
      for (const name of region.names) obstacles.push({ box: name, margin: NAME_MARGIN, lanes: 1 });
    }
    routeGroup(indices, dedupe(obstacles), region?.box);
  }
  // Transitions, by the state they leave: its nodes and title bar and every other state are obstacles.
  for (const [regionId, indices] of transitionsByRegion) {
    const region = regions.get(regionId);
    const obstacles: Obstacle[] = [];
    for (const [id, other] of regions) {
      if (id === regionId) continue;
      obstacles.push(stateObstacle(other.box));
    }
    if (region !== undefined) {
      for (const n of region.nodes) obstacles.push(nodeObstacle(n));
      for (const name of region.names) obstacles.push({ box: name, margin: NAME_MARGIN, lanes: 1 });
      obstacles.push({ box: region.titleBar, margin: NODE_MARGIN, lanes: 1 });
      obstacles.push({ ...stateObstacle(region.box), solid: false });
    }
    for (const i of indices) obstacles.push(nodeObstacle((edges[i] as EdgeToRoute).sourceBox));
    routeGroup(indices, dedupe(obstacles), undefined);
  }
  return nudgeApart(routes);
}

function dedupe(obstacles: Obstacle[]): Obstacle[] {
  const seen = new Set<string>();
  return obstacles.filter((o) => {
    const key = `${o.box.x},${o.box.y},${o.box.width},${o.box.height},${o.solid === false}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
