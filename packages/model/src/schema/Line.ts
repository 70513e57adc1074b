import { z } from "zod";
import { elementFields, IdSchema } from "./Element";
import { FeelExpressionSchema } from "./Mapping";

const lineFields = { ...elementFields, from: IdSchema, to: IdSchema };

/**
 * Flow line (solid): source → target inside one state. Fires when the source completes (`on:
 * "completed"`, the default) or fails for good (`on: "failed"`, a failure flow) and `condition`
 * holds at that moment; a firing arms the target. It is also a limit line for its source.
 */
export const FlowLineSchema = z.strictObject({
  ...lineFields,
  kind: z.literal("flow"),
  condition: FeelExpressionSchema.optional(),
  on: z.enum(["completed", "failed"]).default("completed"),
});
/** Flow line. */
export type FlowLine = z.output<typeof FlowLineSchema>;

/** Limit line (dotted): the source may run until the target has run. Never unlocks anything. */
export const LimitLineSchema = z.strictObject({ ...lineFields, kind: z.literal("limit") });
/** Limit line. */
export type LimitLine = z.output<typeof LimitLineSchema>;

/** Not line (red dotted): the target must not run once the source has run in this state instance. */
export const NotLineSchema = z.strictObject({ ...lineFields, kind: z.literal("not") });
/** Not line. */
export type NotLine = z.output<typeof NotLineSchema>;

/** Any line between two nodes of one state, discriminated on `kind`. */
export const LineSchema = z.discriminatedUnion("kind", [FlowLineSchema, LimitLineSchema, NotLineSchema]);
/** Any line between two nodes of one state. */
export type Line = z.output<typeof LineSchema>;
/** The kind of a line. */
export type LineKind = Line["kind"];
/** Every line kind. */
export const LINE_KINDS: readonly LineKind[] = ["flow", "limit", "not"];
