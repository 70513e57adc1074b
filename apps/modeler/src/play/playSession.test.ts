import { describe, expect, it } from "vitest";
import { runScenario } from "@flowstate/engine";
import { salesCase } from "@flowstate/model/fixtures";
import type { ProcessModel } from "@flowstate/model";
import { instanceOverlay } from "../operate/instanceOverlay";
import {
  currentEntry,
  durationOf,
  moveCursor,
  overlayInput,
  sessionFromScenario,
  startSession,
  takeStep,
  followDraft,
  signalCodes,
  toScenario,
} from "./playSession";
import type { PlaySession } from "./playSession";
import { clearLocalScenarios, loadScenarios, withScenario } from "./scenarioStore";

function started(model: ProcessModel = salesCase): PlaySession {
  const s = startSession(model);
  if (!("entries" in s)) throw new Error(s.problem);
  return s;
}

function playedToExpiry(): PlaySession {
  let s = started();
  s = takeStep(salesCase, s, {
    perform: "establishCase",
    input: { caseId: "C", customerId: "K", product: "p" },
  });
  s = takeStep(salesCase, s, { complete: "getCustomerInfo", output: { exists: true, customer: {} } });
  s = takeStep(salesCase, s, { clock: durationOf(14 * 86_400_000) });
  return takeStep(salesCase, s, { complete: "recordCreditDecision" });
}

describe("play session", () => {
  it("plays the sales case to the expiry finalizer and shows it like the instance view", () => {
    const s = playedToExpiry();
    expect(s.problem).toBeUndefined();
    expect(s.entries).toHaveLength(5);
    expect(currentEntry(s).frame.state).toMatchObject({ status: "failed", outcome: "failed" });
    const o = instanceOverlay(salesCase, overlayInput(salesCase, s));
    expect(o.credit?.className).toBe("ov-current");
    expect(o.expireCreditDecision?.badges.map((b) => b.text)).toContain("✓ ×1");
    expect(o["go:getCustomerInfo->credit"]).toMatchObject({ className: "ov-fired", order: [2] });
  });

  it("steps back and forward; a new step after stepping back drops the later ones; a rejection is kept as a problem", () => {
    const s = playedToExpiry();
    const back = moveCursor(moveCursor(s, -1), -1);
    expect(currentEntry(back).frame.state.current.stateId).toBe("credit");
    expect(overlayInput(salesCase, back).live).toBe(false);
    expect(currentEntry(moveCursor(back, 1)).frame.now).toBe("2027-01-18T09:00:00.000Z");
    const branched = takeStep(salesCase, back, { clock: "PT1H" });
    expect(branched.entries).toHaveLength(4);
    const rejected = takeStep(salesCase, branched, { perform: "establishCase" });
    expect(rejected.problem).toMatch(/could not be performed: it is not unlocked$/);
    expect(rejected.entries).toBe(branched.entries);
  });

  it("saves as a scenario that passes, fails on a changed draft and opens at its failing step", () => {
    const scenario = toScenario(salesCase, playedToExpiry(), "expiry");
    expect(scenario.steps[2]).toMatchObject({ clock: "P14D", expect: { state: "credit" } });
    expect(runScenario(salesCase, scenario).ok).toBe(true);
    const changed: ProcessModel = {
      ...salesCase,
      nodes: salesCase.nodes.map((n) => (n.id === "expireCreditDecision" ? { ...n, delay: "P20D" } : n)),
    };
    expect(runScenario(changed, scenario).failure?.stepIndex).toBe(2);
    const opened = sessionFromScenario(changed, scenario);
    if (!("entries" in opened)) throw new Error(opened.problem);
    expect(opened.failure).toMatchObject({ entry: 3, difference: { field: "unlocked" } });
    expect(opened.cursor).toBe(3);
  });

  it("replaces a scenario with the same name in its place; reads and clears what an older modeler kept locally", () => {
    const scenario = toScenario(salesCase, playedToExpiry(), "expiry");
    const other = { ...scenario, name: "other" };
    const list = withScenario(withScenario([], scenario), other);
    expect(withScenario(list, { ...scenario, steps: [] }).map((s) => [s.name, s.steps.length])).toEqual([
      ["expiry", 0],
      ["other", other.steps.length],
    ]);
    const data = new Map<string, string>([
      [
        "flowstate.scenarios.sales-case",
        JSON.stringify({ formatVersion: 1, process: "sales-case", scenarios: [scenario] }),
      ],
    ]);
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      removeItem: (k: string) => void data.delete(k),
    };
    expect(loadScenarios(storage, "sales-case")).toEqual([scenario]);
    expect(loadScenarios(storage, "other")).toEqual([]);
    clearLocalScenarios(storage, "sales-case");
    expect(loadScenarios(storage, "sales-case")).toEqual([]);
    expect(durationOf(90 * 60_000)).toBe("PT1H30M");
  });

  it("lists the model's signal codes and records a signal as a signal step of the scenario", () => {
    const codes = signalCodes(salesCase);
    expect(codes.map((c) => c.code)).toContain("salesCase.establish");
    expect(codes.find((c) => c.code === "salesCase.establish")?.nodeId).toBe("establishCase");
    let s = started();
    s = takeStep(salesCase, s, {
      signal: "salesCase.establish",
      payload: { caseId: "C", customerId: "K", product: "p" },
    });
    expect(s.problem).toBeUndefined();
    expect(currentEntry(s).frame.coverage.actions).toContain("establishCase");
    const scenario = toScenario(salesCase, s, "by signal");
    expect(scenario.steps[0]).toMatchObject({ signal: "salesCase.establish", payload: { caseId: "C" } });
    expect(runScenario(salesCase, scenario).ok).toBe(true);
    const unknown = takeStep(salesCase, s, { signal: "no.such.code", payload: {} });
    expect(unknown.problem).toBeDefined();
    expect(unknown.entries).toHaveLength(s.entries.length);
  });

  it("continues on an edited draft when every recorded step gives the same instance", () => {
    const s = moveCursor(playedToExpiry(), -1);
    const renamed: ProcessModel = {
      ...salesCase,
      nodes: salesCase.nodes.map((n) => (n.id === "establishCase" ? { ...n, name: "Open the case" } : n)),
    };
    const followed = followDraft(renamed, s);
    expect(followed.kind).toBe("continues");
    if (followed.kind !== "continues") return;
    expect(followed.session.entries).toHaveLength(s.entries.length);
    expect(followed.session.cursor).toBe(s.cursor);
    expect(currentEntry(followed.session).frame.state).toEqual(currentEntry(s).frame.state);
  });

  it("says which step no longer fits and replays as far as it can", () => {
    const s = playedToExpiry();
    const withoutAction: ProcessModel = {
      ...salesCase,
      nodes: salesCase.nodes.filter((n) => n.id !== "recordCreditDecision"),
      lines: salesCase.lines.filter(
        (l) => l.from !== "recordCreditDecision" && l.to !== "recordCreditDecision",
      ),
    };
    const followed = followDraft(withoutAction, s);
    expect(followed.kind).toBe("diverged");
    if (followed.kind !== "diverged") return;
    expect(followed.step).toBeGreaterThan(0);
    expect(followed.step).toBeLessThanOrEqual(4);
    expect(followed.reason).toMatch(/^step \d+ /);
    expect(followed.replayed.entries.length).toBeGreaterThanOrEqual(followed.step);
    expect(followed.replayed.entries.length).toBeLessThanOrEqual(s.entries.length);
  });
});
