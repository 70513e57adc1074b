/** The options of the panels' select fields (value, then what the user reads). */

/** Options whose label is their value. */
const plain = <T extends string>(...values: T[]) => values.map((value) => ({ value, label: value }));

/** Options labelled with their value, `sep` and what it means. */
const explained = <T extends string>(sep: string, meanings: Record<T, string>) =>
  (Object.keys(meanings) as T[]).map((value) => ({ value, label: `${value}${sep}${meanings[value]}` }));

export const modeOptions = explained(" ", {
  manual: "(a person or an outside system)",
  automatic: "(the engine runs a handler)",
});
export const outcomeOptions = plain("succeeded", "failed");
export const strictnessOptions = explained(": ", {
  strict: "performing it while locked is rejected",
  lax: "recorded as skipped",
});
export const captureFromOptions = plain("input", "output");
export const lineKindOptions = explained(": ", {
  flow: "unlocks the target",
  limit: "the source runs until the target ran",
  not: "the target must not run after the source",
});
export const lineOnOptions = [
  { value: "completed", label: "completed" },
  { value: "failed", label: "failed for good (failure flow)" },
] as const;
