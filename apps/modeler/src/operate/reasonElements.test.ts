import { describe, expect, it } from "vitest";
import { explain, initialState, step } from "@flowstate/engine";
import type { InstanceState } from "@flowstate/engine";
import { ModelBuilder } from "@flowstate/model";
import { REASON_HIGHLIGHT, reasonElements, withReasonHighlight } from "./reasonElements";

// Intake: approve → or ← reject; or → archive; cancel -not-> decide. Payout: pay.
const model = new ModelBuilder("reasons", "Reasons")
  .state("intake", "Intake", { initial: true })
  .action("approve", "Approve", { mode: "manual" })
  .action("reject", "Reject", { mode: "manual" })
  .or("either", "Either")
  .action("archive", "Archive", { mode: "manual" })
  .flows("approve->either->archive", "reject->either")
  .action("cancel", "Cancel", { mode: "manual" })
  .action("decide", "Decide", { mode: "manual" })
  .not("cancel", "decide")
  .state("payout", "Payout")
  .action("pay", "Pay", { mode: "manual" })
  .toModel();

const lineId = (from: string, to: string) => model.lines.find((l) => l.from === from && l.to === to)!.id;

function given(...performed: string[]): InstanceState {
  const now = "2027-01-04T09:00:00.000Z";
  const started = initialState(model, { instanceId: "i1", businessKey: "b1", now, version: 1 });
  if (!started.ok) throw new Error(started.rejection.message);
  let state = started.state;
  for (const actionId of performed) {
    const r = step(model, state, { type: "perform", actionId }, now);
    if (!r.ok) throw new Error(r.rejection.message);
    state = r.state;
  }
  return state;
}

/** The elements each reason of `nodeId`'s explanation names, by reason code. */
function named(state: InstanceState, nodeId: string): Record<string, string[]> {
  const e = explain(model, state, nodeId);
  return Object.fromEntries(e.reasons.map((r) => [r.code, reasonElements(model, nodeId, r)]));
}

describe("reasonElements: what a reason names on the canvas", () => {
  it("closed by the Or: the node, its line into the Or, the Or and who came first", () => {
    const state = given("reject");
    expect(named(state, "approve").closed).toEqual([
      "approve",
      lineId("approve", "either"),
      "either",
      "reject",
    ]);
  });

  it("waiting: what it waits for (the source and the line)", () => {
    expect(named(given(), "archive").notArmed).toEqual(["either", lineId("either", "archive")]);
  });

  it("opened by a firing: the source, the line, the node", () => {
    expect(named(given("reject"), "archive").armedByFiring).toEqual([
      "either",
      lineId("either", "archive"),
      "archive",
    ]);
  });

  it("ruled out by a not line: its source and the line", () => {
    expect(named(given("cancel"), "decide").blocked).toEqual([
      "cancel",
      lineId("cancel", "decide"),
      "decide",
    ]);
  });

  it("another state: the node's state and the current one; opened at entry: the state entered", () => {
    expect(named(given(), "pay").otherState).toEqual(["payout", "intake"]);
    expect(named(given(), "approve").armedAtEntry).toEqual(["intake", "approve"]);
  });

  it("leaves out ids the model does not hold", () => {
    expect(
      reasonElements(model, "approve", {
        code: "otherState",
        blocking: true,
        stateId: "gone",
        currentStateId: "intake",
      }),
    ).toEqual(["intake"]);
  });
});

describe("withReasonHighlight", () => {
  it("marks the named elements, keeps their overlay, adds entries for unmarked ones", () => {
    const overlay = { approve: { className: "ov-dimmed", badges: [] } };
    const marked = withReasonHighlight(overlay, ["approve", "reject"]);
    expect(marked.approve).toEqual({ className: `ov-dimmed ${REASON_HIGHLIGHT}`, badges: [] });
    expect(marked.reject).toEqual({ className: REASON_HIGHLIGHT, badges: [] });
    expect(overlay.approve.className).toBe("ov-dimmed");
    expect(withReasonHighlight(overlay, [])).toBe(overlay);
  });
});
