/** The options of the panels' select fields (value, then what the user reads). */

/** Options whose label is their value. */
const plain = <T extends string>(...values: T[]) => values.map((value) => ({ value, label: value }));

/**
 * Options labelled with their value, and what each means: the select shows the short value (it
 * fits the panel at 1024 px) and the field shows the chosen one's meaning under it.
 */
const explained = <T extends string>(meanings: Record<T, string>) =>
  (Object.keys(meanings) as T[]).map((value) => ({ value, label: value, meaning: meanings[value] }));

export const modeOptions = explained({
  manual: "a person or an outside system performs it",
  automatic: "the engine runs a handler",
});
export const outcomeOptions = plain("succeeded", "failed");
export const strictnessOptions = explained({
  strict: "performing it while locked is rejected",
  lax: "recorded as skipped",
});
export const captureFromOptions = plain("input", "output");
export const lineKindOptions = explained({
  flow: "unlocks the target",
  limit: "the source runs until the target ran",
  not: "the target must not run after the source",
});
export const lineOnOptions = [
  { value: "completed", label: "completed" },
  { value: "failed", label: "failed for good (failure flow)" },
] as const;
