import type { z } from "zod";
import type { NodeSchema } from "./nodeKinds";

/** A node of any kind inside a state: an action or a control node (`and`, `or`, `finalizer`). */
export type Node = z.output<typeof NodeSchema>;
/** A node as written in a file, before defaults are applied. */
export type NodeInput = z.input<typeof NodeSchema>;
