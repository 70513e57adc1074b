import type { z } from "zod";
import { jsonEqual } from "../json/jsonEqual";
import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/**
 * Makes a draft object equal to `next` key by key: changed keys are set, keys missing from `next`
 * deleted, equal keys left alone, so the patches name exactly the fields that changed.
 */
export function assignChanges(draft: Record<string, unknown>, next: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(draft)) if (!(key in next) || next[key] === undefined) delete draft[key];
  for (const [key, value] of Object.entries(next))
    if (value !== undefined && !jsonEqual(draft[key], value)) draft[key] = value;
}

/** `base` with `changes` applied: a change of `undefined` removes the key. */
export function withChanges(
  base: Readonly<Record<string, unknown>>,
  changes: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * The edit that gives the element `id` of `model[collection]` (`current`) the `changes` (see
 * `withChanges`), once the result passes `schema`; otherwise `EditError("invalid-change")` with the
 * schema's messages (`describe` words each one).
 */
export function changeElement(
  model: ProcessModel,
  collection: "states" | "nodes" | "lines" | "transitions" | "calendars",
  current: Readonly<Record<string, unknown>> & { id: string },
  schema: z.ZodType,
  changes: Readonly<Record<string, unknown>>,
  describe: (issue: z.core.$ZodIssue) => string = (issue) => issue.message,
): EditResult {
  const parsed = schema.safeParse(withChanges(current, changes));
  if (!parsed.success) throw new EditError("invalid-change", parsed.error.issues.map(describe).join("; "));
  return produceEdit(model, (draft) => {
    const target = (draft[collection] as { id: string }[]).find((e) => e.id === current.id);
    if (target) assignChanges(target as Record<string, unknown>, parsed.data as Record<string, unknown>);
  });
}
