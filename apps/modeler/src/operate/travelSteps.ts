/**
 * The time-travel points around the one shown: the accepted events (`type: "event"`) before and
 * after it. `atSeq` null = now (there is nothing later; "earlier" is the last event before the
 * latest one, i.e. the state before the last step).
 */
export function travelSteps(
  history: readonly { seq: number; type: string }[],
  atSeq: number | null,
): { earlier: number | null; later: number | null | "now" } {
  const events = history.filter((h) => h.type === "event").map((h) => h.seq);
  if (atSeq === null) {
    const last = events[events.length - 1];
    const beforeLast = events.filter((s) => last !== undefined && s < last);
    return { earlier: beforeLast.length > 0 ? beforeLast[beforeLast.length - 1]! : null, later: null };
  }
  const shown = events.filter((s) => s <= atSeq).pop();
  const earlier = events.filter((s) => shown !== undefined && s < shown).pop() ?? null;
  const next = events.find((s) => s > atSeq);
  return { earlier, later: next === undefined ? "now" : next === events[events.length - 1] ? "now" : next };
}
