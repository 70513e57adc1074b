import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtures } from "../fixtures/index";
import { parseModel } from "../parse/parseModel";
import { NODE_KINDS } from "../schema/nodeKinds";
import type { ProcessModel } from "../schema/Process";
import { addCalendar } from "./addCalendar";
import { addNode } from "./addNode";
import { addState } from "./addState";
import { applyPatches } from "./applyPatches";
import { changeLineKind } from "./changeLineKind";
import { CONNECT_KINDS } from "./ConnectKind";
import { connect } from "./connect";
import { copyElements } from "./copyElements";
import { disconnect } from "./disconnect";
import type { EditContext, EditResult } from "./EditContext";
import { EditError } from "./EditContext";
import { moveNode } from "./moveNode";
import { pasteElements } from "./pasteElements";
import { removeElements } from "./removeElements";
import { removeNode } from "./removeNode";
import { removeState } from "./removeState";
import { renameElement } from "./renameElement";
import { resizeState } from "./resizeState";
import { sequentialIds } from "./sequentialIds";
import { setInitialState } from "./setInitialState";
import { updateCalendar } from "./updateCalendar";
import { updateLine } from "./updateLine";
import { updateNode } from "./updateNode";
import { updateProcess } from "./updateProcess";
import { updateState } from "./updateState";
import { updateTransition } from "./updateTransition";

/** Picks the `i`-th element of a list modulo its length (a stable way to aim random commands at existing elements). */
function pick<T>(list: readonly T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[i % list.length];
}

type Command = (model: ProcessModel, ctx: EditContext) => EditResult | undefined;

const n = fc.nat(1000);
const point = fc.record({ x: fc.integer({ min: -500, max: 3000 }), y: fc.integer({ min: -500, max: 3000 }) });

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), point).map(
    ([name, p]): Command =>
      (m, ctx) =>
        addState(m, ctx, { name, bounds: { ...p, width: 300, height: 200 } }),
  ),
  n.map(
    (i): Command =>
      (m) =>
        pick(m.states, i) ? removeState(m, (pick(m.states, i) as { id: string }).id) : undefined,
  ),
  fc
    .tuple(n, fc.constantFrom(...NODE_KINDS), fc.constantFrom("manual" as const, "automatic" as const))
    .map(([i, kind, mode]): Command => (m, ctx) => {
      const state = pick(m.states, i);
      return state ? addNode(m, ctx, { kind, stateId: state.id, name: `${kind} ${i}`, mode }) : undefined;
    }),
  n.map(
    (i): Command =>
      (m) =>
        pick(m.nodes, i) ? removeNode(m, (pick(m.nodes, i) as { id: string }).id) : undefined,
  ),
  fc.tuple(n, point).map(
    ([i, p]): Command =>
      (m) =>
        pick(m.nodes, i) ? moveNode(m, (pick(m.nodes, i) as { id: string }).id, p) : undefined,
  ),
  fc.tuple(n, point).map(
    ([i, p]): Command =>
      (m) =>
        pick(m.states, i)
          ? resizeState(m, (pick(m.states, i) as { id: string }).id, { ...p, width: 50 + i, height: 60 + i })
          : undefined,
  ),
  fc.tuple(n, fc.string({ minLength: 1, maxLength: 12 })).map(([i, name]): Command => (m) => {
    const target = pick([...m.states, ...m.nodes], i);
    return target && name.trim() !== "" ? renameElement(m, target.id, name) : undefined;
  }),
  fc
    .tuple(
      n,
      fc.record({
        maxOccurs: fc.option(fc.nat(5), { nil: undefined }),
        delay: fc.option(fc.constantFrom("PT1M", "P1D"), { nil: undefined }),
        handler: fc.option(fc.constantFrom("noop", "http"), { nil: undefined }),
      }),
    )
    .map(([i, changes]): Command => (m) => {
      const action = pick(
        m.nodes.filter((x) => x.kind === "action"),
        i,
      );
      return action ? updateNode(m, action.id, changes) : undefined;
    }),
  fc
    .tuple(n, fc.option(fc.constantFrom("x = 1", "ok", "a >"), { nil: undefined }))
    .map(([i, condition]): Command => (m) => {
      const line = pick(
        m.lines.filter((l) => l.kind === "flow"),
        i,
      );
      return line ? updateLine(m, line.id, { condition }) : undefined;
    }),
  fc.tuple(n, fc.integer({ min: -3, max: 3 })).map(
    ([i, order]): Command =>
      (m) =>
        pick(m.transitions, i)
          ? updateTransition(m, (pick(m.transitions, i) as { id: string }).id, { order })
          : undefined,
  ),
  n.map(
    (i): Command =>
      (m) =>
        pick(m.states, i) ? setInitialState(m, (pick(m.states, i) as { id: string }).id) : undefined,
  ),
  fc
    .tuple(n, fc.option(fc.string({ maxLength: 10 }), { nil: undefined }))
    .map(([i, description]): Command => (m) => {
      const state = pick(m.states, i);
      return state ? updateState(m, state.id, { description }) : undefined;
    }),
  fc.option(fc.string({ maxLength: 10 }), { nil: undefined }).map(
    (description): Command =>
      (m) =>
        updateProcess(m, { description }),
  ),
  fc.string({ minLength: 1, maxLength: 8 }).map(
    (name): Command =>
      (m, ctx) =>
        addCalendar(m, ctx, { name }),
  ),
  fc
    .tuple(n, fc.array(fc.constantFrom("2027-01-01", "2027-12-25"), { maxLength: 2 }))
    .map(([i, holidays]): Command => (m) => {
      const calendar = pick(m.calendars, i);
      return calendar ? updateCalendar(m, calendar.id, { holidays }) : undefined;
    }),
  fc
    .tuple(n, fc.constantFrom("flow" as const, "failure" as const, "limit" as const, "not" as const))
    .map(([i, kind]): Command => (m) => {
      const line = pick(m.lines, i);
      return line ? changeLineKind(m, line.id, kind) : undefined;
    }),
  fc.tuple(fc.constantFrom(...CONNECT_KINDS), n, n).map(([kind, i, j]): Command => (m, ctx) => {
    const from = pick(m.nodes, i);
    const to = kind === "transition" ? pick(m.states, j) : pick(m.nodes, j);
    return from && to ? connect(m, ctx, { kind, from: from.id, to: to.id }) : undefined;
  }),
  n.map((i): Command => (m) => {
    const edge = pick([...m.lines, ...m.transitions], i);
    return edge ? disconnect(m, edge.id) : undefined;
  }),
  fc.tuple(n, n).map(([i, j]): Command => (m) => {
    const ids = [pick(m.states, i)?.id, pick(m.nodes, j)?.id, pick(m.lines, i + j)?.id].filter(
      (x): x is string => x !== undefined,
    );
    return ids.length > 0 ? removeElements(m, ids) : undefined;
  }),
  fc.tuple(n, n, point).map(([i, j, offset]): Command => (m, ctx) => {
    const content = copyElements(
      m,
      [pick(m.states, i)?.id, pick(m.nodes, j)?.id].filter((x): x is string => x !== undefined),
    );
    const target = pick(m.states, j);
    return content
      ? pasteElements(m, ctx, content, { offset, ...(target ? { targetStateId: target.id } : {}) })
      : undefined;
  }),
);

describe("every edit operation is exactly reversible", () => {
  it.each(Object.keys(fixtures))("on sequences of random edits of %s", (name) => {
    const start = fixtures[name as keyof typeof fixtures];
    let applied = 0;
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 8 }), (commands) => {
        const ctx = sequentialIds();
        let model: ProcessModel = start;
        for (const run of commands) {
          let result: EditResult | undefined;
          try {
            result = run(model, ctx);
          } catch (error) {
            if (error instanceof EditError) continue; // refused as documented: nothing changed
            throw error;
          }
          if (!result) continue;
          expect(applyPatches(result.model, result.inverse)).toEqual(model);
          expect(applyPatches(model, result.patches)).toEqual(result.model);
          expect(parseModel(JSON.parse(JSON.stringify(result.model))).ok).toBe(true);
          model = result.model;
          applied += 1;
        }
      }),
      { numRuns: 60 },
    );
    // The commands mostly hit existing elements: most runs really edit (refusals are the exception).
    expect(applied).toBeGreaterThan(100);
  });
});
