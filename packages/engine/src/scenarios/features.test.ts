import { describe, expect, it } from "vitest";
import type { EngineEvent } from "../EngineEvent";
import { initialState } from "../initialState";
import { step } from "../step";
import { given, T0 } from "../testing/given";
import { ModelBuilder } from "@flowstate/model";
import { oneState } from "../testing/oneState";

/** One state: the manual action A, then the action `id` (with `options`) flowing from it. */
const thenAfterA = (id: string, options: Parameters<ModelBuilder["action"]>[2]) =>
  oneState().action("A", "A", { mode: "manual" }).action(id, id, options).flow("A", id).toModel();

describe("transitions", () => {
  const model = new ModelBuilder("test", "test")
    .state("A", "A", { initial: true })
    .action("decide", "decide", { mode: "manual", output: { choice: "result.choice" } })
    .transition("decide", "B", { condition: 'choice = "b"', order: 2 })
    .transition("decide", "C", { condition: 'choice = "c"', order: 1 })
    .transition("decide", "A", { order: 3 })
    .action("other", "other", { mode: "manual" })
    .flow("decide", "other")
    .state("B", "B")
    .action("inB", "inB", { mode: "manual" })
    .state("C", "C")
    .action("inC", "inC", { mode: "manual" })
    .toModel();

  /** Starts, performs decide with `choice`: the instance is in `state` with `unlocked` unlocked. */
  const decided = (choice: string, state: string, unlocked: string[]) =>
    given(model).start().perform("decide", { choice }).expectState(state).expectUnlocked(unlocked);

  it("the first transition by order whose condition holds is taken; flows of the action do not fire", () => {
    const run = decided("c", "C", ["inC"]);
    expect(run.records.firings).toEqual([]);
    expect(run.state.stateInstances.map((s) => [s.id, s.stateId, s.reason, s.exitReason ?? null])).toEqual([
      ["s1", "A", "start", "transition"],
      ["s2", "C", "flow", null],
    ]);
  });

  it("a transition to the same state re-enters it: a fresh state instance where earlier occurrences no longer count", () => {
    const run = decided("x", "A", ["decide"]);
    expect(run.state.current.id).toBe("s2");
    expect(run.state.current.nodes).toEqual({});
    run.perform("decide", { choice: "b" }).expectState("B").expectReplayed();
  });
});

describe("maxOccurs and repeatUntil", () => {
  it("maxOccurs 0 is unlimited", () => {
    const model = oneState().action("ping", "ping", { mode: "manual", maxOccurs: 0 }).toModel();
    const run = given(model).start();
    for (let i = 0; i < 5; i++) run.perform("ping");
    run.expectUnlocked(["ping"]);
    expect(run.state.current.nodes.ping).toMatchObject({ completions: 5 });
  });

  it("an automatic action repeats after its delay until repeatUntil holds, bounded by maxOccurs", () => {
    const model = oneState()
      .action("poll", "poll", {
        mode: "automatic",
        handler: "h.poll",
        delay: "PT1H",
        maxOccurs: 5,
        repeatUntil: "ready = true",
        output: { ready: "result.ready" },
      })
      .action("after", "after", { mode: "manual" })
      .flow("poll", "after")
      .toModel();
    const run = given(model).start();
    run.run("poll", { ready: false });
    expect(run.effectsOf("schedule")).toMatchObject([{ nodeId: "poll", dueAt: "2027-01-04T11:00:00.000Z" }]);
    run.run("poll", { ready: true });
    expect(run.hasOpen("poll")).toBe(false);
    expect(run.explain("poll").reasons).toContainEqual(expect.objectContaining({ code: "repeatDone" }));
    run.expectUnlocked(["after"]);
  });

  it("repeatUntil never holding stops at maxOccurs", () => {
    const model = oneState()
      .action("poll", "poll", { mode: "automatic", handler: "h.poll", maxOccurs: 3, repeatUntil: "false" })
      .toModel();
    const run = given(model).start();
    run.complete("poll").complete("poll").complete("poll");
    expect(run.hasOpen("poll")).toBe(false);
    expect(run.explain("poll").reasons).toContainEqual({
      code: "exhausted",
      blocking: true,
      completions: 3,
      maxOccurs: 3,
    });
  });
});

describe("business calendars", () => {
  const calendar = {
    id: "office",
    name: "Office hours",
    timezone: "Europe/Riga",
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: "08:00", to: "18:00" })),
    holidays: ["2027-01-05"],
  };
  const model = (delay?: string) =>
    new ModelBuilder("test", "test")
      .calendar(calendar)
      .state("S", "S", { initial: true })
      .action("call", "call", {
        mode: "automatic",
        handler: "h.call",
        calendar: "office",
        ...(delay ? { delay } : {}),
      })
      .toModel();

  it("inside a window the action runs now", () => {
    const run = given(model()).start({}, { now: "2027-01-04T10:00:00.000Z" }); // Mon 12:00 Riga
    expect(run.effectsOf("callHandler")).toHaveLength(1);
  });

  it("outside a window it waits for the next window start, skipping holidays", () => {
    const run = given(model()).start({}, { now: "2027-01-04T17:00:00.000Z" }); // Mon 19:00 Riga; Tue is a holiday
    expect(run.effectsOf("schedule")).toMatchObject([{ nodeId: "call", dueAt: "2027-01-06T06:00:00.000Z" }]); // Wed 08:00 EET
  });

  it("the delay is added first, then the calendar applies; weekends are skipped", () => {
    const run = given(model("PT4H")).start({}, { now: "2027-01-08T14:00:00.000Z" }); // Fri 16:00 Riga + 4h = 20:00
    expect(run.effectsOf("schedule")).toMatchObject([{ dueAt: "2027-01-11T06:00:00.000Z" }]); // Mon 08:00 EET
  });

  it("daylight saving: windows are local time in the calendar's zone", () => {
    // Riga moves to EEST (UTC+3) on Sunday 28 March 2027: Monday 08:00 local is 05:00 UTC.
    const run = given(model()).start({}, { now: "2027-03-26T17:00:00.000Z" });
    expect(run.effectsOf("schedule")).toMatchObject([{ dueAt: "2027-03-29T05:00:00.000Z" }]);
  });
});

describe("retries and incidents", () => {
  const model = oneState()
    .action("charge", "charge", {
      mode: "automatic",
      handler: "h.charge",
      retry: { maxAttempts: 4, backoff: { initial: "PT10S", factor: 3, max: "PT1M" } },
    })
    .action("next", "next", { mode: "manual" })
    .flow("charge", "next")
    .toModel();

  it("a failing attempt schedules the next one with backoff initial × factor^(attempt−1), capped by max", () => {
    const run = given(model).start();
    const dueTimes: string[] = [];
    for (let i = 0; i < 3; i++) {
      run.fail("charge", { message: "timeout" });
      const schedule = run.effectsOf("schedule")[0];
      expect(schedule).toMatchObject({
        nodeId: "charge",
        attempt: i + 2,
        idempotencyKey: `i-1:charge:o1:${i + 2}`,
      });
      dueTimes.push(schedule?.dueAt ?? "");
      run.due("charge");
      expect(run.effectsOf("callHandler")).toMatchObject([{ attempt: i + 2 }]);
    }
    expect(dueTimes).toEqual([
      "2027-01-04T09:00:10.000Z",
      "2027-01-04T09:00:40.000Z",
      "2027-01-04T09:01:40.000Z",
    ]);
  });

  it("a stale attempt's result is rejected (redelivery is harmless)", () => {
    const run = given(model).start().fail("charge").due("charge");
    expect(run.rejected({ type: "complete", occurrenceId: "o1", attempt: 1, output: {} }).code).toBe(
      "STALE_ATTEMPT",
    );
    run.complete("charge");
    expect(run.rejected({ type: "complete", occurrenceId: "o1", attempt: 2, output: {} }).code).toBe(
      "UNKNOWN_OCCURRENCE",
    );
  });

  it("attempts exhausted with no failure flow: an incident, the instance keeps running; retryIncident tries again", () => {
    const run = given(model).start();
    for (let i = 0; i < 3; i++) run.fail("charge").due("charge");
    run.fail("charge").expectStatus("running");
    expect(run.state.incidents).toMatchObject([{ id: "i1", nodeId: "charge", attempt: 4, error: "boom" }]);
    expect(run.effectsOf("emit")).toMatchObject([{ name: "incidentOpened" }]);
    expect(run.explain("charge").reasons).toContainEqual(
      expect.objectContaining({ code: "failed", incidentId: "i1" }),
    );
    run.ok({ type: "retryIncident", incidentId: "i1" });
    expect(run.effectsOf("callHandler")).toMatchObject([{ occurrenceId: "o1", attempt: 5 }]);
    expect(run.state.incidents).toEqual([]);
    run.complete("charge").expectUnlocked(["next"]).expectReplayed();
  });

  it("final: true skips the remaining retries; skipIncident moves on as if completed with no output", () => {
    const run = given(model).start().fail("charge", "card declined", true);
    expect(run.state.incidents).toHaveLength(1);
    run.ok({ type: "skipIncident", incidentId: "i1" }).expectUnlocked(["next"]);
    expect(run.records.occurrences[0]).toMatchObject({
      id: "o1",
      status: "skipped",
      note: expect.stringMatching(/skipped by an operator/),
    });
    expect(run.rejected({ type: "skipIncident", incidentId: "i1" }).code).toBe("UNKNOWN_INCIDENT");
  });

  it("a failure flow takes the failed occurrence elsewhere instead of an incident", () => {
    const withFlow = oneState()
      .action("charge", "charge", { mode: "automatic", handler: "h.charge" })
      .action("handle", "handle", { mode: "manual" })
      .flow("charge", "handle", { on: "failed", condition: 'error.code = "declined"' })
      .toModel();
    const declined = given(withFlow)
      .start()
      .fail("charge", { code: "declined" }, true)
      .expectUnlocked(["handle"]);
    expect(declined.state.incidents).toEqual([]);
    const other = given(withFlow).start().fail("charge", { code: "other" }, true).expectUnlocked([]);
    expect(other.state.incidents).toHaveLength(1);
  });
});

describe("captures, identifiers and singleton", () => {
  const model = new ModelBuilder("session", "session")
    .state("S", "S", { initial: true })
    .action("login", "login", {
      mode: "manual",
      code: "auth.login",
      singleton: true,
      output: { user: "result.user" },
      captures: [
        { name: "userId", from: "output", path: "result.user.id", identifier: true },
        { name: "device", from: "input", path: "device" },
      ],
    })
    .action("post", "post", {
      mode: "manual",
      code: "data.post",
      maxOccurs: 0,
      captures: [{ name: "userId", from: "input", path: "userId", identifier: true }],
    })
    .flow("login", "post")
    .toModel();

  it("identifier captures go to identifiers, the others to variables; a singleton locks the others", () => {
    const run = given(model)
      .start()
      .perform("login", { device: "phone", user: { id: "u7" } });
    expect(run.state.identifiers).toEqual({ userId: "u7" });
    expect(run.state.variables).toEqual({ user: { id: "u7" }, device: "phone" });
    run.expectLocksOthers("session", { userId: "u7" }, "i-1");
  });

  it("an input identifier that contradicts the instance's is rejected (strict)", () => {
    const run = given(model)
      .start()
      .perform("login", { user: { id: "u7" } });
    expect(run.rejected({ type: "perform", actionId: "post", input: { userId: "u8" } }).code).toBe(
      "IDENTIFIER_MISMATCH",
    );
    run.perform("post", { userId: "u7" });
  });

  it("signals must agree with the identifiers; a repeated messageId is dropped", () => {
    const run = given(model)
      .start()
      .signal("auth.login", { user: { id: "u7" } });
    expect(
      run.rejected({ type: "signal", code: "data.post", identifiers: { userId: "u9" }, payload: {} }).code,
    ).toBe("IDENTIFIER_MISMATCH");
    run.signal("data.post", { userId: "u7" }, { userId: "u7" }, "m1");
    expect(run.records.occurrences[0]).toMatchObject({
      nodeId: "post",
      reason: "callback",
      actor: { signal: "data.post", messageId: "m1" },
    });
    expect(run.trySignal("data.post", { userId: "u7" }, { userId: "u7" }, "m1").code).toBe(
      "DUPLICATE_MESSAGE",
    );
  });

  it("lock: nothing is unlocked, performs are rejected with the locking instance; unlock resumes", () => {
    const run = given(model)
      .start()
      .ok({ type: "lock", byInstanceId: "i-2" })
      .expectStatus("locked")
      .expectUnlocked([]);
    const rejection = run.tryPerform("login");
    expect(rejection.code).toBe("INSTANCE_LOCKED");
    expect(rejection.explanation?.reasons[0]).toEqual({
      code: "locked",
      blocking: true,
      byInstanceId: "i-2",
    });
    expect(run.rejected({ type: "lock", byInstanceId: "i-3" }).code).toBe("ALREADY_LOCKED");
    run.ok({ type: "unlock" }).expectStatus("running").expectUnlocked(["login"]);
  });
});

describe("lax actions", () => {
  it("performing a lax action that is not unlocked records a skipped occurrence and advances nothing", () => {
    const model = oneState()
      .action("A", "A", { mode: "manual" })
      .action("B", "B", { mode: "manual", strictness: "lax" })
      .action("C", "C", { mode: "manual" })
      .flows("A->B->C")
      .toModel();
    const run = given(model).start().perform("B", { x: 1 }).expectUnlocked(["A"]);
    expect(run.records.occurrences).toMatchObject([
      {
        nodeId: "B",
        status: "skipped",
        input: { x: 1 },
        note: expect.stringMatching(/B is waiting: it waits until A is completed/),
      },
    ]);
    expect(run.records.firings).toEqual([]);
  });
});

describe("timer-gated manual actions", () => {
  it("a manual action with a delay becomes performable only after its timer", () => {
    const model = thenAfterA("review", { mode: "manual", delay: "P1D" });
    const run = given(model).start().perform("A").expectUnlocked([]);
    expect(run.effectsOf("schedule")).toEqual([expect.not.objectContaining({ handler: expect.anything() })]);
    expect(run.explain("review").reasons).toContainEqual(
      expect.objectContaining({ code: "waitingForTimer", dueAt: "2027-01-05T09:00:00.000Z" }),
    );
    expect(run.tryPerform("review").code).toBe("NOT_UNLOCKED");
    run.due("review").expectUnlocked(["review"]);
    expect(run.effectsOf("emit")).toMatchObject([{ name: "actionReady" }]);
    const waiting = run.open("review");
    run.perform("review");
    expect(run.records.occurrences[0]).toMatchObject({ id: waiting.id, status: "completed" });
  });
});

describe("cancel", () => {
  it("ends the instance and cancels its schedules", () => {
    const model = oneState()
      .action("wait", "wait", { mode: "automatic", handler: "h.wait", delay: "P1D" })
      .toModel();
    const run = given(model)
      .start()
      .ok({ type: "cancel", reason: "customer left" })
      .expectStatus("cancelled", "cancelled");
    expect(run.effects).toEqual([
      { type: "cancelSchedule", occurrenceId: "o1" },
      { type: "instanceFinished", status: "cancelled", outcome: "cancelled" },
    ]);
    expect(run.rejected({ type: "cancel" }).code).toBe("INSTANCE_NOT_RUNNING");
  });
});

describe("leaving a state cancels its scheduled occurrences", () => {
  it("cancelSchedule effects and cancelled occurrences", () => {
    const model = oneState()
      .action("go", "go", { mode: "manual" })
      .action("remind", "remind", { mode: "automatic", handler: "h.remind", delay: "P1D" })
      .transition("go", "T")
      .state("T", "T")
      .action("x", "x", { mode: "manual" })
      .toModel();
    const run = given(model).start().perform("go").expectState("T");
    expect(run.effectsOf("cancelSchedule")).toEqual([{ type: "cancelSchedule", occurrenceId: "o1" }]);
    expect(run.records.occurrences.find((o) => o.id === "o1")).toMatchObject({ status: "cancelled" });
    expect(run.rejected({ type: "timerDue", occurrenceId: "o1" }).code).toBe("UNKNOWN_OCCURRENCE");
  });
});

describe("a model that would loop forever", () => {
  it("is rejected with CASCADE_LIMIT and the state unchanged", () => {
    const model = oneState()
      .action("A", "A", { mode: "manual" })
      .or("x", "x")
      .or("y", "y")
      .flows("A->x->y->x")
      .toModel();
    const run = given(model).start();
    const rejection = run.tryPerform("A");
    expect(rejection.code).toBe("CASCADE_LIMIT");
  });

  it("starting such a model is rejected too", () => {
    const model = oneState()
      .or("x", "x")
      .or("y", "y")
      .flows("x->y->x")
      .action("A", "A", { mode: "manual" })
      .flow("A", "x")
      .toModel();
    expect(initialState(model, { instanceId: "i", businessKey: "b", version: 1, now: T0 }).ok).toBe(true);
    const loopAtEntry = oneState()
      .or("x", "x")
      .or("y", "y")
      .or("root", "root")
      .flows("root->x->y->x")
      .toModel();
    const result = initialState(loopAtEntry, { instanceId: "i", businessKey: "b", version: 1, now: T0 });
    expect(result.ok ? "accepted" : result.rejection.code).toBe("CASCADE_LIMIT");
  });
});

describe("bad input never throws", () => {
  const model = thenAfterA("B", { mode: "automatic", handler: "h.B" });
  const events: unknown[] = [
    null,
    42,
    { type: "nope" },
    { type: "perform" },
    { type: "perform", actionId: "ghost" },
    { type: "perform", actionId: "B" },
    { type: "perform", actionId: "A", input: { f: () => 1 } },
    { type: "perform", actionId: 7 },
    { type: "complete", occurrenceId: "o99", attempt: 1 },
    { type: "complete", occurrenceId: 5 },
    { type: "fail", occurrenceId: "o1", attempt: "x", error: "e" },
    { type: "timerDue", occurrenceId: "o1" },
    { type: "signal" },
    { type: "signal", code: "zzz" },
    { type: "retryIncident", incidentId: "i9" },
    { type: "skipIncident" },
    { type: "lock", byInstanceId: "" },
    { type: "unlock" },
    { type: "start" },
    { type: "migrate" },
    { type: "revertMigration", fromModel: model },
  ];

  it.each(events.map((e, i) => [i, e]))(
    "event #%i is a typed rejection with the identical state",
    (_i, event) => {
      const started = initialState(model, { instanceId: "i-1", businessKey: "bk", version: 1, now: T0 });
      if (!started.ok) throw new Error("start");
      const before = JSON.stringify(started.state);
      const result = step(model, started.state, event as EngineEvent, T0);
      expect(result.ok).toBe(false);
      expect(result.state).toBe(started.state);
      expect(JSON.stringify(result.state)).toBe(before);
      if (!result.ok) expect(typeof result.rejection.code).toBe("string");
    },
  );

  it("a bad time is rejected", () => {
    const started = initialState(model, { instanceId: "i-1", businessKey: "bk", version: 1, now: T0 });
    if (!started.ok) throw new Error("start");
    const result = step(model, started.state, { type: "perform", actionId: "A" }, "yesterday");
    expect(result.ok ? "ok" : result.rejection.code).toBe("INVALID_TIME");
  });

  it("a bad start is rejected", () => {
    expect(initialState(model, { instanceId: "", businessKey: "b", version: 1, now: T0 }).ok).toBe(false);
    const noInitial = new ModelBuilder("test", "test")
      .state("S", "S")
      .action("A", "A", { mode: "manual" })
      .toModel();
    const r = initialState(noInitial, { instanceId: "i", businessKey: "b", version: 1, now: T0 });
    expect(r.ok ? "ok" : r.rejection.code).toBe("NO_INITIAL_STATE");
  });
});

describe("the state shares nothing with the caller's event", () => {
  it("mutating a payload after the step changes nothing", () => {
    const model = oneState()
      .action("A", "A", { mode: "manual", output: { doc: "result" }, compensation: { handler: "undo" } })
      .toModel();
    const run = given(model).start();
    const input = { nested: { n: 1 } };
    run.perform("A", input);
    const before = JSON.stringify(run.state);
    input.nested.n = 2;
    expect(JSON.stringify(run.state)).toBe(before);
  });
});
