import { z } from "zod";

/**
 * A FEEL expression as written by the analyst. The schema only checks that it is a string; syntax is
 * checked by `validateModel` (code `feel.syntax`, with the position of the error) so that a model
 * with a typo still loads into the editor.
 */
export const FeelExpressionSchema = z.string();

/** A FEEL expression (source text). */
export type FeelExpression = z.output<typeof FeelExpressionSchema>;

/**
 * A mapping: target field name → FEEL expression. For an action's `input` the expressions read the
 * instance variables and the result is the handler's (or the manual form's) input; for `output` they
 * read the result (as `result`) and the variables, and the targets are variable names.
 */
export const MappingSchema = z.record(z.string().min(1), FeelExpressionSchema);

/** Target field name → FEEL expression. */
export type Mapping = z.output<typeof MappingSchema>;
