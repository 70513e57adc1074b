/**
 * The state mapping as the wizard shows it: one row per source state with where its instances go
 * and why (proposed by `ref` or name, or chosen), and the states that still need a choice — a
 * source state with running instances and no target blocks the wizard.
 */
import type { DiffMark } from "../editor/canvas/toFlowElements";

/** One source version as `migration.proposeMapping` describes it. */
export interface SourceProposal {
  versionId: string;
  number: number;
  states: { id: string; ref: string; name: string }[];
  /** Proposed source state id → target state id. */
  mapping: Record<string, string>;
  matchedBy: Record<string, "ref" | "name">;
  runningByState: Record<string, number>;
}

export interface MappingRow {
  stateId: string;
  name: string;
  running: number;
  targetStateId: string | null;
  /** How the target was found: the operator's choice wins over the proposal. */
  how: "ref" | "name" | "choice" | null;
  /** Running instances and no proposed counterpart: the operator must choose. */
  mustChoose: boolean;
  /** Must choose and has not. */
  missing: boolean;
}

export function mappingRows(
  source: SourceProposal,
  choices: Readonly<Record<string, string>> = {},
): MappingRow[] {
  return source.states.map((s) => {
    const running = source.runningByState[s.id] ?? 0;
    const chosen = choices[s.id];
    const proposed = source.mapping[s.id];
    const targetStateId = chosen ?? proposed ?? null;
    const mustChoose = running > 0 && proposed === undefined;
    return {
      stateId: s.id,
      name: s.name,
      running,
      targetStateId,
      how:
        chosen !== undefined ? "choice" : proposed !== undefined ? (source.matchedBy[s.id] ?? "ref") : null,
      mustChoose,
      missing: mustChoose && targetStateId === null,
    };
  });
}

export interface MissingChoice {
  versionId: string;
  number: number;
  stateId: string;
  name: string;
  running: number;
}

/** Every source state (over all source versions) with running instances that still has no target. */
export function missingChoices(
  sources: readonly SourceProposal[],
  choices: Readonly<Record<string, Record<string, string>>>,
): MissingChoice[] {
  return sources.flatMap((source) =>
    mappingRows(source, choices[source.versionId]).flatMap((row) =>
      row.missing
        ? [
            {
              versionId: source.versionId,
              number: source.number,
              stateId: row.stateId,
              name: row.name,
              running: row.running,
            },
          ]
        : [],
    ),
  );
}

/**
 * Marks for the side-by-side diagrams (the diff view's colours): on the source, a state still
 * missing its target is `removed` (red), a chosen one `changed`; on the target, a state that
 * receives a choice is `changed`, a state no source state goes to by proposal is `added`.
 */
export function mappingMarks(
  source: SourceProposal,
  targetStateIds: readonly string[],
  choices: Readonly<Record<string, string>> = {},
): { source: Record<string, DiffMark>; target: Record<string, DiffMark> } {
  const sourceMarks: Record<string, DiffMark> = {};
  for (const row of mappingRows(source, choices)) {
    if (row.missing) sourceMarks[row.stateId] = "removed";
    else if (row.how === "choice") sourceMarks[row.stateId] = "changed";
  }
  const proposedTargets = new Set(Object.values(source.mapping));
  const chosenTargets = new Set(Object.values(choices));
  const targetMarks: Record<string, DiffMark> = {};
  for (const id of targetStateIds) {
    if (chosenTargets.has(id)) targetMarks[id] = "changed";
    else if (!proposedTargets.has(id)) targetMarks[id] = "added";
  }
  return { source: sourceMarks, target: targetMarks };
}

/**
 * What each diagram first zooms to: while a state must be chosen, those states and the states new
 * in the target (likely homes for them); otherwise the states with running instances and where
 * they go.
 */
export function focusStates(
  rows: readonly MappingRow[],
  targetMarks: Readonly<Record<string, DiffMark>>,
): { source: string[]; target: string[] } {
  const choose = rows.filter((r) => r.mustChoose);
  const added = Object.entries(targetMarks).flatMap(([id, mark]) => (mark === "added" ? [id] : []));
  if (choose.length > 0 && added.length > 0) return { source: choose.map((r) => r.stateId), target: added };
  const running = rows.filter((r) => r.running > 0);
  return {
    source: running.map((r) => r.stateId),
    target: [...new Set(running.flatMap((r) => (r.targetStateId ? [r.targetStateId] : [])))],
  };
}
