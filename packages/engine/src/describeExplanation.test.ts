import { ModelBuilder } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { describe, expect, it } from "vitest";
import { describeExplanation, explanationParts } from "./describeExplanation";
import { explain } from "./explain";
import type { Explanation, Reason } from "./Explanation";
import { planMigration } from "./planMigration";
import type { MigrationPlan } from "./MigrationPlan";
import { given } from "./testing/given";

/** Ids as the modeler mints them (`action_l24s1`), names as people type them: an id in a sentence shows. */
function named(model: ProcessModel, names: Record<string, string>): ProcessModel {
  return {
    ...model,
    states: model.states.map((s) => ({ ...s, name: names[s.id] ?? s.name })),
    nodes: model.nodes.map((n) => ({ ...n, name: names[n.id] ?? n.name })),
  };
}

const APPROVE = "action_appr1";
const REJECT = "action_rejc1";
const OR = "or_dec01";
const NEXT = "action_next1";
const REMIND = "action_remd1";
const PAY = "action_pays1";
const CANCEL = "action_canc1";
const DECIDE = "action_deci1";
const AND = "and_join1";
const LEFT = "action_left1";
const RIGHT = "action_rite1";
const AFTER = "action_aftr1";
const WAIT = "action_wait1";
const POLL = "action_poll1";
const CALL = "action_call1";
const CHARGE = "action_chrg1";
const LATER = "action_late1";
const ONCE = "action_once1";
const TWICE = "action_twic1";
const OTHER = "action_othr1";
const REFUND = "action_rfnd1";
const HANDLE = "action_hndl1";

const model = named(
  new ModelBuilder("test", "test")
    .state("state_main1", "state_main1", { initial: true })
    .action(APPROVE, "Approve", { mode: "manual" })
    .action(REJECT, "Reject", { mode: "manual" })
    .or(OR, OR)
    .action(NEXT, "Archive", { mode: "manual" })
    .flows(`${APPROVE}->${OR}->${NEXT}`, `${REJECT}->${OR}`)
    .action(REMIND, "Remind", { mode: "manual" })
    .action(PAY, "Pay", { mode: "manual" })
    .limit(REMIND, PAY)
    .action(CANCEL, "Cancel", { mode: "manual" })
    .action(DECIDE, "Decide", { mode: "manual" })
    .not(CANCEL, DECIDE)
    .action(LEFT, "Check left", { mode: "manual" })
    .action(RIGHT, "Check right", { mode: "manual" })
    .and(AND, AND)
    .action(AFTER, "Sign", { mode: "manual" })
    .flows(`${LEFT}->${AND}->${AFTER}`, `${RIGHT}->${AND}`)
    .action(WAIT, "Call back", { mode: "manual", delay: "P1D" })
    .action(POLL, "Poll", {
      mode: "automatic",
      handler: "noop",
      repeatUntil: "true",
      maxOccurs: 0,
      delay: "PT1H",
    })
    .action(CALL, "Call service", { mode: "automatic", handler: "http" })
    .action(CHARGE, "Charge card", {
      mode: "automatic",
      handler: "http",
      retry: { maxAttempts: 1, backoff: { initial: "PT1M" } },
    })
    .action(LATER, "Send reminder", { mode: "automatic", handler: "noop", delay: "PT4H" })
    .action(REFUND, "Refund", {
      mode: "automatic",
      handler: "http",
      retry: { maxAttempts: 1, backoff: { initial: "PT1M" } },
    })
    .action(HANDLE, "Handle refund failure", { mode: "manual" })
    .flow(REFUND, HANDLE, { on: "failed" })
    .action(ONCE, "Register", { mode: "manual" })
    .action(TWICE, "Add note", { mode: "manual", maxOccurs: 3 })
    .state("state_othr1", "state_othr1")
    .action(OTHER, "Approve payout", { mode: "manual" })
    .toModel(),
  { state_main1: "Intake", state_othr1: "Payout", [OR]: "", [AND]: "And" },
);

const migrated = named(
  new ModelBuilder("test", "test")
    .state("state_main1", "state_main1", { initial: true })
    .action(APPROVE, "Approve", { mode: "manual" })
    .action("action_migr1", "Fix data", { mode: "automatic", handler: "noop", migration: {} })
    .action("action_mgrt2", "Recheck", { mode: "manual", migration: {} })
    .toModel(),
  { state_main1: "Intake" },
);

/** Every reason code: the `Record` fails to compile when a code is added without a story here. */
const codes: Record<Reason["code"], true> = {
  unknownNode: true,
  otherState: true,
  armedAtEntry: true,
  armedByMigration: true,
  armedByFiring: true,
  notArmed: true,
  closed: true,
  blocked: true,
  exhausted: true,
  repeatDone: true,
  failed: true,
  waitingForTimer: true,
  scheduled: true,
  running: true,
  completions: true,
  locked: true,
  notRunning: true,
};

/** Explanations from real runs of the engine, covering every reason code. */
function explanations(): { model: ProcessModel; explanation: Explanation }[] {
  const out: { model: ProcessModel; explanation: Explanation }[] = [];
  const all = (m: ProcessModel, state: Parameters<typeof explain>[1]) => {
    for (const n of m.nodes) out.push({ model: m, explanation: explain(m, state, n.id) });
    out.push({ model: m, explanation: explain(m, state, "action_gone1") });
  };
  const run = given(model).start();
  all(model, run.state);
  run.perform(REJECT).perform(REMIND).perform(PAY).perform(CANCEL).perform(LEFT).perform(RIGHT);
  run.perform(ONCE).perform(TWICE);
  run.run(POLL);
  run.fail(CHARGE, "boom", true);
  all(model, run.state);
  run.ok({ type: "lock", byInstanceId: "3f1c2a9e-0000-4000-8000-000000000001" });
  all(model, run.state);
  run.ok({ type: "unlock" }).ok({ type: "cancel" });
  all(model, run.state);

  const before = given(migrated).start();
  const plan = planMigration(migrated, migrated, before.state, { sourceVersion: 1, targetVersion: 2 });
  if (!plan.ok) throw new Error("plan refused");
  before.ok({ type: "migrate", toModel: migrated, plan: plan as MigrationPlan });
  all(migrated, before.state);
  all(migrated, given(migrated).start().state);
  return out;
}

const times = { seq: (seq: number) => `14:${String(seq).padStart(2, "0")}`, time: () => "5 Jan 09:00" };
const technical = /[a-z]+_[a-z0-9]{5}|seq \d|\b[osfi]\d+\b|occurrence|firing|armed/;
/** Word orders that are not plain English: a name glued to a clause, a kind in brackets, doubled words. */
const awkward = /\) it |\((an?|the) (Or|And)\)|\b(\w+) \3\b|: ;|;;|\bnot unlocked\b/;

describe("describeExplanation: explanations in the user's words", () => {
  const found = explanations();

  it("the runs produce every reason code", () => {
    const seen = new Set(found.flatMap((f) => f.explanation.reasons.map((r) => r.code)));
    expect([...seen].sort()).toEqual(Object.keys(codes).sort());
  });

  it("renders every reason code as a sentence without ids or seqs, with and without times", () => {
    for (const { model: m, explanation } of found) {
      for (const words of [undefined, times]) {
        const text = describeExplanation(m, explanation, words);
        expect(text, JSON.stringify(explanation.reasons)).not.toMatch(technical);
        expect(text, JSON.stringify(explanation.reasons)).not.toMatch(awkward);
        expect(text).toMatch(/^[A-Z][^\n]*[A-Za-z0-9)]$/); // every name here starts with a capital
      }
      expect(explanation.summary).toBe(describeExplanation(m, explanation));
    }
  });

  it("says who came first through an or, with the time", () => {
    const run = given(model).start().perform(REJECT);
    const e = explain(model, run.state, APPROVE);
    expect(describeExplanation(model, e, times)).toMatch(
      /^Approve is closed: Reject was completed first at 14:\d\d, and the Or allows only one of them$/,
    );
    expect(run.tryPerform(APPROVE).message).toBe(
      "Approve is closed: Reject was completed first, and the Or allows only one of them",
    );
  });

  it("words the Or an action itself fired in plain English, named or not", () => {
    const run = given(model).start().perform(REJECT);
    expect(explain(model, run.state, REJECT).summary).toMatch(
      /^Reject is closed: it was completed and so fired the Or, which closes it/,
    );
    const decide = named(model, { [OR]: "Decide" });
    const again = given(decide).start().perform(REJECT);
    expect(explain(decide, again.state, REJECT).summary).toMatch(
      /^Reject is closed: it was completed and so fired the Or “Decide”, which closes it/,
    );
    expect(explain(decide, again.state, APPROVE).summary).toBe(
      "Approve is closed: Reject was completed first, and the Or “Decide” allows only one of them",
    );
  });

  it("splits an explanation into its headline and one clause per reason, which make up the sentence", () => {
    for (const { model: m, explanation } of explanations()) {
      const parts = explanationParts(m, explanation, times);
      const sentence = describeExplanation(m, explanation, times);
      expect(sentence.startsWith(parts.headline)).toBe(true);
      for (const c of parts.clauses) expect(sentence).toContain(c.text);
    }
  });

  it("names what a node waits for, the not line, the limit and the and", () => {
    const run = given(model).start();
    expect(explain(model, run.state, NEXT).summary).toBe("Archive is waiting: it waits until the Or fires");
    expect(explain(model, run.state, AFTER).summary).toBe("Sign is waiting: it waits until the And fires");
    expect(explain(model, run.state, HANDLE).summary).toBe(
      "Handle refund failure is waiting: it waits until Refund fails",
    );
    run.fail(REFUND, "declined", true);
    expect(explain(model, run.state, HANDLE).summary).toBe(
      "Handle refund failure is unlocked: it opened when Refund failed",
    );
    run.perform(CANCEL).perform(PAY).perform(LEFT).perform(RIGHT);
    expect(describeExplanation(model, explain(model, run.state, DECIDE), times)).toMatch(
      /^Decide is ruled out: Cancel was completed at 14:\d\d, and a not line rules it out after that$/,
    );
    expect(explain(model, run.state, REMIND).summary).toBe(
      "Remind is closed: it may run only until Pay runs, and Pay was completed",
    );
    expect(explain(model, run.state, LEFT).summary).toBe(
      "Check left is closed: the And fired, which closes its inputs until they open again; it has already run once, as often as it may",
    );
    expect(describeExplanation(model, explain(model, run.state, AFTER), times)).toMatch(
      /^Sign is unlocked since 14:\d\d: it opened when the And fired at 14:\d\d$/,
    );
  });
});
