import { z } from "zod";

const coordinate = z.number().refine(Number.isFinite, "expected a finite number");
const size = z.number().positive();

/** A point on the canvas (absolute coordinates). */
export const PointSchema = z.strictObject({ x: coordinate, y: coordinate });
/** A point on the canvas. */
export type Point = z.output<typeof PointSchema>;

/** A box on the canvas: top-left corner and size, absolute coordinates. */
export const BoundsSchema = z.strictObject({ x: coordinate, y: coordinate, width: size, height: size });
/** A box on the canvas. */
export type Bounds = z.output<typeof BoundsSchema>;

/** Bend points of a line or transition between its end boxes (may be empty: a straight line). */
export const EdgeLayoutSchema = z.strictObject({ waypoints: z.array(PointSchema).default([]) });
/** Bend points of an edge. */
export type EdgeLayout = z.output<typeof EdgeLayoutSchema>;

/**
 * Layout only, keyed by element id: state boxes, node boxes, line and transition waypoints.
 * Never changes meaning; `diffModels` reports it as `layoutChanged`.
 */
export const DiagramSchema = z.strictObject({
  nodes: z.record(z.string(), BoundsSchema).default({}),
  states: z.record(z.string(), BoundsSchema).default({}),
  lines: z.record(z.string(), EdgeLayoutSchema).default({}),
  transitions: z.record(z.string(), EdgeLayoutSchema).default({}),
});
/** Layout of a model. */
export type Diagram = z.output<typeof DiagramSchema>;

/** An empty diagram. */
export function emptyDiagram(): Diagram {
  return { nodes: {}, states: {}, lines: {}, transitions: {} };
}
