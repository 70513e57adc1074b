import { describe, expect, it } from "vitest";
import type { MigrationPlan } from "../MigrationPlan";
import { planMigration } from "../planMigration";
import { given } from "../testing/given";
import { oneState } from "../testing/oneState";

const ann = { id: "u-ann", name: "Ann Smith" };
const bob = { id: "u-bob", name: "Bob Jones" };

// review → (transition) done; ping repeats in S; later waits for review (not unlocked at first)
const model = oneState()
  .action("review", "review", { mode: "manual" })
  .action("ping", "ping", { mode: "manual", maxOccurs: 0 })
  .action("later", "later", { mode: "manual" })
  .flow("ping", "later")
  .transition("review", "D")
  .state("D", "D")
  .action("close", "close", { mode: "manual" })
  .toModel();

describe("assign (tasks: claim, unclaim, assign, follow-up)", () => {
  it("records the assignee and follow-up in the action's summary and in the history; null clears", () => {
    const run = given(model).start();
    run.ok({ type: "assign", actionId: "review", assignee: ann, followUp: "2027-01-05T10:00:00+01:00" });
    expect(run.state.current.nodes.review).toMatchObject({
      assignee: ann,
      followUpAt: "2027-01-05T09:00:00.000Z",
    });
    expect(run.records.history.map((h) => h.type)).toEqual(["event", "assigned"]);
    run.ok({ type: "assign", actionId: "review", followUp: null });
    expect(run.state.current.nodes.review?.assignee).toEqual(ann);
    expect(run.state.current.nodes.review?.followUpAt).toBeUndefined();
    run.ok({ type: "assign", actionId: "review", assignee: null });
    expect(run.state.current.nodes.review?.assignee).toBeUndefined();
    run.expectReplayed();
  });

  it("performing an assigned task: refused for another actor, allowed for the assignee", () => {
    const run = given(model).start();
    run.ok({ type: "assign", actionId: "review", assignee: ann });
    const refused = run.rejected({
      type: "perform",
      actionId: "review",
      actor: { id: bob.id, name: bob.name },
    });
    expect(refused).toEqual({
      code: "ASSIGNED_TO_OTHER",
      message: "review is assigned to Ann Smith; only Ann Smith or an admin may perform it",
    });
    expect(run.rejected({ type: "perform", actionId: "review", actor: "u-bob" }).code).toBe(
      "ASSIGNED_TO_OTHER",
    );
    run.perform("review", {}, { id: ann.id, name: ann.name }).expectState("D");
  });

  it("an admin may perform a task assigned to somebody else; so may the runtime itself (no actor)", () => {
    given(model)
      .start()
      .ok({ type: "assign", actionId: "review", assignee: ann })
      .perform("review", {}, { id: "u-root", name: "root", roles: ["admin"] })
      .expectState("D");
    given(model)
      .start()
      .ok({ type: "assign", actionId: "review", assignee: ann })
      .ok({ type: "perform", actionId: "review" })
      .expectState("D");
  });

  it("is cleared when the state instance ends, and when a repeatable action is performed", () => {
    const run = given(model).start();
    run.ok({ type: "assign", actionId: "ping", assignee: ann, followUp: "2027-01-06T00:00:00Z" });
    run.perform("ping", {}, { id: ann.id });
    expect(run.state.current.nodes.ping?.assignee).toBeUndefined();
    expect(run.state.current.nodes.ping?.followUpAt).toBeUndefined();
    expect(run.state.current.nodes.ping?.completions).toBe(1);
    run.ok({ type: "assign", actionId: "later", assignee: bob });
    run.perform("review", {}, { id: ann.id }).expectState("D");
    expect(Object.values(run.state.current.nodes).some((n) => n.assignee)).toBe(false);
    run.expectReplayed();
  });

  it("claim is refused when somebody else holds the task; re-claiming one's own is accepted", () => {
    const run = given(model).start().ok({ type: "assign", actionId: "review", assignee: ann, claim: true });
    const refused = run.rejected({ type: "assign", actionId: "review", assignee: bob, claim: true });
    expect(refused.code).toBe("ALREADY_ASSIGNED");
    expect(refused.message).toContain("assigned to Ann Smith");
    run.ok({ type: "assign", actionId: "review", assignee: ann, claim: true });
    // without `claim` (an operator's assign) it is reassigned
    run.ok({ type: "assign", actionId: "review", assignee: bob });
    expect(run.state.current.nodes.review?.assignee).toEqual(bob);
  });

  it("refuses bad input with a typed rejection and the state untouched", () => {
    const run = given(model).start();
    const cases: [unknown, string][] = [
      [{ type: "assign" }, "INVALID_EVENT"],
      [{ type: "assign", actionId: "review" }, "INVALID_EVENT"],
      [{ type: "assign", actionId: "review", assignee: { id: "", name: "x" } }, "INVALID_EVENT"],
      [{ type: "assign", actionId: "review", assignee: { id: "x".repeat(201), name: "x" } }, "INVALID_EVENT"],
      [{ type: "assign", actionId: "review", assignee: "ann" }, "INVALID_EVENT"],
      [{ type: "assign", actionId: "review", followUp: "2027-01-05T10:00:00" }, "INVALID_TIME"],
      [{ type: "assign", actionId: "review", followUp: 5 }, "INVALID_TIME"],
      [{ type: "assign", actionId: "review", assignee: ann, claim: "yes" }, "INVALID_EVENT"],
      [{ type: "assign", actionId: "nope", assignee: ann }, "UNKNOWN_ACTION"],
      [{ type: "assign", actionId: "later", assignee: ann }, "NOT_UNLOCKED"],
      [{ type: "assign", actionId: "close", assignee: ann }, "NOT_UNLOCKED"],
    ];
    for (const [event, code] of cases)
      expect(run.rejected(event as Parameters<typeof run.rejected>[0]).code, JSON.stringify(event)).toBe(
        code,
      );
    expect(run.state.current.nodes).toEqual({});
  });

  it("an automatic action is not a task; a finished instance has none", () => {
    const m = oneState()
      .action("auto", "auto", { mode: "automatic", handler: "h.x", delay: "P1D" })
      .action("done", "done", { mode: "manual" })
      .finalizer("end", "end", { outcome: "succeeded" })
      .flow("done", "end")
      .toModel();
    const run = given(m).start();
    expect(run.rejected({ type: "assign", actionId: "auto", assignee: ann }).code).toBe("NOT_MANUAL");
    run.perform("done");
    expect(run.rejected({ type: "assign", actionId: "done", assignee: ann }).code).toBe(
      "INSTANCE_NOT_RUNNING",
    );
  });

  it("a migration enters a new state instance (unassigned); reverting it brings the assignment back", () => {
    const v1 = model;
    const v2 = oneState().action("review", "review", { mode: "manual" }).toModel();
    const run = given(v1).start().ok({ type: "assign", actionId: "review", assignee: ann });
    const plan = planMigration(v1, v2, run.state, {
      mapping: {},
      variableChanges: {},
      sourceVersion: 1,
      targetVersion: 2,
    }) as MigrationPlan;
    run.ok({ type: "migrate", toModel: v2, plan });
    expect(run.state.current.nodes.review?.assignee).toBeUndefined();
    run.ok({ type: "revertMigration", fromModel: v1 });
    expect(run.state.current.nodes.review?.assignee).toEqual(ann);
  });
});
