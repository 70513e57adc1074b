/** The options of the panels' select fields, one table each (value, then what the user reads). */

/** Options whose label is their value. */
const plain = <T extends string>(...values: T[]) => values.map((value) => ({ value, label: value }));

export const modeOptions = [
  { value: "manual", label: "manual (a person or an outside system)" },
  { value: "automatic", label: "automatic (the engine runs a handler)" },
] as const;

export const strictnessOptions = [
  { value: "strict", label: "strict: performing it while locked is rejected" },
  { value: "lax", label: "lax: recorded as skipped" },
] as const;

export const lineKindOptions = [
  { value: "flow", label: "flow: unlocks the target" },
  { value: "limit", label: "limit: the source runs until the target ran" },
  { value: "not", label: "not: the target must not run after the source" },
] as const;

export const lineOnOptions = [
  { value: "completed", label: "completed" },
  { value: "failed", label: "failed for good (failure flow)" },
] as const;

export const outcomeOptions = plain("succeeded", "failed");

export const captureFromOptions = plain("input", "output");
