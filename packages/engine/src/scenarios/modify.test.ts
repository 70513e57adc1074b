import { describe, expect, it } from "vitest";
import { ModelBuilder } from "@flowstate/model";
import { planMove } from "../move";
import { given } from "../testing/given";

/** intake: submit → remind (a timer, P1D); review: approve, and a migration action armed on arrival by a move. */
const model = new ModelBuilder("modify", "modify")
  .state("intake", "Intake", { initial: true })
  .manual("submit")
  .action("remind", "Remind", { mode: "automatic", handler: "h.remind", delay: "P1D" })
  .flows("submit->remind")
  .state("review", "Review")
  .manual("approve")
  .action("notifyMoved", "Notify moved", { mode: "automatic", handler: "h.notify", migration: {} })
  .state("done", "Done")
  .manual("close")
  .toModel();

describe("move (an operator's change of state within the version)", () => {
  it("plans with the migration machinery: migration actions, what unlocks, nothing changed", () => {
    const run = given(model).start().perform("submit");
    const before = run.state;
    const plan = planMove(model, run.state, "review", { now: run.now });
    expect(plan).toMatchObject({
      ok: true,
      sourceVersion: 1,
      targetVersion: 1,
      fromStateId: "intake",
      targetStateId: "review",
      mappedBy: "mapping",
      migrationActions: ["notifyMoved"],
    });
    if (!plan.ok) return;
    expect(plan.unlocked.sort()).toEqual(["approve", "notifyMoved"]);
    expect(plan.noLongerUnlocked).toEqual(["remind"]);
    expect(run.state).toBe(before);
  });

  it("moves in one step: timers dropped, reason manual, one moved record with who and why, replayable", () => {
    const run = given(model).start().perform("submit");
    expect(run.open("remind").status).toBe("scheduled");
    run.ok({ type: "move", stateId: "review", reason: "customer called", actor: "olga" });
    run.expectState("review");
    expect(run.state.occurrences).toEqual(
      Object.fromEntries(Object.entries(run.state.occurrences).filter(([, o]) => o.nodeId === "notifyMoved")),
    );
    expect(run.hasOpen("remind")).toBe(false);
    expect(run.effectsOf("cancelSchedule").length).toBe(1);
    const types = run.records.history.map((h) => h.type);
    expect(types.filter((t) => t === "moved")).toHaveLength(1);
    expect(run.records.history.find((h) => h.type === "moved")?.data).toEqual({
      fromStateId: "intake",
      targetStateId: "review",
      reason: "customer called",
      by: "olga",
      migrationActions: ["notifyMoved"],
    });
    expect(types).not.toContain("migrated");
    const entered = run.state.stateInstances.at(-1)!;
    expect(entered).toMatchObject({ stateId: "review", reason: "manual", version: 1 });
    expect(run.state.stateInstances.at(-2)).toMatchObject({ stateId: "intake", exitReason: "manual" });
    expect(run.state.migration).toBeUndefined();
    expect(run.hasOpen("notifyMoved")).toBe(true);
    run.expectReplayed();
  });

  it("refuses a finished instance, the current state, an unknown state and a missing reason — state unchanged", () => {
    const run = given(model).start();
    expect(run.rejected({ type: "move", stateId: "intake", reason: "x" }).code).toBe("ALREADY_IN_STATE");
    expect(run.rejected({ type: "move", stateId: "nowhere", reason: "x" }).code).toBe("UNKNOWN_STATE");
    expect(run.rejected({ type: "move", stateId: "review", reason: " " }).code).toBe("INVALID_EVENT");
    expect(
      run.rejected({ type: "move", stateId: "review", reason: "x", expectedSeq: run.state.seq - 1 }).code,
    ).toBe("STALE_SEQ");
    expect(run.rejected({ type: "move", stateId: "review", reason: "x".repeat(1001) }).code).toBe(
      "INVALID_EVENT",
    );
    run.ok({ type: "cancel", reason: "done with it" });
    expect(run.rejected({ type: "move", stateId: "review", reason: "x" }).code).toBe("INSTANCE_NOT_RUNNING");
    expect(planMove(model, run.state, "review")).toMatchObject({ ok: false, reason: "INSTANCE_NOT_RUNNING" });
  });
});

describe("setVariables (an operator's correction of variables)", () => {
  it("replaces the variables in one step with one variablesChanged record of what changed", () => {
    const run = given(model).start({ amount: 10, customer: { name: "Ada" }, obsolete: true });
    const seq = run.state.seq;
    run.ok({
      type: "setVariables",
      variables: { amount: 12, customer: { name: "Ada" }, note: "fixed" },
      reason: "typo in amount",
      actor: "olga",
      expectedSeq: seq,
    });
    expect(run.state.variables).toEqual({ amount: 12, customer: { name: "Ada" }, note: "fixed" });
    const changed = run.records.history.filter((h) => h.type === "variablesChanged");
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data).toEqual({
      changes: [
        { name: "amount", before: 10, after: 12 },
        { name: "obsolete", before: true },
        { name: "note", after: "fixed" },
      ],
      reason: "typo in amount",
      by: "olga",
    });
    expect(run.state.seq).toBeGreaterThan(seq);
    run.expectReplayed();
  });

  it("refuses a stale seq, no change, a non-object, a finished instance — state unchanged", () => {
    const run = given(model).start({ a: 1 });
    const seq = run.state.seq;
    run.perform("submit");
    const stale = run.rejected({ type: "setVariables", variables: { a: 2 }, reason: "r", expectedSeq: seq });
    expect(stale.code).toBe("STALE_SEQ");
    expect(
      run.rejected({ type: "setVariables", variables: { a: 1 }, reason: "r", expectedSeq: run.state.seq })
        .code,
    ).toBe("NOTHING_CHANGED");
    expect(
      run.rejected({ type: "setVariables", variables: [1] as unknown as { a: number }, reason: "r" }).code,
    ).toBe("INVALID_EVENT");
    expect(run.rejected({ type: "setVariables", variables: { a: 2 }, reason: "" }).code).toBe(
      "INVALID_EVENT",
    );
    run.ok({ type: "cancel" });
    expect(run.rejected({ type: "setVariables", variables: { a: 2 }, reason: "r" }).code).toBe(
      "INSTANCE_NOT_RUNNING",
    );
    expect(run.state.variables).toEqual({ a: 1 });
  });
});
