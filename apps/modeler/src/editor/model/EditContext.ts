import type { EditContext } from "@flowstate/model";

/** Ids like `action_k3f9a2`, unique within a session; `random` is injectable for tests. */
export function createEditContext(random: () => number = Math.random): EditContext {
  let counter = 0;
  return {
    newId(prefix = "el") {
      counter += 1;
      const salt = Math.floor(random() * 36 ** 4)
        .toString(36)
        .padStart(4, "0");
      return `${prefix}_${salt}${counter.toString(36)}`;
    },
  };
}

/** A deterministic context for tests: `prefix_1`, `prefix_2`, … */
export function sequentialEditContext(): EditContext {
  let counter = 0;
  return {
    newId(prefix = "el") {
      counter += 1;
      return `${prefix}_${counter}`;
    },
  };
}
