import { findDeadEnds } from "@flowstate/engine";
import type { DeadEndOptions, Scenario } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";

/**
 * The dead-end search as a lint of the draft (docs/play.md): a small budget so it answers within a
 * few hundred milliseconds even on large drafts; it runs in a Web Worker (`deadEndWorker.ts`).
 */
export const deadEndBudget = { maxStates: 1_000, maxSteps: 10_000, maxDeadEnds: 5 } as const;

/** What the Problems panel says when a budget ran out (undefined when the search finished). */
export function budgetNote(lint: Pick<DeadEndLint, "complete" | "explored" | "hit">): string | undefined {
  if (lint.complete) return undefined;
  const why =
    lint.hit === "deadEnds" ? `${deadEndBudget.maxDeadEnds} dead ends were found` : `its budget ran out`;
  return `The dead-end search stopped after ${lint.explored} situations (${why}); dead ends may be missing`;
}

/** One dead end in words, with the counterexample scenario that "Open in play" replays. */
export interface DeadEndWarning {
  stateId: string;
  message: string;
  scenario: Scenario;
}

export interface DeadEndLint {
  warnings: DeadEndWarning[];
  /** False when the budget ran out (dead ends may be missing). */
  complete: boolean;
  /** Situations explored, and which budget ran out (when one did). */
  explored?: number;
  hit?: "states" | "steps" | "deadEnds";
}

/** Searches `model` with the budget and words each dead end: the state, what ran, "nothing can follow". */
export function lintDeadEnds(
  model: ProcessModel,
  samples: Pick<DeadEndOptions, "inputs" | "outputs"> = {},
): DeadEndLint {
  const search = findDeadEnds(model, { ...samples, ...deadEndBudget });
  const name = (id: string) => {
    const found = model.states.find((s) => s.id === id) ?? model.nodes.find((n) => n.id === id);
    return found?.name ?? id;
  };
  const warnings = search.deadEnds.map((d) => {
    const ran = d.steps.flatMap((s) =>
      "perform" in s
        ? [name(s.perform)]
        : "complete" in s
          ? [name(s.complete)]
          : "fail" in s
            ? [`${name(s.fail)} (failed)`]
            : [],
    );
    const list = ran.length > 1 ? `${ran.slice(0, -1).join(", ")} and ${ran.at(-1)}` : ran.join("");
    const what = ran.length > 0 ? `after ${list},` : "at the start";
    return {
      stateId: d.stateId,
      message: `Dead end in “${name(d.stateId)}”: ${what} nothing can follow (nothing unlocked, no timer, no finalizer)`,
      scenario: { ...d.scenario, name: `dead end in ${name(d.stateId)}` },
    };
  });
  return search.complete
    ? { warnings, complete: true }
    : {
        warnings,
        complete: false,
        explored: search.explored,
        ...(search.budget.hit ? { hit: search.budget.hit } : {}),
      };
}
