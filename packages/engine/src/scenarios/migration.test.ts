import { describe, expect, it } from "vitest";
import { planMigration } from "../planMigration";
import type { MigrationPlan } from "../MigrationPlan";
import { migrate } from "../migrate";
import { given } from "../testing/given";
import { ModelBuilder } from "@flowstate/model";

const v1 = new ModelBuilder("proc", "proc")
  .state("intake", "intake", { initial: true })
  .manual("submit", "review")
  .action("remind", "remind", { mode: "automatic", handler: "h.remind", delay: "P1D" })
  .flows("submit->review", "submit->remind")
  .transition("review", "legacy")
  .state("legacy", "legacy")
  .action("old", "old", { mode: "manual" })
  .toModel();

const v2 = new ModelBuilder("proc", "proc")
  .state("intake", "intake", { initial: true })
  .manual("submit", "review", "approve")
  .action("notifyMigrated", "notifyMigrated", {
    mode: "automatic",
    handler: "h.notifyMigrated",
    migration: { sourceVersions: { include: [1] } },
  })
  .action("onlyFromV5", "onlyFromV5", {
    mode: "automatic",
    handler: "h.onlyFromV5",
    migration: { sourceVersions: { include: [5] } },
  })
  .flows("submit->review", "notifyMigrated->approve")
  .state("modern", "modern")
  .action("fresh", "fresh", { mode: "manual" })
  .toModel();

function plan(
  state: Parameters<typeof planMigration>[2],
  mapping: Record<string, string> = {},
  variableChanges: Record<string, string> = {},
) {
  return planMigration(v1, v2, state, { mapping, variableChanges, sourceVersion: 1, targetVersion: 2 });
}

describe("migration", () => {
  it("plans by ref: target state, applicable migration actions, what becomes unlocked", () => {
    const run = given(v1).start().perform("submit");
    const p = plan(run.state);
    expect(p).toMatchObject({
      ok: true,
      fromStateId: "intake",
      targetStateId: "intake",
      mappedBy: "ref",
      migrationActions: ["notifyMigrated"],
    });
    if (!p.ok) return;
    // a new state instance: submit is a root again; the migration action is scheduled, not unlocked-manual
    expect(p.unlocked.sort()).toEqual(["notifyMigrated", "submit"].sort());
    expect(p.noLongerUnlocked.sort()).toEqual(["remind", "review"]);
  });

  it("planned without preview (to execute right away): the same plan with empty unlocked lists, and migrating with it gives the same state", () => {
    const run = given(v1).start({ amount: 10 }).perform("submit");
    const options = {
      mapping: {},
      variableChanges: { amount: "amount * 2" },
      sourceVersion: 1,
      targetVersion: 2,
      now: "2026-01-01T00:00:00.000Z",
    };
    const previewed = planMigration(v1, v2, run.state, options) as MigrationPlan;
    const quick = planMigration(v1, v2, run.state, { ...options, preview: false }) as MigrationPlan;
    expect(previewed.unlocked.length).toBeGreaterThan(0);
    expect(quick).toEqual({ ...previewed, unlocked: [], becomesUnlocked: [], noLongerUnlocked: [] });
    const a = migrate(v1, v2, run.state, previewed, options.now);
    const b = migrate(v1, v2, run.state, quick, options.now);
    if (!a.ok || !b.ok) throw new Error("both migrations must be accepted");
    const { history: _a, ...recordsA } = a.records;
    const { history: _b, ...recordsB } = b.records;
    expect(b.state).toEqual(a.state);
    expect(recordsB).toEqual(recordsA);
    expect(b.effects).toEqual(a.effects);
  });

  it("an unmapped state is reported; a mapping fixes it", () => {
    const run = given(v1).start();
    const s = { ...run.state, current: { ...run.state.current, stateId: "legacy" } };
    expect(plan(s)).toMatchObject({ ok: false, reason: "UNMAPPED_STATE" });
    expect(plan(s, { legacy: "modern" })).toMatchObject({
      ok: true,
      targetStateId: "modern",
      mappedBy: "mapping",
    });
    expect(plan(s, { legacy: "nowhere" })).toMatchObject({ ok: false, reason: "UNKNOWN_TARGET_STATE" });
  });

  it("migrating closes the state instance, switches version, enters a new one and runs the migration actions", () => {
    const run = given(v1).start({ amount: 10 }).perform("submit");
    const p = plan(run.state, {}, { amount: "amount * 2", migratedFrom: '"v1"' }) as MigrationPlan;
    run.ok({ type: "migrate", toModel: v2, plan: p });
    expect(run.state.version).toBe(2);
    expect(run.state.variables).toEqual({ amount: 20, migratedFrom: "v1" });
    expect(
      run.state.stateInstances.map((s) => [s.id, s.stateId, s.version, s.reason, s.exitReason ?? null]),
    ).toEqual([
      ["s1", "intake", 1, "start", "migration"],
      ["s2", "intake", 2, "migration", null],
    ]);
    expect(
      run.effects
        .filter((e) => e.type !== "emit")
        .map((e) => [e.type, "nodeId" in e ? e.nodeId : e.type === "cancelSchedule" ? e.occurrenceId : ""]),
    ).toEqual([
      ["cancelSchedule", "o2"],
      ["callHandler", "notifyMigrated"],
    ]);
    expect(run.records.occurrences.find((o) => o.nodeId === "notifyMigrated")).toMatchObject({
      reason: "migration",
      version: 2,
    });
    run.complete("notifyMigrated").expectUnlocked(["submit", "approve"]);
    expect(run.explain("notifyMigrated").reasons).toContainEqual(
      expect.objectContaining({ code: "armedByMigration" }),
    );
    run.expectReplayed();
  });

  it("a plan for a state instance the instance has left is refused", () => {
    const run = given(v1).start();
    const p = plan(run.state) as MigrationPlan;
    run.perform("submit").perform("review").expectState("legacy");
    expect(run.rejected({ type: "migrate", toModel: v2, plan: p }).code).toBe("MIGRATION_INVALID");
  });

  it("reverting restores the old version, state instance, variables and schedules while nothing happened since", () => {
    const run = given(v1).start({ amount: 10 }).perform("submit");
    const before = run.state;
    run.ok({ type: "migrate", toModel: v2, plan: plan(run.state, {}, { amount: "1" }) as MigrationPlan });
    run.ok({ type: "revertMigration", fromModel: v1 });
    expect(run.state.version).toBe(1);
    expect(run.state.variables).toEqual({ amount: 10 });
    expect(run.state.current).toEqual(before.current);
    expect(run.state.occurrences).toEqual(before.occurrences);
    expect(run.effects.filter((e) => e.type === "schedule" || e.type === "cancelSchedule")).toMatchObject([
      { type: "cancelSchedule" },
      { type: "schedule", occurrenceId: "o2", nodeId: "remind", dueAt: "2027-01-05T09:00:00.000Z" },
    ]);
    // The re-opened state instance is current again, so it is the last one (semantics E2).
    expect(run.state.stateInstances.map((s) => [s.id, s.exitReason ?? null])).toEqual([
      ["s2", "reverted"],
      ["s1", null],
    ]);
    expect(run.state.stateInstances.at(-1)!.id).toBe(run.state.current.id);
    run.expectUnlocked(["review", "remind"]).perform("review").expectReplayed();
  });

  it("cannot be reverted once something happened", () => {
    const run = given(v1).start().perform("submit");
    run.ok({ type: "migrate", toModel: v2, plan: plan(run.state) as MigrationPlan });
    run.perform("submit");
    expect(run.rejected({ type: "revertMigration", fromModel: v1 }).code).toBe("NOT_REVERTIBLE");
  });
});
