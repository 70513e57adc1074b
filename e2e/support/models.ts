// Pieces of the process models the specs import through the API (their JSON, as the app stores it).

/** A diagram box (the size of an action unless given). */
export const box = (x: number, y: number, width = 160, height = 64) => ({ x, y, width, height });

/** A state (ref = id). */
export const state = (id: string, name: string, initial = false) => ({
  id,
  ref: id,
  name,
  ...(initial ? { initial: true } : {}),
});

/** An action (ref = id): manual, performed once, unless `extra` says otherwise. */
export const action = (id: string, stateId: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  ref: id,
  kind: "action",
  stateId,
  name,
  mode: "manual",
  maxOccurs: 1,
  singleton: false,
  captures: [],
  strictness: "strict",
  ...extra,
});

/** The start form of a claim: claimant and a non-negative amount, both required. */
export const claimForm = {
  type: "object",
  title: "Claim",
  properties: {
    claimant: { type: "string", title: "Claimant" },
    amount: { type: "number", title: "Amount", minimum: 0 },
  },
  required: ["claimant", "amount"],
};

/** The diagram part every model type of the specs shares. */
export interface DiagramParts {
  diagram: {
    nodes: Record<string, unknown>;
    states: Record<string, unknown>;
    lines: Record<string, unknown>;
    transitions: Record<string, unknown>;
  };
  [k: string]: unknown;
}
