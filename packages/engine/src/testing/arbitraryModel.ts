import fc from "fast-check";
import { parseModel } from "@flowstate/model";
import type { ProcessModel, ProcessModelInput } from "@flowstate/model";

const CONDITIONS = ["x > 2", "flag = true", "flag = false", "x = null", "x <= 2"];

const nodeArb = fc.record({
  kind: fc.constantFrom(
    "manual",
    "manual",
    "manual",
    "manual",
    "automatic",
    "automatic",
    "automatic",
    "and",
    "or",
    "or",
    "finalizer",
  ),
  maxOccurs: fc.constantFrom(0, 1, 1, 2, 3),
  lax: fc.boolean(),
  delay: fc.constantFrom(undefined, undefined, "PT1H", "P1D"),
  retry: fc.boolean(),
  repeatUntil: fc.constantFrom(undefined, undefined, "flag = true"),
  compensate: fc.boolean(),
  outcome: fc.constantFrom("succeeded", "failed"),
});

const lineArb = fc.record({
  from: fc.nat(),
  to: fc.nat(),
  kind: fc.constantFrom("flow", "flow", "flow", "limit", "not"),
  condition: fc.constantFrom(undefined, undefined, ...CONDITIONS),
  failed: fc.constantFrom(false, false, false, true),
});

const stateArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 7 }),
  lines: fc.array(lineArb, { maxLength: 10 }),
  transitions: fc.array(
    fc.record({
      from: fc.nat(),
      to: fc.nat(),
      condition: fc.constantFrom(undefined, ...CONDITIONS),
      order: fc.nat(3),
    }),
    { maxLength: 3 },
  ),
});

/**
 * Test support: random process models (1–3 states, up to 7 nodes of every kind per state, flow /
 * limit / not / failure lines with FEEL conditions over `x` and `flag`, transitions incl.
 * re-entry). Not necessarily sensible models — the engine must cope with any that parses.
 */
export const arbitraryModel: fc.Arbitrary<ProcessModel> = fc
  .array(stateArb, { minLength: 1, maxLength: 3 })
  .map((states) => {
    const doc: ProcessModelInput = {
      formatVersion: 1,
      key: "gen",
      name: "gen",
      states: [],
      nodes: [],
      lines: [],
      transitions: [],
      calendars: [],
    };
    const ids: string[][] = [];
    states.forEach((s, si) => {
      const stateId = `S${si}`;
      doc.states.push({
        id: stateId,
        ref: `r.${stateId}`,
        name: stateId,
        ...(si === 0 ? { initial: true } : {}),
      });
      ids.push([]);
      s.nodes.forEach((n, ni) => {
        const id = `${stateId}n${ni}`;
        ids[si]?.push(id);
        const base = { id, ref: `r.${id}`, stateId, name: id };
        if (n.kind === "manual" || n.kind === "automatic") {
          doc.nodes?.push({
            ...base,
            kind: "action",
            mode: n.kind,
            ...(n.kind === "automatic" ? { handler: "h" } : {}),
            maxOccurs: n.maxOccurs,
            strictness: n.lax ? "lax" : "strict",
            output: { x: "result.x", flag: "result.flag" },
            ...(n.delay !== undefined ? { delay: n.delay } : {}),
            ...(n.kind === "automatic" && n.retry
              ? { retry: { maxAttempts: 2, backoff: { initial: "PT1M", factor: 2 } } }
              : {}),
            ...(n.kind === "automatic" && n.repeatUntil !== undefined ? { repeatUntil: n.repeatUntil } : {}),
            ...(n.compensate ? { compensation: { handler: "undo", input: { x: "x" } } } : {}),
          });
        } else if (n.kind === "finalizer")
          doc.nodes?.push({
            ...base,
            kind: "finalizer",
            outcome: n.outcome as "succeeded" | "failed",
            compensate: n.compensate,
          });
        else doc.nodes?.push({ ...base, kind: n.kind as "and" | "or" });
      });
      s.lines.forEach((l, li) => {
        const stateIds = ids[si] ?? [];
        const from = stateIds[l.from % stateIds.length];
        const to = stateIds[l.to % stateIds.length];
        if (from === undefined || to === undefined) return;
        const id = `${stateId}l${li}`;
        if (l.kind === "flow")
          doc.lines?.push({
            id,
            ref: `r.${id}`,
            kind: "flow",
            from,
            to,
            ...(l.condition !== undefined ? { condition: l.condition } : {}),
            ...(l.failed ? { on: "failed" as const } : {}),
          });
        else doc.lines?.push({ id, ref: `r.${id}`, kind: l.kind as "limit" | "not", from, to });
      });
    });
    states.forEach((s, si) => {
      s.transitions.forEach((t, ti) => {
        const stateIds = ids[si] ?? [];
        const from = stateIds[t.from % stateIds.length];
        const fromNode = doc.nodes?.find((n) => n.id === from);
        if (!from || fromNode?.kind !== "action") return;
        const id = `S${si}t${ti}`;
        doc.transitions?.push({
          id,
          ref: `r.${id}`,
          from,
          to: `S${t.to % states.length}`,
          order: t.order,
          ...(t.condition !== undefined ? { condition: t.condition } : {}),
        });
      });
    });
    const parsed = parseModel(doc);
    if (!parsed.ok) throw new Error(`generated model does not parse: ${JSON.stringify(parsed.problems)}`);
    return parsed.model;
  });

/** One abstract command; turned into a concrete event against the state at the time it is sent. */
export type Command =
  | { kind: "perform"; pick: number; x: number; flag: boolean }
  | { kind: "complete"; pick: number; x: number; flag: boolean }
  | { kind: "fail"; pick: number; final: boolean }
  | { kind: "timerDue"; pick: number }
  | { kind: "signal"; pick: number }
  | { kind: "retryIncident"; pick: number }
  | { kind: "skipIncident"; pick: number }
  | { kind: "lock" }
  | { kind: "unlock" }
  | { kind: "cancel" }
  | { kind: "advance"; hours: number }
  | { kind: "garbage"; pick: number };

/** Test support: random command sequences, weighted towards progress. */
export const arbitraryCommands: fc.Arbitrary<Command[]> = fc.array(
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant("perform" as const),
        pick: fc.nat(),
        x: fc.integer({ min: 0, max: 4 }),
        flag: fc.boolean(),
      }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant("complete" as const),
        pick: fc.nat(),
        x: fc.integer({ min: 0, max: 4 }),
        flag: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("fail" as const), pick: fc.nat(), final: fc.boolean() }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("timerDue" as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("signal" as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("retryIncident" as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("skipIncident" as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant({ kind: "lock" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "unlock" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "cancel" as const }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("advance" as const), hours: fc.integer({ min: 1, max: 30 }) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("garbage" as const), pick: fc.nat() }) },
  ),
  { maxLength: 40 },
);
