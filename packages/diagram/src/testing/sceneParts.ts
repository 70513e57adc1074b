import type { Box, LabelShape, LineShape, NodeShape, Point, Scene, StateShape } from "../Scene";

// Hand-made scene parts for the diagram's tests: shapes with the renderer's proportions, so a test
// names only what it is about.

export const box = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });

/** Points from flat coordinates: `xy(0, 0, 10, 0)` is (0,0) → (10,0). */
export function xy(...coordinates: number[]): Point[] {
  const points: Point[] = [];
  for (let i = 0; i + 1 < coordinates.length; i += 2)
    points.push({ x: coordinates[i]!, y: coordinates[i + 1]! });
  return points;
}

export function state(id: string, b: Box, extra: Partial<StateShape> = {}): StateShape {
  return {
    id,
    name: id,
    box: b,
    titleBox: box(b.x + 12, b.y + 7, b.width - 24, 16),
    title: id,
    initial: false,
    collapsed: false,
    ...extra,
  };
}

export function node(id: string, stateId: string, b: Box, extra: Partial<NodeShape> = {}): NodeShape {
  return {
    id,
    stateId,
    kind: "action",
    mode: "manual",
    name: id,
    box: b,
    nameLines: [id],
    nameBox: box(b.x + 26, b.y + 8, b.width - 34, 15),
    ...extra,
  };
}

/** A line through `points` (a list of points or flat coordinates), its path drawn straight between them. */
export function line(
  id: string,
  from: string,
  to: string,
  points: Point[] | number[],
  extra: Partial<LineShape> = {},
): LineShape {
  const at = typeof points[0] === "number" ? xy(...(points as number[])) : (points as Point[]);
  return {
    id,
    element: "line",
    kind: "flow",
    from,
    to,
    points: at,
    path: at.map((p, i) => `${i ? "L" : "M"}${p.x} ${p.y}`).join(""),
    ...extra,
  };
}

export function label(
  id: string,
  lineId: string,
  b: Box,
  text = id,
  extra: Partial<LabelShape> = {},
): LabelShape {
  return { id, lineId, text, fullText: text, box: b, kind: "flow", ...extra };
}

export function scene(parts: Partial<Scene>): Scene {
  return {
    bounds: box(0, 0, 800, 300),
    states: [],
    nodes: [],
    lines: [],
    labels: [],
    problems: [],
    ...parts,
  };
}
