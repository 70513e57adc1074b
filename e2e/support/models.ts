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

/** A finalizer (ref = id) that ends its instance with `outcome`. */
export const finalizer = (id: string, stateId: string, name: string, outcome = "succeeded") => ({
  id,
  ref: id,
  kind: "finalizer",
  stateId,
  name,
  outcome,
});

/** A flow line `from` → `to`, taken when `from` completes. */
export const flow = (from: string, to: string) => ({
  id: `flow:${from}->${to}`,
  ref: `flow:${from}->${to}`,
  kind: "flow",
  from,
  to,
  on: "completed",
});

/** A transition `from` ⇒ the state `to`. */
export const transition = (from: string, to: string, order = 0) => ({
  id: `go:${from}->${to}`,
  ref: `go:${from}->${to}`,
  from,
  to,
  order,
});

/** Payout: one automatic `http` action calling `port`, then Paid (an incident while it answers 503). */
export function payoutModel(key: string, port: number, name = "Payout") {
  return {
    formatVersion: 1,
    key,
    name,
    states: [state("payout", "Payout", true)],
    nodes: [
      action("pay", "payout", "Pay out", {
        mode: "automatic",
        handler: "http",
        input: { url: `"http://127.0.0.1:${port}/pay"` },
      }),
      finalizer("paid", "payout", "Paid"),
    ],
    lines: [flow("pay", "paid")],
    transitions: [],
    calendars: [],
    diagram: {
      states: { payout: box(0, 0, 460, 200) },
      nodes: { pay: box(60, 80), paid: box(340, 88, 48, 48) },
      lines: { "flow:pay->paid": { waypoints: [] } },
      transitions: {},
    },
  };
}

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

type Json = Record<string, unknown>;

/** A process model as the specs publish it. */
export type Model = {
  key: string;
  name: string;
  states: Json[];
  nodes: Json[];
  lines: Json[];
  transitions: Json[];
  diagram: Record<"states" | "nodes" | "lines" | "transitions", Record<string, Json>>;
};

type Box = ReturnType<typeof box>;

/**
 * A whole model as the app stores it: the format version, no calendars, every line and transition
 * drawn straight, and the boxes of its states and nodes.
 */
export function model(spec: {
  key: string;
  name: string;
  states: ReturnType<typeof state>[];
  nodes: Record<string, unknown>[];
  lines: ReturnType<typeof flow>[];
  transitions?: ReturnType<typeof transition>[];
  schedules?: Record<string, unknown>[];
  boxes: { states: Record<string, Box>; nodes: Record<string, Box> };
}) {
  const { boxes, transitions = [], ...rest } = spec;
  const straight = (items: { id: string }[]) =>
    Object.fromEntries(items.map((i) => [i.id, { waypoints: [] }]));
  return {
    formatVersion: 1,
    ...rest,
    transitions,
    calendars: [],
    diagram: { ...boxes, lines: straight(spec.lines), transitions: straight(transitions) },
  };
}
