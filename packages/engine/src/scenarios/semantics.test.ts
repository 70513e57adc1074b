import { describe, expect, it } from "vitest";
import { given } from "../testing/given";
import { oneState } from "../testing/oneState";

// Every worked example of semantics §3, as a story.

describe("§3 A → B → C: sequential windows", () => {
  const model = oneState()
    .action("A", "A", { mode: "manual", maxOccurs: 0 })
    .action("B", "B", { mode: "manual", maxOccurs: 0 })
    .action("C", "C", { mode: "manual", maxOccurs: 0 })
    .flows("A->B->C")
    .toModel();

  it("C closes B's window and B closes A's", () => {
    const run = given(model).start().expectUnlocked(["A"]);
    run.perform("A").expectUnlocked(["A", "B"]);
    run.perform("A").expectUnlocked(["A", "B"]); // maxOccurs 0: A may run again until B has run
    run.perform("B").expectUnlocked(["B", "C"]);
    expect(run.explain("A").reasons).toContainEqual(
      expect.objectContaining({ code: "closed", target: "B", lineKind: "flow" }),
    );
    run.perform("C").expectUnlocked(["C"]);
    expect(run.explain("B").summary).toMatch(/^B is closed: C, which comes after it, was completed$/);
    expect(run.tryPerform("A").code).toBe("NOT_UNLOCKED");
    run.expectReplayed();
  });

  it("with the default maxOccurs 1 each action runs once per arming", () => {
    const once = oneState().manual("A", "B", "C").flows("A->B->C").toModel();
    const run = given(once).start();
    run.perform("A").expectUnlocked(["B"]);
    expect(run.explain("A").reasons).toContainEqual({
      code: "exhausted",
      blocking: true,
      completions: 1,
      maxOccurs: 1,
    });
    run.perform("B").perform("C").expectUnlocked([]);
  });
});

describe("§3 A → B, A → D, B → C, D → C: two ways to C", () => {
  const model = oneState().manual("A", "B", "D", "C").flows("A->B", "A->D", "B->C", "D->C").toModel();

  it("C is unlocked after B; D stays open while C has not run", () => {
    const run = given(model).start().perform("A").expectUnlocked(["B", "D"]);
    run.perform("B").expectUnlocked(["D", "C"]);
    expect(run.explain("C").reasons[0]).toMatchObject({
      code: "armedByFiring",
      lineId: "flow:B->C",
      from: "B",
    });
    run.perform("C").expectUnlocked([]);
    expect(run.explain("D").reasons).toContainEqual(expect.objectContaining({ code: "closed", target: "C" }));
  });

  it("D sneaking in after B re-arms C (no forced choice without an or)", () => {
    const run = given(model).start().perform("A").perform("B").perform("D").expectUnlocked(["C"]);
    expect(run.explain("C").reasons[0]).toMatchObject({ code: "armedByFiring", lineId: "flow:D->C" });
  });
});

/** A → B and A → D; B and D into the control node `id` of `kind`, then C. */
function joinModel(kind: "or" | "and", id: string) {
  const b = oneState().manual("A", "B", "D");
  return b[kind](id, id)
    .action("C", "C", { mode: "manual" })
    .flows("A->B", "A->D", `B->${id}`, `D->${id}->C`)
    .toModel();
}

describe("§3 B → or, D → or, or → C: forced choice", () => {
  const model = joinModel("or", "choice");

  it("the or fires as soon as B completes, in the same step, closing D", () => {
    const run = given(model).start().perform("A").expectUnlocked(["B", "D"]);
    run.perform("B").expectUnlocked(["C"]);
    expect(run.records.occurrences.map((o) => [o.nodeId, o.status])).toEqual([
      ["B", "completed"],
      ["choice", "completed"],
    ]);
    expect(run.records.firings.map((f) => f.lineId)).toEqual(["flow:B->choice", "flow:choice->C"]);
  });

  it("C may wait a week without D sneaking in", () => {
    const run = given(model).start().perform("A").perform("B").after("P7D");
    const rejection = run.tryPerform("D");
    expect(rejection.code).toBe("NOT_UNLOCKED");
    expect(rejection.explanation?.reasons).toContainEqual(
      expect.objectContaining({ code: "closed", target: "choice", lineKind: "flow" }),
    );
    expect(rejection.message).toMatch(
      /^D is closed: B was completed first, and the Or “choice” allows only one of them$/,
    );
    run.perform("C").expectUnlocked([]).expectReplayed();
  });
});

describe("§3 and: parallel join", () => {
  const model = joinModel("and", "join");

  it("fires only once all of its incoming lines fired", () => {
    const run = given(model).start().perform("A").perform("B").expectUnlocked(["D"]);
    expect(run.explain("join").reasons).toContainEqual({
      code: "notArmed",
      blocking: true,
      waitingFor: [{ lineId: "flow:D->join", from: "D" }],
      migrationOnly: false,
    });
    run.perform("D").expectUnlocked(["C"]);
    expect(run.records.occurrences.map((o) => o.nodeId)).toEqual(["D", "join"]);
  });
});

describe("§3 finalizer", () => {
  it("completes the instance with its outcome", () => {
    const model = oneState()
      .action("A", "A", { mode: "manual" })
      .finalizer("end", "end")
      .flow("A", "end")
      .toModel();
    const run = given(model).start().perform("A").expectStatus("completed", "succeeded");
    expect(run.effects.at(-1)).toEqual({
      type: "instanceFinished",
      status: "completed",
      outcome: "succeeded",
    });
    expect(run.state.stateInstances.at(-1)).toMatchObject({ exitReason: "finished" });
    expect(run.tryPerform("A").code).toBe("INSTANCE_NOT_RUNNING");
  });

  it("with compensate, first compensates completed actions in reverse completion order", () => {
    const model = oneState()
      .action("go", "go", { mode: "manual" })
      .action("one", "one", {
        mode: "automatic",
        handler: "h.one",
        compensation: { handler: "undo.one", input: { id: "oneId" } },
        output: { oneId: "result.id" },
      })
      .action("two", "two", {
        mode: "automatic",
        handler: "h.two",
        compensation: { handler: "undo.two", input: { id: "result.id" } },
      })
      .action("three", "three", { mode: "automatic", handler: "h.three" })
      .action("abort", "abort", { mode: "manual" })
      .finalizer("rollback", "rollback", { outcome: "failed", compensate: true })
      .flows("go->one->two->three", "go->abort->rollback")
      .toModel();
    const run = given(model).start().perform("go").complete("one", { id: 11 }).complete("two", { id: 22 });
    run.perform("abort").expectStatus("failed", "failed");
    expect(run.effectsOf("compensate")).toEqual([
      {
        type: "compensate",
        occurrenceId: expect.any(String),
        actionId: "two",
        handler: "undo.two",
        input: { id: 22 },
        order: 1,
        idempotencyKey: expect.stringMatching(/^i-1:two:o\d+:compensate$/),
      },
      {
        type: "compensate",
        occurrenceId: expect.any(String),
        actionId: "one",
        handler: "undo.one",
        input: { id: 11 },
        order: 2,
        idempotencyKey: expect.stringMatching(/^i-1:one:o\d+:compensate$/),
      },
    ]);
    // three was running: leaving cancels it; compensate comes before instanceFinished
    expect(run.effects.map((e) => e.type)).toEqual([
      "compensate",
      "compensate",
      "cancelSchedule",
      "instanceFinished",
    ]);
  });
});

describe("§3 loop validate → fix → validate", () => {
  const model = oneState()
    .action("submit", "submit", { mode: "manual" })
    .action("validate", "validate", {
      mode: "automatic",
      handler: "h.validate",
      output: { valid: "result.valid" },
    })
    .action("fix", "fix", { mode: "manual" })
    .finalizer("done", "done")
    .flow("submit", "validate")
    .flow("validate", "fix", { condition: "valid = false" })
    .flow("fix", "validate")
    .flow("validate", "done", { condition: "valid = true" })
    .toModel();

  it("fix completing re-arms validate, as often as needed", () => {
    const run = given(model).start().perform("submit");
    expect(run.effectsOf("callHandler")).toMatchObject([
      { nodeId: "validate", handler: "h.validate", attempt: 1 },
    ]);
    run.complete("validate", { valid: false }).expectUnlocked(["fix"]);
    run.perform("fix");
    expect(run.explain("validate").reasons[0]).toMatchObject({
      code: "armedByFiring",
      lineId: "flow:fix->validate",
    });
    run.complete("validate", { valid: false }).perform("fix");
    run.complete("validate", { valid: true }).expectStatus("completed", "succeeded");
    run.expectReplayed();
  });
});

describe("§3 reminder with a limit line remind ⇢ pay", () => {
  const model = oneState()
    .manual("invoice", "pay")
    .action("remind", "remind", { mode: "automatic", handler: "h.remind", delay: "P7D", maxOccurs: 3 })
    .flows("invoice->pay", "invoice->remind")
    .limit("remind", "pay")
    .toModel();

  it("remind runs after its delay, up to maxOccurs times", () => {
    const run = given(model).start().perform("invoice");
    expect(run.effectsOf("schedule")).toMatchObject([
      { nodeId: "remind", dueAt: "2027-01-11T09:00:00.000Z", attempt: 1 },
    ]);
    run.run("remind");
    expect(run.effectsOf("schedule")).toMatchObject([
      { nodeId: "remind", dueAt: "2027-01-18T09:00:00.000Z" },
    ]);
    run.run("remind").run("remind");
    expect(run.hasOpen("remind")).toBe(false);
    expect(run.explain("remind").reasons).toContainEqual({
      code: "exhausted",
      blocking: true,
      completions: 3,
      maxOccurs: 3,
    });
    run.expectUnlocked(["pay"]);
  });

  it("until pay has run: the pending reminder is skipped when due", () => {
    const run = given(model).start().perform("invoice").run("remind").after("P1D").perform("pay");
    const pending = run.open("remind");
    run.due("remind");
    expect(run.records.occurrences).toMatchObject([{ id: pending.id, status: "skipped" }]);
    expect(run.effectsOf("callHandler")).toEqual([]);
    expect(run.explain("remind").reasons).toContainEqual(
      expect.objectContaining({ code: "closed", target: "pay", lineKind: "limit" }),
    );
    run.expectReplayed();
  });
});

describe("§3 human task with expiry: task → or, expire → or", () => {
  const model = oneState()
    .action("task", "task", { mode: "manual" })
    .action("expire", "expire", { mode: "automatic", delay: "P90D", handler: "noop" })
    .or("decided", "decided")
    .action("next", "next", { mode: "manual" })
    .flows("task->decided", "expire->decided->next")
    .toModel();

  it("the task done first closes the expiry", () => {
    const run = given(model).start().expectUnlocked(["task", "expire"]);
    expect(run.effectsOf("schedule")).toMatchObject([
      { nodeId: "expire", dueAt: "2027-04-04T09:00:00.000Z", handler: "noop" },
    ]);
    run.after("P3D").perform("task").expectUnlocked(["next"]);
    run.due("expire");
    expect(run.records.occurrences).toMatchObject([{ nodeId: "expire", status: "skipped" }]);
  });

  it("the expiry first closes the task", () => {
    const run = given(model).start().run("expire").expectUnlocked(["next"]);
    const rejection = run.tryPerform("task");
    expect(rejection.explanation?.reasons).toContainEqual(
      expect.objectContaining({ code: "closed", target: "decided" }),
    );
  });
});

describe("§3 SLA breach while waiting: slaBreached ⇢ callback", () => {
  const model = oneState()
    .action("callRpa", "callRpa", { mode: "automatic", handler: "h.callRpa" })
    .action("callback", "callback", { mode: "manual", code: "rpa.callback" })
    .action("slaBreached", "slaBreached", { mode: "automatic", handler: "h.slaBreached", delay: "PT4H" })
    .action("after", "after", { mode: "manual" })
    .flows("callRpa->callback", "callRpa->slaBreached")
    .limit("slaBreached", "callback")
    .flow("callback", "after")
    .toModel();

  it("fires once if the callback has not arrived in time and does not stop the waiting", () => {
    const run = given(model).start().complete("callRpa").expectUnlocked(["callback", "slaBreached"]);
    run.run("slaBreached").expectUnlocked(["callback"]);
    expect(run.hasOpen("slaBreached")).toBe(false);
    run.after("PT20H").signal("rpa.callback", { ok: true }).expectUnlocked(["after"]);
  });

  it("does not fire when the callback arrives in time", () => {
    const run = given(model).start().complete("callRpa").after("PT1H").perform("callback");
    run.due("slaBreached");
    expect(run.records.occurrences).toMatchObject([{ nodeId: "slaBreached", status: "skipped" }]);
    expect(run.effectsOf("callHandler")).toEqual([]);
  });
});

describe("§3 not line", () => {
  it("the target must not run once the source has run in this state instance", () => {
    const model = oneState()
      .action("optOut", "optOut", { mode: "manual" })
      .action("send", "send", { mode: "manual", maxOccurs: 0 })
      .not("optOut", "send")
      .toModel();
    const run = given(model).start().perform("send").expectUnlocked(["optOut", "send"]);
    run.perform("optOut").expectUnlocked([]);
    expect(run.tryPerform("send").explanation?.reasons).toContainEqual(
      expect.objectContaining({ code: "blocked", lineId: "not:optOut->send", source: "optOut" }),
    );
  });
});
