import type { ProcessModel } from "../schema/Process";

/** How a source state found its target. */
export type StateMatch = "ref" | "name";

/** A proposed migration state mapping from one version to another. */
export interface StateMappingProposal {
  /** Source state id → target state id, for every source state with a counterpart. */
  mapping: Record<string, string>;
  /** How each mapped source state was matched. */
  matchedBy: Record<string, StateMatch>;
  /** Source state ids with no counterpart (or an ambiguous name): the operator must choose. */
  needsChoice: string[];
}

function normalName(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Proposes where instances in each state of `from` go in `to`: the state with the same `ref`; else
 * the only state with the same name (trimmed, case-insensitive) that no other source state took by
 * ref; else it needs the operator's choice. Several source states may map to one target.
 */
export function proposeStateMapping(from: ProcessModel, to: ProcessModel): StateMappingProposal {
  const byRef = new Map(to.states.map((s) => [s.ref, s.id]));
  const byName = new Map<string, string[]>();
  for (const s of to.states)
    byName.set(normalName(s.name), [...(byName.get(normalName(s.name)) ?? []), s.id]);
  const takenByRef = new Set(
    from.states.flatMap((s) => (byRef.has(s.ref) ? [byRef.get(s.ref) as string] : [])),
  );
  const proposal: StateMappingProposal = { mapping: {}, matchedBy: {}, needsChoice: [] };
  for (const state of from.states) {
    const sameRef = byRef.get(state.ref);
    if (sameRef !== undefined) {
      proposal.mapping[state.id] = sameRef;
      proposal.matchedBy[state.id] = "ref";
      continue;
    }
    const candidates = (byName.get(normalName(state.name)) ?? []).filter((id) => !takenByRef.has(id));
    if (candidates.length === 1) {
      proposal.mapping[state.id] = candidates[0] as string;
      proposal.matchedBy[state.id] = "name";
    } else proposal.needsChoice.push(state.id);
  }
  return proposal;
}
