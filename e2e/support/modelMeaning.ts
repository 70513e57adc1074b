/** The model as the JSON the API returns, as far as its meaning goes. */
export interface ModelJson {
  states: { id: string; name: string; initial?: boolean }[];
  nodes: { id: string; name: string; kind: string; stateId: string; mode?: string; outcome?: string }[];
  lines: { kind: string; from: string; to: string; on?: string; condition?: string }[];
  transitions: { from: string; to: string; condition?: string }[];
}

/**
 * What a model means, up to ids and layout: state names (and which is initial), each node's state,
 * kind, mode or outcome and name, each line's kind, condition and ends by name, each transition.
 * Two models with equal meanings are the same process drawn differently.
 */
export function modelMeaning(model: ModelJson) {
  const name = (id: string) => [...model.states, ...model.nodes].find((e) => e.id === id)?.name ?? `?${id}`;
  return {
    states: model.states.map((s) => `${s.name}${s.initial ? " (initial)" : ""}`).sort(),
    nodes: model.nodes
      .map(
        (n) =>
          `${name(n.stateId)} / ${n.kind}${n.mode ? `:${n.mode}` : ""}${n.outcome ? `:${n.outcome}` : ""} ${n.name}`,
      )
      .sort(),
    lines: model.lines
      .map(
        (l) =>
          `${l.kind}${l.kind === "flow" ? `:${l.on ?? "completed"}` : ""}${l.condition ? ` [${l.condition}]` : ""} ${name(l.from)} -> ${name(l.to)}`,
      )
      .sort(),
    transitions: model.transitions
      .map((t) => `${name(t.from)} => ${name(t.to)}${t.condition ? ` [${t.condition}]` : ""}`)
      .sort(),
  };
}
