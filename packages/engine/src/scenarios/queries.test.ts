import { describe, expect, it } from "vitest";
import { explain } from "../explain";
import { planMigration } from "../planMigration";
import { startActions } from "../startActions";
import { given } from "../testing/given";
import { unlockedActions } from "../unlockedActions";
import { oneState } from "../testing/oneState";

const model = oneState()
  .action("A", "A", { mode: "manual", code: "a.do", role: "clerk", maxOccurs: 2 })
  .action("B", "B", { mode: "automatic", handler: "h.B", delay: "PT1H" })
  .action("C", "C", { mode: "manual", strictness: "lax" })
  .flow("A", "C")
  .state("T", "T")
  .action("X", "X", { mode: "manual" })
  .toModel();

describe("unlockedActions: what can happen next", () => {
  it("lists the unlocked actions with what a task list needs", () => {
    const run = given(model).start();
    expect(unlockedActions(model, run.state)).toEqual([
      {
        nodeId: "A",
        ref: "r.A",
        name: "A",
        code: "a.do",
        mode: "manual",
        stateId: "S",
        strictness: "strict",
        role: "clerk",
        armedAt: 2,
        remaining: 2,
      },
      {
        nodeId: "B",
        ref: "r.B",
        name: "B",
        mode: "automatic",
        stateId: "S",
        strictness: "strict",
        armedAt: 2,
        remaining: 1,
        occurrence: { id: "o1", status: "scheduled", attempt: 1, dueAt: "2027-01-04T10:00:00.000Z" },
      },
    ]);
    run.perform("A");
    expect(unlockedActions(model, run.state).find((a) => a.nodeId === "A")?.remaining).toBe(1);
  });

  it("startActions: the manual roots of the initial state (a signal with their code may start an instance)", () => {
    expect(startActions(model)).toEqual([{ nodeId: "A", code: "a.do" }]);
  });
});

describe("explain: why (not)", () => {
  it("explains the root, a firing, a timer, an unknown node and another state", () => {
    const run = given(model).start();
    expect(explain(model, run.state, "A")).toMatchObject({
      unlocked: true,
      reasons: [{ code: "armedAtEntry", seq: 2, stateInstanceId: "s1" }],
    });
    expect(explain(model, run.state, "B").summary).toBe(
      "B is unlocked: it has no incoming line, so it opened when the instance entered S; it is scheduled for 2027-01-04 10:00 UTC",
    );
    expect(explain(model, run.state, "C").summary).toBe("C is waiting: it waits until A is completed");
    expect(explain(model, run.state, "nope")).toMatchObject({
      unlocked: false,
      reasons: [{ code: "unknownNode" }],
    });
    expect(explain(model, run.state, "X").summary).toMatch(
      /^X is not in the current state: it belongs to T, and the instance is in S$/,
    );
    run.perform("A");
    expect(explain(model, run.state, "C").reasons[0]).toEqual({
      code: "armedByFiring",
      blocking: false,
      lineId: "flow:A->C",
      from: "A",
      firingId: "f1",
      seq: 6,
    });
    expect(explain(model, run.state, "A").reasons).toContainEqual({
      code: "completions",
      blocking: false,
      completions: 1,
      maxOccurs: 2,
    });
  });

  it("an ended instance explains itself", () => {
    const run = given(model).start().ok({ type: "cancel" });
    expect(explain(model, run.state, "A").summary).toMatch(
      /^A cannot run any more: the instance was cancelled$/,
    );
  });
});

describe("planMigration: version filters of migration actions", () => {
  const target = oneState()
    .action("A", "A", { mode: "manual", code: "a.do" })
    .action("fromOld", "fromOld", {
      mode: "automatic",
      handler: "h.fromOld",
      migration: { sourceVersions: { exclude: [1] } },
    })
    .action("always", "always", { mode: "automatic", handler: "h.always", migration: {} })
    .toModel();

  it("include/exclude decide which migration actions run", () => {
    const run = given(model).start();
    expect(planMigration(model, target, run.state, { sourceVersion: 1, targetVersion: 2 })).toMatchObject({
      ok: true,
      migrationActions: ["always"],
    });
    expect(planMigration(model, target, run.state, { sourceVersion: 3, targetVersion: 4 })).toMatchObject({
      ok: false,
      reason: "VERSION_MISMATCH",
    });
  });

  it("a migration action is never armed by an ordinary entry", () => {
    const run = given(target).start().expectUnlocked(["A"]);
    expect(explain(target, run.state, "always").summary).toMatch(
      /runs only when an instance is migrated into this state/,
    );
  });
});
