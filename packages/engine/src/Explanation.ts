/**
 * One link of the explainer's chain. `blocking: true` reasons are why the node is not unlocked;
 * the others say how it got where it is.
 */
export type Reason =
  | { code: "unknownNode"; blocking: true }
  | { code: "otherState"; blocking: true; stateId: string; currentStateId: string }
  | { code: "armedAtEntry"; blocking: false; seq: number; stateInstanceId: string }
  | { code: "armedByMigration"; blocking: false; seq: number }
  | { code: "armedByFiring"; blocking: false; lineId: string; from: string; firingId: string; seq: number }
  | {
      code: "notArmed";
      blocking: true;
      waitingFor: { lineId: string; from: string }[];
      migrationOnly: boolean;
    }
  | {
      code: "closed";
      blocking: true;
      lineId: string;
      lineKind: "flow" | "limit";
      target: string;
      occurrenceId: string;
      seq: number;
      /** The target is an `or`: the source whose completion fired it (the one that came first). */
      by?: string;
    }
  | { code: "blocked"; blocking: true; lineId: string; source: string; occurrenceId: string; seq: number }
  | { code: "exhausted"; blocking: true; completions: number; maxOccurs: number }
  | { code: "repeatDone"; blocking: true; occurrenceId: string }
  | { code: "failed"; blocking: true; occurrenceId: string; seq: number; incidentId?: string }
  | { code: "waitingForTimer"; blocking: true; occurrenceId: string; dueAt: string }
  | { code: "scheduled"; blocking: false; occurrenceId: string; dueAt: string; attempt: number }
  | { code: "running"; blocking: false; occurrenceId: string; attempt: number }
  | { code: "completions"; blocking: false; completions: number; maxOccurs: number }
  | { code: "locked"; blocking: true; byInstanceId: string }
  | { code: "notRunning"; blocking: true; status: string };

/**
 * Why a node is (not) unlocked: the chain of reasons (ids and seqs: the details) plus a one-line
 * `summary` for people (`describeExplanation`: names, no ids or seqs).
 */
export interface Explanation {
  nodeId: string;
  name?: string;
  unlocked: boolean;
  reasons: Reason[];
  summary: string;
}
