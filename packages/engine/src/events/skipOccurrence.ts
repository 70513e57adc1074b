import type { Draft } from "../Draft";
import { explain } from "../explain";
import type { NodeInfo } from "../indexModel";
import type { Json } from "../Json";
import type { OccurrenceRecord } from "../Records";

/** What a handler sent for an occurrence it ran: its output (`complete`) or its error (`fail`). */
export type HandlerResult = { output: Json } | { error: Json };

/**
 * Closes the open `occurrence` as `skipped` because of `note` (history: `occurrenceSkipped`); a
 * handler's late `result` stays on it. Nothing else changes.
 */
export function skipOccurrence(
  d: Draft,
  occurrence: OccurrenceRecord,
  note: string,
  result?: HandlerResult,
): void {
  const seq = d.log("occurrenceSkipped", { occurrenceId: occurrence.id, nodeId: occurrence.nodeId, note });
  d.putOccurrence({ ...occurrence, status: "skipped", ...result, closedSeq: seq, note });
}

/**
 * A handler's late result (`what`: its output or its failure) for the action `node`, which is no
 * longer unlocked: recorded on the skipped occurrence with the reason the action is not unlocked.
 */
export function skipLateResult(
  d: Draft,
  occurrence: OccurrenceRecord,
  node: NodeInfo,
  what: "result" | "failure",
  result: HandlerResult,
): void {
  skipOccurrence(
    d,
    occurrence,
    `late ${what} ignored: ${explain(d.ix.model, d.state, node.id).summary}`,
    result,
  );
}
