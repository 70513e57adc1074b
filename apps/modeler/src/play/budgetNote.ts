/**
 * The dead-end lint's budget and what the Problems panel says when it ran out. Kept apart from
 * `deadEndLint.ts` (which pulls in the engine's search): the editor imports only this, so the search
 * code stays in the worker's chunk (docs/play.md).
 */
export const deadEndBudget = { maxStates: 1_000, maxSteps: 10_000, maxDeadEnds: 5 } as const;

/** What a finished or stopped search reports about its budget. */
export interface BudgetState {
  complete: boolean;
  /** Situations explored (when stopped). */
  explored?: number;
  /** Which budget ran out (when one did). */
  hit?: "states" | "steps" | "deadEnds";
}

/** What the Problems panel says when a budget ran out (undefined when the search finished). */
export function budgetNote(lint: BudgetState): string | undefined {
  if (lint.complete) return undefined;
  const why =
    lint.hit === "deadEnds" ? `${deadEndBudget.maxDeadEnds} dead ends were found` : `its budget ran out`;
  return `The dead-end search stopped after ${lint.explored} situations (${why}); dead ends may be missing`;
}
