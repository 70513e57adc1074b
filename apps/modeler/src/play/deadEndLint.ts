import { findDeadEnds } from "@flowstate/engine";
import type { DeadEndOptions, Scenario } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { deadEndBudget } from "./budgetNote";
import type { BudgetState } from "./budgetNote";

/** One dead end in words, with the counterexample scenario that "Open in play" replays. */
export interface DeadEndWarning {
  stateId: string;
  message: string;
  scenario: Scenario;
}

/** The lint's answer; `complete` is false when the budget ran out (dead ends may be missing). */
export interface DeadEndLint extends BudgetState {
  warnings: DeadEndWarning[];
}

/**
 * The dead-end search as a lint of the draft (docs/play.md): searches `model` with a small budget
 * (`deadEndBudget`, so it answers within a few hundred milliseconds even on large drafts) and words
 * each dead end: the state, what ran, "nothing can follow". Only the Web Worker (`deadEndWorker.ts`)
 * imports this module, so the search code stays out of the editor's chunk.
 */
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
    const list = and(ran);
    const what = ran.length > 0 ? `after ${list},` : "at the start";
    // Actions whose data the search had to make up (no scenario gave it): their outputs feed the
    // conditions, so the dead end may only be one of the made-up data.
    const guessed = [
      ...new Set(
        d.steps.flatMap((s) => {
          const id = "perform" in s ? s.perform : "complete" in s ? s.complete : undefined;
          const node = id === undefined ? undefined : model.nodes.find((n) => n.id === id);
          if (!node || node.kind !== "action" || !node.output || Object.keys(node.output).length === 0)
            return [];
          const given = "perform" in s ? samples.inputs?.[node.id] : samples.outputs?.[node.id];
          return given?.length ? [] : [node.name];
        }),
      ),
    ];
    const message =
      guessed.length === 0
        ? `Dead end in “${name(d.stateId)}”: ${what} nothing can follow (nothing unlocked, no timer, no finalizer)`
        : `Possible dead end in “${name(d.stateId)}”: ${what} nothing can follow when ${and(guessed)} ${guessed.length > 1 ? "give" : "gives"} no data. No scenario says what ${guessed.length > 1 ? "they return" : "it returns"}: save one from play to check with real data`;
    return {
      stateId: d.stateId,
      message,
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

/** "A", "A and B", "A, B and C". */
function and(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : words.join("");
}
