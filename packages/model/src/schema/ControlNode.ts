import { z } from "zod";
import { elementFields, IdSchema, NameSchema } from "./Element";

const controlFields = {
  ...elementFields,
  stateId: IdSchema,
  name: NameSchema,
  description: z.string().optional(),
};

/** Parallel join: fires by itself once every incoming flow line has fired since it last completed. */
export const AndNodeSchema = z.strictObject({ ...controlFields, kind: z.literal("and") });
/** Parallel join. */
export type AndNode = z.output<typeof AndNodeSchema>;

/**
 * Forced choice: fires by itself as soon as one incoming flow line fired; completing closes the
 * windows of all its sources (they all have a flow line into it).
 */
export const OrNodeSchema = z.strictObject({ ...controlFields, kind: z.literal("or") });
/** Forced choice. */
export type OrNode = z.output<typeof OrNodeSchema>;

/**
 * Ends the instance with `outcome`. `compensate: true` first runs the compensation handlers of the
 * completed actions in reverse completion order (saga rollback). Defaults: outcome "succeeded",
 * compensate false.
 */
export const FinalizerSchema = z.strictObject({
  ...controlFields,
  kind: z.literal("finalizer"),
  outcome: z.enum(["succeeded", "failed"]).default("succeeded"),
  compensate: z.boolean().default(false),
});
/** Ends the instance. */
export type Finalizer = z.output<typeof FinalizerSchema>;

/** A node that fires by itself and never waits for a person. */
export type ControlNode = AndNode | OrNode | Finalizer;
