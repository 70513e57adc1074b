import { salesCase } from "@flowstate/model/fixtures";
import { describe, expect, it } from "vitest";
import { coverageTotals, playStep, runScenario, startPlay } from "./play";
import { parseScenarioFile } from "./Scenario";
import type { Scenario } from "./Scenario";

const expiry: Scenario = {
  name: "credit decision expires after 14 days",
  variables: {},
  steps: [
    { perform: "establishCase", input: { caseId: "C-1", customerId: "K-1", product: "lease" } },
    { complete: "getCustomerInfo", output: { exists: true, customer: { name: "Acme" } } },
    {
      expect: {
        state: "credit",
        unlocked: ["makeCreditDecision", "expireCreditDecision"],
        locked: { recordCreditDecision: "notArmed" },
      },
    },
    { clock: "P13D", expect: { state: "credit", unlocked: ["makeCreditDecision", "expireCreditDecision"] } },
    {
      clock: "next",
      expect: { variables: { creditDecision: "expired" }, unlocked: ["recordCreditDecision"] },
    },
    { complete: "recordCreditDecision", expect: { status: "failed", outcome: "failed" } },
  ],
};

describe("runScenario", () => {
  it("plays the sales case through the credit decision's 14-day expiry on the virtual clock", () => {
    const result = runScenario(salesCase, expiry);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.frames).toHaveLength(expiry.steps.length + 1);
    const last = result.frames.at(-1)!;
    expect(last.now).toBe("2027-01-18T09:00:00.000Z");
    expect(last.state.variables.creditDecision).toBe("expired");
    expect(result.coverage.actions).toContain("expireCreditDecision");
    expect(result.coverage.transitions).toEqual(["go:establishCase->customer", "go:getCustomerInfo->credit"]);
    expect(result.coverage.lines).toContain("flow:creditDecided->recordCreditDecision");
  });

  it("reports the first failing expectation with the difference", () => {
    const broken: Scenario = {
      ...expiry,
      steps: expiry.steps.map((s, i) =>
        i === 4 ? { clock: "next", expect: { variables: { creditDecision: "accepted" } } } : s,
      ),
    };
    const result = runScenario(salesCase, broken);
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({
      stepIndex: 4,
      field: "variables",
      key: "creditDecision",
      expected: "accepted",
      actual: "expired",
    });
    expect(result.frames).toHaveLength(6);
  });

  it("reports a wrong unlocked set and a wrong locked reason", () => {
    const unlocked = runScenario(salesCase, {
      name: "u",
      steps: [{ expect: { unlocked: ["getCustomerInfo"] } }],
    });
    expect(unlocked.failure).toMatchObject({ stepIndex: 0, field: "unlocked", actual: ["establishCase"] });
    expect(unlocked.failure?.message).toContain("not unlocked: getCustomerInfo");
    const locked = runScenario(salesCase, {
      name: "l",
      steps: [{ expect: { locked: { establishCase: "closed" } } }],
    });
    expect(locked.failure).toMatchObject({ field: "locked", key: "establishCase", actual: "unlocked" });
  });

  it("fails a step the engine rejects, with the rejection code", () => {
    const result = runScenario(salesCase, { name: "r", steps: [{ perform: "makeCreditDecision" }] });
    expect(result.failure).toMatchObject({ stepIndex: 0, field: "step", actual: "NOT_UNLOCKED" });
    const noTimer = runScenario(salesCase, { name: "t", steps: [{ clock: "next" }] });
    expect(noTimer.failure).toMatchObject({ actual: "NO_TIMER" });
    const notOpen = runScenario(salesCase, { name: "o", steps: [{ complete: "createCustomer" }] });
    expect(notOpen.failure).toMatchObject({ actual: "NO_OPEN_OCCURRENCE" });
  });

  it("is deterministic and leaves built-ins alone when told", () => {
    expect(JSON.stringify(runScenario(salesCase, expiry))).toBe(
      JSON.stringify(runScenario(salesCase, expiry)),
    );
    const manual = runScenario(salesCase, { ...expiry, builtins: false });
    expect(manual.failure).toMatchObject({ stepIndex: 4 });
    expect(manual.frames.at(-1)?.state.variables.creditDecision).toBeUndefined();
  });

  it("steps one at a time with a plain-JSON frame", () => {
    const started = startPlay(salesCase);
    if (!started.ok) throw new Error(started.problem.message);
    const next = playStep(salesCase, started.frame, { clock: "PT1H" });
    expect(next.ok && next.frame.now).toBe("2027-01-04T10:00:00.000Z");
    const performed = playStep(salesCase, started.frame, { perform: "salesCase.establish", input: {} });
    if (!performed.ok) throw new Error(performed.problem.message);
    expect(performed.events.map((e) => e.event.type)).toEqual(["perform"]);
    expect(performed.records.flatMap((r) => r.history.map((h) => h.type))).toContain("transitionTaken");
    expect(JSON.parse(JSON.stringify(started.frame))).toStrictEqual(started.frame);
    expect(coverageTotals(salesCase).transitions.length).toBe(salesCase.transitions.length);
  });
});

describe("parseScenarioFile", () => {
  it("accepts a scenario file and explains a bad one", () => {
    expect(parseScenarioFile({ formatVersion: 1, process: "salesCase", scenarios: [expiry] }).ok).toBe(true);
    const bad = parseScenarioFile({
      formatVersion: 1,
      process: "salesCase",
      scenarios: [{ name: "x", steps: [{ jump: "x" }], start: "yesterday" }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["scenarios.0.start"]));
  });
});
