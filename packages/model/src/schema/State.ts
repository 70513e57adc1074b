import { z } from "zod";
import { elementFields, NameSchema } from "./Element";

/**
 * A phase of the case (a CMMN stage). An instance is in exactly one state at a time; exactly one
 * state of a model is `initial` (checked by `validateModel`, code `state.initial-count`). A state
 * owns the nodes whose `stateId` points at it.
 */
export const StateSchema = z.strictObject({
  ...elementFields,
  name: NameSchema,
  initial: z.boolean().optional(),
  description: z.string().optional(),
});

/** A phase of the case; owns actions and control nodes. */
export type State = z.output<typeof StateSchema>;
