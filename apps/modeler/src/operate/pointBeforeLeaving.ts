/**
 * The time-travel point that shows a state instance as it was just before it was left: the `seq`
 * right before the event whose step left it (the last `event` entry at or before `exitedSeq`).
 */
export function pointBeforeLeaving(
  history: readonly { seq: number; type: string }[],
  exitedSeq: number,
): number {
  let cause = 1;
  for (const h of history) if (h.type === "event" && h.seq <= exitedSeq && h.seq > cause) cause = h.seq;
  return Math.max(1, cause - 1);
}
