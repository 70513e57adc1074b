import { describe, expect, it } from "vitest";
import { salesCase } from "@flowstate/model/fixtures";
import type { ProcessModel } from "@flowstate/model";
import { currentEntry, startSession, takeStep } from "./playSession";
import type { PlaySession } from "./playSession";
import { followNotice, followWords } from "./followNotice";

/** The sales case played to the credit decision (the expiry timer armed). */
function atCreditDecision(): PlaySession {
  let s = startSession(salesCase);
  if (!("entries" in s)) throw new Error(s.problem);
  s = takeStep(salesCase, s, {
    perform: "establishCase",
    input: { caseId: "C", customerId: "K", product: "p" },
  });
  return takeStep(salesCase, s, { complete: "getCustomerInfo", output: { exists: true, customer: {} } });
}

/** The sales case with one node changed. */
const edited = (id: string, change: Record<string, unknown>): ProcessModel => ({
  ...salesCase,
  nodes: salesCase.nodes.map((n) => (n.id === id ? ({ ...n, ...change } as typeof n) : n)),
});

describe("followNotice: play after the edited draft settled", () => {
  it("continues on a draft that gives the same instance (a rename), on the new model", () => {
    const session = atCreditDecision();
    const renamed = edited("makeCreditDecision", { name: "Decide on credit" });
    const next = followNotice({ model: renamed, hasErrors: false }, { model: salesCase, session });
    expect(next.follow).toEqual({ kind: "continues" });
    expect(next.model).toBe(renamed);
    expect("entries" in next.session && currentEntry(next.session).frame.state).toEqual(
      currentEntry(session).frame.state,
    );
    expect(followWords(next.follow)).toEqual({ text: "The play still fits the edited draft.", warn: false });
  });

  it("stays on its model and offers a restart when a step gives a different instance (the expiry moved)", () => {
    const session = atCreditDecision();
    const later = edited("expireCreditDecision", { delay: "P20D" });
    const next = followNotice({ model: later, hasErrors: false }, { model: salesCase, session });
    expect(next.model).toBe(salesCase);
    expect(next.session).toBe(session);
    expect(next.follow).toMatchObject({ kind: "diverged", draft: later });
    if (next.follow?.kind !== "diverged") return;
    expect(next.follow.reason).toBe("step 2 gives a different instance on the edited draft");
    // the restart from the same inputs: both steps replayed on the edited draft
    expect(next.follow.replayed.entries).toHaveLength(3);
    expect(followWords(next.follow)).toEqual({
      text: "The play no longer fits: step 2 gives a different instance on the edited draft.",
      warn: true,
    });
  });

  it("pauses on a draft with errors, and on one that cannot start, keeping the play as it is", () => {
    const session = atCreditDecision();
    const broken = followNotice({ model: salesCase, hasErrors: true }, { model: salesCase, session });
    expect(broken).toEqual({ model: salesCase, session, follow: { kind: "paused" } });
    expect(followWords(broken.follow)).toEqual({ text: "The draft has errors; the play waits.", warn: true });
    const noStart: ProcessModel = {
      ...salesCase,
      states: salesCase.states.map((s) => ({ ...s, initial: false })),
    };
    const stuck = followNotice({ model: noStart, hasErrors: false }, { model: salesCase, session });
    expect(stuck.model).toBe(salesCase);
    expect(stuck.session).toBe(session);
    expect(stuck.follow).toMatchObject({ kind: "paused", problem: expect.any(String) });
  });

  it("says nothing when the draft is the model played, and starts afresh where the play could not start", () => {
    const session = atCreditDecision();
    expect(
      followNotice({ model: salesCase, hasErrors: false }, { model: salesCase, session }).follow,
    ).toBeNull();
    expect(followWords(null)).toEqual({ text: "The play follows your edits.", warn: false });
    const renamed = edited("makeCreditDecision", { name: "Decide on credit" });
    const fresh = followNotice(
      { model: renamed, hasErrors: false },
      { model: salesCase, session: { problem: "x" } },
    );
    expect(fresh.model).toBe(renamed);
    expect(fresh.follow).toBeNull();
    expect("entries" in fresh.session && fresh.session.entries).toHaveLength(1);
  });
});
