import { z } from "zod";

/**
 * Wire schemas of an operator's instance modification (move to another state, edit variables):
 * the one definition `instance.moveDryRun` / `instance.move` / `instance.setVariables` and their
 * `/api/v1` routes validate with.
 */

/** Largest variables object an operator may save (its JSON text). */
export const maxVariablesBytes = 256 * 1024;
/** Deepest nesting of saved variables (the object itself is level 1). */
export const maxVariablesDepth = 32;

/** How deep a JSON value nests (without recursion). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next.value === null || typeof next.value !== "object") continue;
    deepest = Math.max(deepest, next.depth);
    if (deepest > maxVariablesDepth) return deepest;
    for (const child of Object.values(next.value)) stack.push({ value: child, depth: next.depth + 1 });
  }
  return deepest;
}

const reason = z
  .string()
  .trim()
  .min(1, "give a reason")
  .max(1000)
  .describe("why the operator changes the instance: kept in the history and the audit record");
const stateId = z.string().min(1).max(200);
/** The seq the operator saw (the editor or the dry run); the change is refused with CONFLICT if the instance moved on. */
const expectedSeq = z.int().min(0).max(2_147_483_647);

/** The new variables: a JSON object of at most 256 KiB, nested at most 32 levels. */
export const variablesSchema = z
  .record(z.string().max(200), z.json())
  .refine((v) => JSON.stringify(v).length <= maxVariablesBytes, {
    message: `the variables are larger than ${maxVariablesBytes / 1024} KiB`,
  })
  .refine((v) => depthOf(v) <= maxVariablesDepth, {
    message: `the variables nest deeper than ${maxVariablesDepth} levels`,
  });

export const moveDryRunBody = z.strictObject({ stateId });
export const moveBody = z.strictObject({ stateId, reason, expectedSeq: expectedSeq.optional() });
export const setVariablesBody = z.strictObject({ variables: variablesSchema, reason, expectedSeq });

const named = z.object({ nodeId: z.string(), name: z.string() });
/** What moving an instance to a state would do (nothing is changed). */
export const moveDryRunSchema = z.object({
  instanceId: z.uuid(),
  seq: z.int(),
  status: z.string(),
  version: z.int(),
  from: z.object({ stateId: z.string(), name: z.string() }),
  to: z.object({ stateId: z.string(), name: z.string().nullable() }),
  ok: z.boolean(),
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
  migrationActions: z.array(named),
  unlocked: z.array(named),
  becomesUnlocked: z.array(named),
  noLongerUnlocked: z.array(named),
  /** Open occurrences of the current state that leaving it cancels (scheduled timers are dropped). */
  droppedOccurrences: z.array(
    named.extend({ occurrenceId: z.string(), status: z.string(), dueAt: z.string().nullable() }),
  ),
  problems: z.array(
    z.object({ severity: z.enum(["error", "warning"]), code: z.string(), message: z.string() }),
  ),
});
export type MoveDryRun = z.infer<typeof moveDryRunSchema>;
