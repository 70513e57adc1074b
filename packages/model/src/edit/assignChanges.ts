import { jsonEqual } from "../json/jsonEqual";

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
