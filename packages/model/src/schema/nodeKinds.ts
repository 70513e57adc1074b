import { z } from "zod";
import { ActionSchema } from "./Action";
import { AndNodeSchema, FinalizerSchema, OrNodeSchema } from "./ControlNode";

/** What the registry knows about one kind of node. */
export interface NodeKindInfo<S extends z.ZodType = z.ZodType> {
  /** The zod schema of a node of this kind (its `kind` field is the literal key). */
  schema: S;
  /** Palette label. */
  label: string;
  /** Control nodes fire by themselves as soon as they are unlocked; actions wait for work. */
  control: boolean;
  /** Default box size in the diagram. */
  size: { width: number; height: number };
  /** Flow lines may leave this node (a finalizer ends the instance, nothing follows it). */
  hasOutgoing: boolean;
}

/**
 * The registry of node kinds. It drives the `Node` union, the palette and the lint rules: adding a
 * kind is adding one entry here (plus its schema file).
 */
export const nodeKinds = {
  action: {
    schema: ActionSchema,
    label: "Action",
    control: false,
    size: { width: 160, height: 64 },
    hasOutgoing: true,
  },
  and: {
    schema: AndNodeSchema,
    label: "And (all)",
    control: true,
    size: { width: 48, height: 48 },
    hasOutgoing: true,
  },
  or: {
    schema: OrNodeSchema,
    label: "Or (any)",
    control: true,
    size: { width: 48, height: 48 },
    hasOutgoing: true,
  },
  finalizer: {
    schema: FinalizerSchema,
    label: "Finalizer",
    control: true,
    size: { width: 48, height: 48 },
    hasOutgoing: false,
  },
} as const satisfies Record<string, NodeKindInfo>;

/** The kind of a node: a key of the registry. */
export type NodeKind = keyof typeof nodeKinds;

/** Every node kind, in registry order. */
export const NODE_KINDS = Object.keys(nodeKinds) as NodeKind[];

type KindSchema = (typeof nodeKinds)[NodeKind]["schema"];

/** Type guard: is `value` the name of a registered node kind? */
export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(nodeKinds, value);
}

/** A node of any registered kind, discriminated on `kind`. */
export const NodeSchema = z.discriminatedUnion(
  "kind",
  NODE_KINDS.map((k) => nodeKinds[k].schema) as unknown as [KindSchema, ...KindSchema[]],
);
