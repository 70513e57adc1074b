import { z } from "zod";
import { FeelExpressionSchema } from "./Mapping";

/**
 * A named value taken from an action's input (before it runs) or output (after it completed) by a
 * FEEL path. `identifier: true` makes it searchable and usable for correlation (signals, singleton
 * locking). Capture names are unique per action (lint `capture.duplicate-name`).
 */
export const CaptureSchema = z.strictObject({
  name: z.string().min(1),
  from: z.enum(["input", "output"]),
  path: FeelExpressionSchema,
  identifier: z.boolean().optional(),
});

/** A named value captured from an action's input or output. */
export type Capture = z.output<typeof CaptureSchema>;
