import type { EditContext } from "./EditContext";

/**
 * A deterministic `EditContext` whose ids are `prefix_1`, `prefix_2`, … (for tests, scripts and
 * server-side tools that have no randomness; the counter starts after `start`).
 */
export function sequentialIds(start = 0): EditContext {
  let counter = start;
  return {
    newId(prefix = "el") {
      counter += 1;
      return `${prefix}_${counter}`;
    },
  };
}
