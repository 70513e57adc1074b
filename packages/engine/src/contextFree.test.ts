import { ModelBuilder } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { describe, expect, it } from "vitest";
import type { InstanceState } from "./InstanceState";
import type { MigrationPlan } from "./MigrationPlan";
import { planMigration } from "./planMigration";
import { step } from "./step";
import { given, T0 } from "./testing/given";

/**
 * `StepAccepted.contextFree`: a step that evaluated no expression and compared nothing with the
 * instance's id steps every instance alike but for its id and business key the same way (the
 * runtime then takes it once for all of them). Generated models check the property itself
 * (`properties.test.ts`); these are the cases that must NOT be context-free.
 */
const v1 = (fixInput?: Record<string, string>): ProcessModel =>
  new ModelBuilder("ctx", "ctx")
    .state("work", "Work", { initial: true })
    .action("approve", "Approve", { mode: "manual" })
    .action("fix", "Fix data", {
      mode: "automatic",
      handler: "noop",
      migration: {},
      ...(fixInput ? { input: fixInput } : {}),
    })
    .toModel();

function migrateAs(model: ProcessModel, instanceId: string, businessKey: string) {
  const started = given(model).start();
  const state: InstanceState = { ...started.state, instanceId, businessKey };
  const plan = planMigration(model, model, state, { sourceVersion: 1, targetVersion: 2 });
  if (!plan.ok) throw new Error("plan refused");
  return step(model, state, { type: "migrate", toModel: model, plan: plan as MigrationPlan }, T0);
}

describe("contextFree", () => {
  it("a migration arming an action without an input mapping is context-free: alike instances step the same way", () => {
    const a = migrateAs(v1(), "id-a", "key-a");
    const b = migrateAs(v1(), "id-b", "key-b");
    expect(a.ok && a.contextFree).toBe(true);
    expect(JSON.stringify(b).replaceAll("id-b", "id-a").replaceAll("key-b", "key-a")).toBe(JSON.stringify(a));
  });

  it("an expression over the business key makes the step depend on it: not context-free", () => {
    const model = v1({ vip: 'businessKey = "VIP"' });
    const plain = migrateAs(model, "id-a", "key-a");
    const vip = migrateAs(model, "id-b", "VIP");
    expect(plain.ok && !plain.contextFree).toBe(true);
    // What the flag protects against: the same state and event, another outcome.
    const inputOf = (r: typeof plain) =>
      r.ok ? r.records.occurrences.find((o) => o.nodeId === "fix")?.input : undefined;
    expect([inputOf(plain), inputOf(vip)]).toEqual([{ vip: false }, { vip: true }]);
  });

  it("a lock compares the locking instance with the instance's own id: not context-free", () => {
    const run = given(v1()).start();
    const locked = step(v1(), run.state, { type: "lock", byInstanceId: "someone-else" }, T0);
    expect(locked.ok && locked.contextFree).toBe(false);
    const performed = step(v1(), run.state, { type: "perform", actionId: "approve" }, T0);
    expect(performed.ok && performed.contextFree).toBe(true);
  });
});
