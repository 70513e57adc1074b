import { z } from "zod";
import { elementFields, IdSchema } from "./Element";
import { FeelExpressionSchema } from "./Mapping";

/**
 * Action → state. When the action completes and `condition` holds, the instance leaves its state
 * and enters `to` (a transition to the own state re-enters it: a fresh state instance, the loop
 * mechanism). Several transitions of one action are tried by ascending `order` (ties: array order);
 * the first whose condition holds is taken.
 */
export const TransitionSchema = z.strictObject({
  ...elementFields,
  from: IdSchema,
  to: IdSchema,
  condition: FeelExpressionSchema.optional(),
  order: z.int().default(0),
});
/** Action → state. */
export type Transition = z.output<typeof TransitionSchema>;
