import { describe, expect, it } from "vitest";
import { FEEL_LIMITS } from "@flowstate/model";
import { evaluateExpression } from "../evaluateExpression";
import { given } from "../testing/given";
import { oneState } from "../testing/oneState";

/** The automatic action `load` (handler `h.load`, with the `input` or `output` mapping given), then the manual `next`. */
function loadThenNext(mapping: { input?: Record<string, string>; output?: Record<string, string> }) {
  return oneState()
    .action("load", "load", { mode: "automatic", handler: "h.load", ...mapping })
    .action("next", "next", { mode: "manual" })
    .flow("load", "next")
    .toModel();
}

describe('FEEL limits in a step (docs/semantics.md "FEEL limits")', () => {
  const model = loadThenNext({ input: { n: "count(for i in 1..size return i)", label: '"ok"' } });

  it("an input mapping over the limit opens an incident on the action instead of calling its handler", () => {
    const run = given(model).start({ size: 3e6 });
    expect(run.effectsOf("callHandler")).toEqual([]);
    expect(run.state.incidents).toMatchObject([
      {
        id: "i1",
        nodeId: "load",
        error: {
          code: "EXPRESSION_LIMIT",
          message: expect.stringContaining(
            'n: limit error in "count(for i in 1..size return i)": a list exceeds 10000 elements',
          ),
        },
      },
    ]);
    expect(run.effectsOf("emit")).toContainEqual(
      expect.objectContaining({ name: "incidentOpened", data: expect.objectContaining({ nodeId: "load" }) }),
    );
    expect(run.records.occurrences[0]).toMatchObject({ nodeId: "load", status: "failed" });
    run.expectStatus("running").expectReplayed();
  });

  it("retrying the incident evaluates again: same limit, a new incident; skipping it moves on", () => {
    const run = given(model).start({ size: 3e6 });
    run.ok({ type: "retryIncident", incidentId: "i1" });
    expect(run.effectsOf("callHandler")).toEqual([]);
    expect(run.state.incidents).toMatchObject([
      { id: "i2", nodeId: "load", attempt: 2, error: { code: "EXPRESSION_LIMIT" } },
    ]);
    run.ok({ type: "skipIncident", incidentId: "i2" }).expectUnlocked(["next"]);
  });

  it("within the limits the handler is called with the mapped input, as before", () => {
    const run = given(model).start({ size: 3 });
    expect(run.effectsOf("callHandler")).toMatchObject([{ nodeId: "load", input: { n: 3, label: "ok" } }]);
    expect(run.state.incidents).toEqual([]);
  });

  it("an output mapping over the limit fails the completed attempt for good: an incident, the variables untouched", () => {
    const withOutput = loadThenNext({ output: { all: "for i in 1..result.n return i", first: "result.n" } });
    const run = given(withOutput).start().complete("load", { n: 3e6 });
    expect(run.state.incidents).toMatchObject([
      {
        nodeId: "load",
        error: { code: "EXPRESSION_LIMIT", message: expect.stringContaining("output all: limit error") },
      },
    ]);
    expect(run.state.variables).toEqual({});
    expect(run.records.occurrences.at(-1)).toMatchObject({
      nodeId: "load",
      status: "failed",
      output: { n: 3e6 },
    });
    run.ok({ type: "retryIncident", incidentId: "i1" });
    run.complete("load", { n: 2 }).expectUnlocked(["next"]).expectReplayed();
    expect(run.state.variables).toEqual({ all: [1, 2], first: 2 });
  });

  it("elsewhere (a condition, a capture) a limit is an expression error: the value is null", () => {
    const r = evaluateExpression("count(for i in 1..size return i)", { size: FEEL_LIMITS.listLength + 1 });
    expect(r).toMatchObject({ value: null, limit: true, error: expect.stringContaining("a list exceeds") });
    expect(evaluateExpression("count(for i in 1..size return i)", { size: 5 })).toEqual({ value: 5 });
  });
});
