import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel, setVariablesAction } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { MigrationExecutor, wakeMigrations } from "../src/migrations/MigrationExecutor.ts";
import { migrateChunk } from "../src/migrations/migrateChunk.ts";
import { loadRunContext } from "../src/migrations/migrateItem.ts";
import type { Database } from "../src/db/openDatabase.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import { createRuntime } from "../src/createRuntime.ts";
import { manualClock } from "../src/clock.ts";
import { createInnerContext } from "../src/trpc/context.ts";
import { appRouter } from "../src/trpc/appRouter.ts";
import { createCallerFactory } from "../src/trpc/trpc.ts";
import { historyRecords, recordsPerInstance } from "./support/historyRecords.ts";
import type { MigrationPlanInput } from "../src/migrations/migrationPlan.ts";
import { eventually } from "./support/eventually.ts";
import { refusal } from "./support/refusal.ts";
import { blockedOnLock, watchStatements } from "./support/waits.ts";
import { useFreshDatabase, useTestContext } from "./support/useTestContext.ts";

type Caller = TestContext["caller"];

/**
 * v1: states A (initial), B, C. A → B or C; B → C; C → B or to the end.
 * v2: B removed; C renamed (same ref) with two migration actions: `c_migrated` (every source
 * version; sets `migrated`) and `c_fromV5` (only from v5: excluded here). A has no migration action.
 */
function models(key: string) {
  const v1 = buildModel({
    key,
    states: [{ id: "A", initial: true }, { id: "B" }, { id: "C" }],
    nodes: [
      { id: "a_toB", kind: "action", mode: "manual", stateId: "A" },
      { id: "a_toC", kind: "action", mode: "manual", stateId: "A" },
      { id: "a_note", kind: "action", mode: "manual", stateId: "A" },
      { id: "b_toC", kind: "action", mode: "manual", stateId: "B" },
      { id: "c_toB", kind: "action", mode: "manual", stateId: "C" },
      { id: "c_finish", kind: "action", mode: "manual", stateId: "C" },
      { id: "end", kind: "finalizer", outcome: "succeeded", stateId: "C" },
    ],
    lines: [{ from: "c_finish", to: "end" }],
    transitions: [
      { from: "a_toB", to: "B" },
      { from: "a_toC", to: "C" },
      { from: "b_toC", to: "C" },
      { from: "c_toB", to: "B" },
    ],
  });
  const v2 = buildModel({
    key,
    states: [
      { id: "A", initial: true },
      { id: "C", name: "C renamed" },
    ],
    nodes: [
      { id: "a_toC", kind: "action", mode: "manual", stateId: "A" },
      { id: "a_note", kind: "action", mode: "manual", stateId: "A" },
      setVariablesAction("c_migrated", { migrated: "true" }, { stateId: "C", migration: {} }),
      {
        id: "c_fromV5",
        kind: "action",
        mode: "automatic",
        stateId: "C",
        handler: "noop",
        migration: { sourceVersions: { include: [5] } },
      },
      { id: "c_finish", kind: "action", mode: "manual", stateId: "C" },
      { id: "end", kind: "finalizer", outcome: "succeeded", stateId: "C" },
    ],
    lines: [{ from: "c_finish", to: "end" }],
    transitions: [{ from: "a_toC", to: "C" }],
  });
  return { v1, v2 };
}

interface Fixture {
  key: string;
  v1: string;
  v2: string;
  /** Instance ids by the state they were put in on v1. */
  A: string[];
  B: string[];
  C: string[];
}

/** Publishes v1, starts instances in A, B and C, publishes v2 (v1 becomes deprecated). */
async function fixture(
  t: { ctx: TestContext["ctx"]; caller: Caller; db: Database },
  key: string,
  counts: { A: number; B: number; C: number },
): Promise<Fixture> {
  const { v1, v2 } = models(key);
  await publishModel(t.ctx, v1);
  const out: Fixture = { key, v1: "", v2: "", A: [], B: [], C: [] };
  for (const state of ["A", "B", "C"] as const) {
    for (let i = 0; i < counts[state]; i++) {
      const { instanceId } = await t.caller.instance.start({
        processKey: key,
        businessKey: `${key}-${state}-${i}`,
      });
      if (state !== "A")
        await t.caller.instance.perform({ instanceId, actionId: state === "B" ? "a_toB" : "a_toC" });
      out[state].push(instanceId);
    }
  }
  await publishModel(t.ctx, v2);
  const versions = await t.db.prisma.version.findMany({
    where: { process: { key } },
    orderBy: { number: "asc" },
  });
  out.v1 = versions[0]!.id;
  out.v2 = versions[1]!.id;
  return out;
}

const planOf = (f: Fixture, extra: Partial<MigrationPlanInput> = {}): MigrationPlanInput => ({
  processKey: f.key,
  sourceVersionIds: [f.v1],
  targetVersionId: f.v2,
  mapping: { [f.v1]: { B: "C" } },
  ...extra,
});

/** Everything a refused call must leave untouched. */
async function snapshot(db: Database, key: string) {
  const processId = (await db.prisma.process.findUniqueOrThrow({ where: { key } })).id;
  const instanceIds = (await db.prisma.instance.findMany({ where: { processId }, select: { id: true } })).map(
    (i) => i.id,
  );
  return {
    instances: await db.prisma.instance.findMany({ where: { process: { key } }, orderBy: { id: "asc" } }),
    stateInstances: await db.prisma.stateInstance.count({ where: { instanceId: { in: instanceIds } } }),
    history: await db.prisma.historyEvent.count({ where: { instanceId: { in: instanceIds } } }),
    runs: await db.prisma.migrationRun.findMany({ where: { processId }, orderBy: { id: "asc" } }),
    items: await db.prisma.migrationItem.findMany({
      where: { run: { processId } },
      orderBy: [{ runId: "asc" }, { instanceId: "asc" }],
    }),
    versions: await db.prisma.version.findMany({ where: { process: { key } }, orderBy: { number: "asc" } }),
  };
}

/** Migrated instances must be exactly once on v2, in a fresh `migration` state instance, their old ones on v1. */
async function expectMigratedOnce(db: Database, f: Fixture, instanceId: string, targetStateId: string) {
  const row = await db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
  expect(row.versionId).toBe(f.v2);
  expect(row.currentStateId).toBe(targetStateId);
  const states = await db.prisma.stateInstance.findMany({
    where: { instanceId },
    orderBy: { enteredSeq: "asc" },
  });
  const last = states[states.length - 1]!;
  expect(last).toMatchObject({
    stateId: targetStateId,
    reason: "migration",
    versionId: f.v2,
    exitedSeq: null,
  });
  expect(states.filter((s) => s.reason === "migration")).toHaveLength(1);
  for (const old of states.slice(0, -1)) expect(old.versionId).toBe(f.v1);
  expect(states[states.length - 2]).toMatchObject({ exitReason: "migration", versionId: f.v1 });
  expect(await historyRecords(db, { instanceIds: [instanceId], type: "migrated" })).toHaveLength(1);
}

describe("instance migration: planning, refusals, dry run, re-check, retry (executor driven by hand)", () => {
  let executor: MigrationExecutor;
  const t = useTestContext("migration_plan", async (t) => {
    executor = new MigrationExecutor(t.runtime.rt, { chunkSize: 2, concurrency: 2 });
  });

  it("proposes a mapping by ref, flags the removed state that has running instances, and shows the diff", async () => {
    const f = await fixture(t, "mig-propose", { A: 1, B: 3, C: 2 });
    const proposal = await t.caller.migration.proposeMapping({
      processKey: f.key,
      sourceVersionIds: [f.v1],
      targetVersionId: f.v2,
    });
    const source = proposal.sources[0]!;
    expect(source.mapping).toEqual({ A: "A", C: "C" });
    expect(source.matchedBy).toEqual({ A: "ref", C: "ref" });
    expect(source.needsChoice).toEqual(["B"]);
    expect(source.runningByState).toEqual({ A: 1, B: 3, C: 2 });
    expect(source.mustChoose).toEqual([{ stateId: "B", stateName: "B", runningInstances: 3 }]);
    expect(source.diff.states.removed.map((s) => s.ref)).toEqual(["B"]);
    expect(source.diff.states.changed.map((c) => [c.ref, c.fields])).toEqual([["C", ["name"]]]);
    expect(proposal.target.states.map((s) => s.name)).toEqual(["A", "C renamed"]);
    const diff = await t.caller.migration.diff({ fromVersionId: f.v1, toVersionId: f.v2 });
    expect(diff.diff.nodes.added.map((n) => n.ref).sort()).toEqual(["c_fromV5", "c_migrated"]);
  });

  it("an unmapped state or bad input refuses validate, dry run, create and start with typed errors; nothing changes", async () => {
    const f = await fixture(t, "mig-refuse", { A: 2, B: 2, C: 1 });
    const before = await snapshot(t.db, f.key);
    const unmappedPlan = planOf(f, { mapping: {} });
    for (const call of [
      () => t.caller.migration.validatePlan({ plan: unmappedPlan }),
      () => t.caller.migration.dryRun({ plan: unmappedPlan }),
      () => t.caller.migration.create({ plan: unmappedPlan }),
    ]) {
      const e = await refusal(call());
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.data.unmapped).toEqual([
        { sourceVersionId: f.v1, sourceVersion: 1, stateId: "B", stateName: "B", runningInstances: 2 },
      ]);
    }
    const feel = await refusal(
      t.caller.migration.create({ plan: planOf(f, { variableChanges: { total: "1 + (" } }) }),
    );
    expect(feel.code).toBe("BAD_REQUEST");
    expect(feel.data.invalidVariableChanges).toEqual([
      expect.objectContaining({ name: "total", expression: "1 + (" }),
    ]);
    const badTarget = await refusal(
      t.caller.migration.create({ plan: planOf(f, { mapping: { [f.v1]: { B: "nowhere" } } }) }),
    );
    expect(badTarget.code).toBe("BAD_REQUEST");
    expect(badTarget.data.invalidMapping).toEqual([
      expect.objectContaining({ fromStateId: "B", toStateId: "nowhere" }),
    ]);
    expect(
      (await refusal(t.caller.migration.create({ plan: { ...planOf(f), processKey: "no-such-process" } })))
        .code,
    ).toBe("NOT_FOUND");
    expect(
      (await refusal(t.caller.migration.create({ plan: { ...planOf(f), sourceVersionIds: [f.v2] } }))).code,
    ).toBe("BAD_REQUEST");
    expect(
      (
        await refusal(
          t.caller.migration.create({ plan: { ...planOf(f), unknownField: 1 } as MigrationPlanInput }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(await snapshot(t.db, f.key)).toEqual(before);

    // A run over A and C only needs no choice for B; but when one of its instances moves into B
    // before the run starts, starting it is refused the same way and nothing changes.
    const selected = [...f.A, ...f.C];
    const { runId, total } = await t.caller.migration.create({
      plan: planOf(f, { mapping: {}, filter: { instanceIds: selected } }),
    });
    expect(total).toBe(3);
    await t.caller.instance.perform({ instanceId: f.A[0]!, actionId: "a_toB" });
    const frozen = await snapshot(t.db, f.key);
    const blocked = await refusal(t.caller.migration.start({ runId }));
    expect(blocked.code).toBe("BAD_REQUEST");
    expect(blocked.data.unmapped).toEqual([expect.objectContaining({ stateId: "B", runningInstances: 1 })]);
    expect(await snapshot(t.db, f.key)).toEqual(frozen);
    expect((await t.caller.migration.get({ runId })).status).toBe("planned");
    // Wrong lifecycle moves are refused too.
    expect((await refusal(t.caller.migration.resume({ runId }))).code).toBe("PRECONDITION_FAILED");
    expect((await refusal(t.caller.migration.retryFailed({ runId }))).code).toBe("PRECONDITION_FAILED");
    expect(
      (await refusal(t.caller.migration.get({ runId: "00000000-0000-4000-8000-000000000000" }))).code,
    ).toBe("NOT_FOUND");
    expect(await snapshot(t.db, f.key)).toEqual(frozen);
  });

  it("dry run lists per instance the target state, the migration actions that apply, unlock changes and problems; paged, with totals", async () => {
    const f = await fixture(t, "mig-dry", { A: 2, B: 2, C: 1 });
    const before = await snapshot(t.db, f.key);
    const all = await t.caller.migration.dryRun({
      plan: planOf(f, { variableChanges: { flagged: "true" } }),
      limit: 100,
    });
    expect(all.items).toHaveLength(5);
    expect(all.nextCursor).toBeNull();
    const byId = new Map(all.items.map((i) => [i.instanceId, i]));
    for (const id of f.A)
      expect(byId.get(id)).toMatchObject({
        ok: true,
        fromStateId: "A",
        targetStateId: "A",
        mappedBy: "ref",
        migrationActions: [],
      });
    for (const id of f.B) {
      const item = byId.get(id)!;
      expect(item).toMatchObject({
        ok: true,
        fromStateId: "B",
        targetStateId: "C",
        mappedBy: "mapping",
        migrationActions: ["c_migrated"],
      });
      expect(item.noLongerUnlocked).toEqual(["b_toC"]);
      expect(item.becomesUnlocked).toEqual(expect.arrayContaining(["c_finish"]));
    }
    expect(byId.get(f.C[0]!)).toMatchObject({
      ok: true,
      fromStateId: "C",
      targetStateId: "C",
      mappedBy: "ref",
      migrationActions: ["c_migrated"],
    });
    expect(all.totals.instances).toBe(5);
    const fromB = all.totals.bySourceState.find((r) => r.fromStateId === "B")!;
    expect(fromB).toMatchObject({ sourceVersion: 1, targetStateId: "C", mappedBy: "mapping", count: 2 });
    expect(fromB.migrationActions).toEqual([
      { nodeId: "c_migrated", name: "c_migrated", include: null, exclude: null, applies: true },
      { nodeId: "c_fromV5", name: "c_fromV5", include: [5], exclude: null, applies: false },
    ]);
    const first = await t.caller.migration.dryRun({ plan: planOf(f), limit: 3 });
    const second = await t.caller.migration.dryRun({ plan: planOf(f), limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.instanceId)).toEqual(
      all.items.map((i) => i.instanceId),
    );
    expect(second.nextCursor).toBeNull();
    expect(all.items.every((i) => i.problems.length === 0)).toBe(true);
    expect(await snapshot(t.db, f.key)).toEqual(before);
  });

  it("re-checks instances that moved since the run was created; retryFailed re-runs only the failed ones", async () => {
    const f = await fixture(t, "mig-recheck", { A: 3, B: 1, C: 1 });
    const [a1, a2, a3] = f.A as [string, string, string];
    const c1 = f.C[0]!;
    // Selected: A and C instances; B needs no choice for this selection. The dry run (as the wizard shows it) plans them where they are now.
    const selection = planOf(f, { mapping: {}, filter: { instanceIds: [a1, a2, a3, c1] } });
    const dry = await t.caller.migration.dryRun({ plan: selection });
    expect(new Map(dry.items.map((i) => [i.instanceId, [i.ok, i.targetStateId]]))).toEqual(
      new Map([
        [a1, [true, "A"]],
        [a2, [true, "A"]],
        [a3, [true, "A"]],
        [c1, [true, "C"]],
      ]),
    );
    const { runId, total } = await t.caller.migration.create({ plan: selection, createdBy: "ops" });
    expect(total).toBe(4);
    await t.caller.migration.start({ runId });
    await t.caller.instance.perform({ instanceId: a1, actionId: "a_toB" }); // into B: unmapped in this run
    await t.caller.instance.perform({ instanceId: a2, actionId: "a_toC" }); // into C: still mapped (by ref)
    await t.caller.instance.perform({ instanceId: c1, actionId: "c_finish" }); // finished
    const a1Before = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: a1 } });

    while ((await executor.processRun(runId, { maxChunks: 1 })).status === "running") {
      /* chunk by chunk until completed */
    }
    const items = new Map((await t.caller.migration.items({ runId })).items.map((i) => [i.instanceId, i]));
    expect(items.get(a1)).toMatchObject({ status: "failed", fromStateId: "A" });
    expect(items.get(a1)!.reason).toMatch(/UNMAPPED_STATE.*moved since the run was created.*A.*B/);
    expect(items.get(c1)).toMatchObject({ status: "skipped", reason: expect.stringContaining("completed") });
    // Not what the dry run said: a1 (dry run: → A) failed, c1 (→ C) skipped, a2 (→ A) went to C where it is now.
    expect(items.get(a2)).toMatchObject({ status: "migrated", fromStateId: "A", toStateId: "C" });
    expect(items.get(a3)).toMatchObject({ status: "migrated", toStateId: "A" });
    // The failed instance was not touched, and its history says why.
    expect(await t.db.prisma.instance.findUniqueOrThrow({ where: { id: a1 } })).toEqual(a1Before);
    expect(
      (await historyRecords(t.db, { instanceIds: [a1], type: "migrationFailed" })).map((r) => ({
        data: r.data,
      })),
    ).toEqual([{ data: expect.objectContaining({ runId }) }]);
    expect(await t.db.prisma.instance.findUniqueOrThrow({ where: { id: c1 } })).toMatchObject({
      status: "completed",
      versionId: f.v1,
    });
    await expectMigratedOnce(t.db, f, a2, "C");
    await expectMigratedOnce(t.db, f, a3, "A");
    const run = await t.caller.migration.get({ runId });
    expect(run).toMatchObject({
      status: "completed",
      createdBy: "ops",
      progress: { total: 4, done: 3, failed: 1, remaining: 0, percent: 100, etaSeconds: 0 },
    });

    // Once a1 is in a mapped state again, retrying re-runs it alone.
    await t.caller.instance.perform({ instanceId: a1, actionId: "b_toC" });
    const othersBefore = await t.db.prisma.migrationItem.findMany({
      where: { runId, instanceId: { not: a1 } },
      orderBy: { instanceId: "asc" },
    });
    expect(await t.caller.migration.retryFailed({ runId })).toMatchObject({ retried: 1, status: "running" });
    await executor.processRun(runId);
    expect(
      (await t.caller.migration.items({ runId, status: "migrated" })).items.map((i) => i.instanceId).sort(),
    ).toEqual([a1, a2, a3].sort());
    expect(
      await t.db.prisma.migrationItem.findMany({
        where: { runId, instanceId: { not: a1 } },
        orderBy: { instanceId: "asc" },
      }),
    ).toEqual(othersBefore);
    await expectMigratedOnce(t.db, f, a1, "C");
    expect(await t.caller.migration.get({ runId })).toMatchObject({
      status: "completed",
      progress: { done: 4, failed: 0, remaining: 0 },
    });
    expect((await t.caller.migration.retryFailed({ runId })).retried).toBe(0);
  });

  it("a batch meeting an item that is no longer pending rolls back whole and changes nothing; the remaining items then migrate in one batch, each once", async () => {
    const f = await fixture(t, "mig-batch", { A: 3, B: 2, C: 0 });
    const { runId } = await t.caller.migration.create({ plan: planOf(f) });
    await t.caller.migration.start({ runId });
    const pending = (
      await t.db.prisma.migrationItem.findMany({ where: { runId }, orderBy: { instanceId: "asc" } })
    ).map((i) => ({
      instanceId: i.instanceId,
      fromVersionId: i.fromVersionId,
      fromStateId: i.fromStateId,
      seqBefore: i.seqBefore === null ? null : Number(i.seqBefore),
    }));
    // Another process finished one item meanwhile (its row says so; the instance itself is left alone here).
    const taken = pending[2]!.instanceId;
    await t.db.prisma.migrationItem.updateMany({
      where: { runId, instanceId: taken },
      data: { status: "skipped", error: "done elsewhere" },
    });
    const before = await t.db.prisma.instance.findMany({
      where: { id: { in: pending.map((p) => p.instanceId) } },
      orderBy: { id: "asc" },
      select: { id: true, versionId: true, seq: true },
    });
    const historyBefore = await t.db.prisma.historyEvent.count({
      where: { instanceId: { in: pending.map((p) => p.instanceId) } },
    });
    expect(
      await migrateChunk(t.runtime.rt, await loadRunContext(t.runtime.rt, runId), pending),
    ).toBeUndefined();
    // Nothing of the batch committed: instances, history and items as they were.
    expect(
      await t.db.prisma.instance.findMany({
        where: { id: { in: pending.map((p) => p.instanceId) } },
        orderBy: { id: "asc" },
        select: { id: true, versionId: true, seq: true },
      }),
    ).toEqual(before);
    expect(
      await t.db.prisma.historyEvent.count({
        where: { instanceId: { in: pending.map((p) => p.instanceId) } },
      }),
    ).toBe(historyBefore);
    expect(await t.db.prisma.migrationItem.count({ where: { runId, status: "pending" } })).toBe(4);
    // The executor's batch of the remaining 4 goes through in one transaction.
    const batchExecutor = new MigrationExecutor(t.runtime.rt, {
      chunkSize: 10,
      batchSize: 10,
      concurrency: 1,
    });
    expect(await batchExecutor.processRun(runId)).toMatchObject({
      migrated: 4,
      failed: 0,
      status: "completed",
    });
    for (const id of f.A.filter((id) => id !== taken)) await expectMigratedOnce(t.db, f, id, "A");
    for (const id of f.B.filter((id) => id !== taken)) await expectMigratedOnce(t.db, f, id, "C");
    expect((await t.db.prisma.instance.findUniqueOrThrow({ where: { id: taken } })).versionId).toBe(f.v1);
  });

  it("pause and cancel take effect between chunks; cancelled items stay on the old version", async () => {
    const f = await fixture(t, "mig-pause", { A: 6, B: 0, C: 0 });
    const { runId } = await t.caller.migration.create({ plan: planOf(f, { mapping: {} }) });
    expect(await executor.processRun(runId)).toMatchObject({ chunks: 0, status: "planned" });
    await t.caller.migration.start({ runId });
    expect(await executor.processRun(runId, { maxChunks: 1 })).toMatchObject({
      migrated: 2,
      status: "running",
    });
    t.clock.advance(10_000); // 2 items finished in the 10 s since the start: 0.2 per second, 4 left → 20 s
    expect((await t.caller.migration.get({ runId })).progress).toMatchObject({
      ratePerSecond: 0.2,
      etaSeconds: 20,
      percent: 33.3,
    });
    await t.caller.migration.pause({ runId });
    expect(await executor.processRun(runId)).toMatchObject({ migrated: 0, status: "paused" });
    expect((await t.caller.migration.get({ runId })).progress).toMatchObject({
      total: 6,
      done: 2,
      remaining: 4,
      ratePerSecond: 0,
      etaSeconds: null,
    });
    t.clock.advance(600_000); // paused for ten minutes
    await t.caller.migration.resume({ runId });
    t.clock.advance(5_000); // nothing finished since the resume: no rate yet
    expect((await t.caller.migration.get({ runId })).progress).toMatchObject({
      ratePerSecond: 0,
      etaSeconds: null,
    });
    expect(await executor.processRun(runId, { maxChunks: 1 })).toMatchObject({
      migrated: 2,
      status: "running",
    });
    // 2 items in the 5 s since the resume (the pause does not count): 0.4 per second, 2 left → 5 s.
    expect((await t.caller.migration.get({ runId })).progress).toMatchObject({
      ratePerSecond: 0.4,
      etaSeconds: 5,
      percent: 66.7,
    });
    expect(await t.caller.migration.cancel({ runId })).toMatchObject({
      status: "cancelled",
      cancelledItems: 2,
    });
    expect(await executor.processRun(runId)).toMatchObject({ migrated: 0, status: "cancelled" });
    const cancelled = (await t.caller.migration.items({ runId, status: "cancelled" })).items.map(
      (i) => i.instanceId,
    );
    expect(cancelled).toHaveLength(2);
    for (const id of cancelled)
      expect((await t.db.prisma.instance.findUniqueOrThrow({ where: { id } })).versionId).toBe(f.v1);
    expect((await refusal(t.caller.migration.start({ runId }))).code).toBe("PRECONDITION_FAILED");
    expect((await refusal(t.caller.migration.retryFailed({ runId }))).code).toBe("PRECONDITION_FAILED");
    expect(
      (await t.caller.migration.list({ processKey: f.key })).map((r) => [r.id, r.status, r.total, r.done]),
    ).toEqual([[runId, "cancelled", 6, 4]]);
  });

  it("items filtered by status page on after the cursor even when the cursor's item changed status meanwhile", async () => {
    const f = await fixture(t, "mig-items-paging", { A: 3, B: 0, C: 0 });
    const { runId } = await t.caller.migration.create({ plan: planOf(f, { mapping: {} }) });
    await t.caller.migration.start({ runId });
    const byId = [...f.A].sort();
    const first = await t.caller.migration.items({ runId, status: "pending", limit: 1 });
    expect(first.items.map((i) => i.instanceId)).toEqual([byId[0]]);
    // The executor migrates the first two (chunks of 2, by id) before the next page is asked for.
    expect(await executor.processRun(runId, { maxChunks: 1 })).toMatchObject({ migrated: 2 });
    const next = await t.caller.migration.items({
      runId,
      status: "pending",
      limit: 1,
      cursor: first.nextCursor!,
    });
    expect(next.items.map((i) => i.instanceId)).toEqual([byId[2]]);
  });

  it("retryFailed reads the run's status under its row lock: a run completed meanwhile is reopened, never left completed with pending items", async () => {
    const f = await fixture(t, "mig-retry-race", { A: 2, B: 0, C: 0 });
    const { runId } = await t.caller.migration.create({ plan: planOf(f, { mapping: {} }) });
    await t.caller.migration.start({ runId });
    expect(await executor.processRun(runId, { maxChunks: 1 })).toMatchObject({
      migrated: 2,
      status: "running",
    });
    // One item failed; nothing is pending: the executor is about to complete the run.
    await t.db.pool!.query(
      `UPDATE migration_item SET status = 'failed', error = 'test' WHERE run_id = $1::uuid AND instance_id = $2::uuid`,
      [runId, f.A[0]],
    );
    // The completion holds the run's row lock while the retry comes in, then commits.
    const completion = await t.db.pool!.connect();
    try {
      await completion.query("BEGIN");
      await completion.query(`SELECT status FROM migration_run WHERE id = $1::uuid FOR UPDATE`, [runId]);
      const retry = t.caller.migration.retryFailed({ runId });
      await blockedOnLock(t.db);
      await completion.query(
        `UPDATE migration_run SET status = 'completed', finished_at = now() WHERE id = $1::uuid`,
        [runId],
      );
      await completion.query("COMMIT");
      expect(await retry).toMatchObject({ retried: 1, status: "running" });
    } finally {
      completion.release();
    }
    expect((await t.db.prisma.migrationRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe(
      "running",
    );
    expect(
      (await t.caller.migration.items({ runId, status: "pending" })).items.map((i) => i.instanceId),
    ).toEqual([f.A[0]]);
  });

  it("revert undoes only its own run's migration: after a later run moved the instance on, the earlier run refuses and nothing changes", async () => {
    const f = await fixture(t, "mig-two-runs", { A: 1, B: 0, C: 0 });
    const [x] = f.A as [string];
    const first = await t.caller.migration.create({ plan: planOf(f, { mapping: {} }) });
    await t.caller.migration.start({ runId: first.runId });
    expect(await executor.processRun(first.runId)).toMatchObject({ migrated: 1, status: "completed" });
    // v3: v2 plus one more action in A; a second run takes the instance from v2 to v3.
    const v2 = models(f.key).v2;
    await publishModel(t.ctx, {
      ...v2,
      nodes: [
        ...v2.nodes,
        { ...v2.nodes.find((n) => n.id === "a_note")!, id: "a_extra", ref: "a_extra", name: "a_extra" },
      ],
    });
    const v3 = (await t.db.prisma.version.findFirstOrThrow({ where: { process: { key: f.key }, number: 3 } }))
      .id;
    const second = await t.caller.migration.create({
      plan: { processKey: f.key, sourceVersionIds: [f.v2], targetVersionId: v3, mapping: {} },
    });
    await t.caller.migration.start({ runId: second.runId });
    expect(await executor.processRun(second.runId)).toMatchObject({ migrated: 1, status: "completed" });

    // The first run's item is still `migrated`, but its migration is no longer the instance's last.
    const frozen = await snapshot(t.db, f.key);
    const refused = await refusal(t.caller.migration.revert({ runId: first.runId, instanceId: x }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.data.rejection).toMatchObject({ code: "NOT_REVERTIBLE" });
    expect(refused.message).toBe("cannot revert: the instance is on v3 now, not on this run's target v2");
    expect(await snapshot(t.db, f.key)).toEqual(frozen);

    // The second run's revert takes it back to v2 (not v1); then the first run's revert is allowed again.
    expect(await t.caller.migration.revert({ runId: second.runId, instanceId: x })).toMatchObject({
      status: "reverted",
      versionNumber: 2,
      currentStateId: "A",
    });
    expect((await t.db.prisma.instance.findUniqueOrThrow({ where: { id: x } })).versionId).toBe(f.v2);
    const again = await refusal(t.caller.migration.revert({ runId: first.runId, instanceId: x }));
    expect(again.message).toMatch(/^cannot revert: something happened since this run migrated the instance/);
  });
});

describe("instance migration run by the runtime's background executor and worker", () => {
  const t = useTestContext("migration_run", undefined, new Date(), {
    worker: true,
    workerOptions: { pollMs: 50 },
  });

  it("runs to completion: every instance migrated once into its mapped state, migration actions completed by the worker; revert while nothing happened since", async () => {
    const f = await fixture(t, "mig-run", { A: 3, B: 3, C: 2 });
    const { runId, total } = await t.caller.migration.create({
      plan: planOf(f, { variableChanges: { source: '"v1"' } }),
    });
    expect(total).toBe(8);
    await t.caller.migration.start({ runId });
    const run = await eventually(
      () => t.caller.migration.get({ runId }),
      (r) => r.status === "completed",
    );
    expect(run.progress).toMatchObject({ total: 8, done: 8, failed: 0, remaining: 0, percent: 100 });
    const items = (await t.caller.migration.items({ runId })).items;
    expect(items.every((i) => i.status === "migrated")).toBe(true);
    for (const id of f.A) await expectMigratedOnce(t.db, f, id, "A");
    for (const id of [...f.B, ...f.C]) await expectMigratedOnce(t.db, f, id, "C");
    // The migration action of C ran for B and C instances (through the worker), not for A's.
    for (const id of [...f.B, ...f.C]) {
      const row = await eventually(
        () => t.db.prisma.instance.findUniqueOrThrow({ where: { id } }),
        (r) => (r.variables as Record<string, unknown>).migrated === true,
      );
      expect(row.variables).toMatchObject({ migrated: true, source: "v1" });
      expect(
        await t.db.prisma.occurrence.findMany({
          where: { instanceId: id, nodeId: { in: ["c_migrated", "c_fromV5"] } },
          select: { nodeId: true, status: true, reason: true, versionId: true },
        }),
      ).toEqual([{ nodeId: "c_migrated", status: "completed", reason: "migration", versionId: f.v2 }]);
    }
    for (const id of f.A)
      expect(await t.db.prisma.occurrence.count({ where: { instanceId: id, reason: "migration" } })).toBe(0);
    // The per-instance outcome names the migration actions the run started and how far each got.
    const outcome = new Map(
      (await t.caller.migration.items({ runId })).items.map((i) => [i.instanceId, i.migrationActions]),
    );
    for (const id of [...f.B, ...f.C])
      expect(outcome.get(id)).toEqual([{ nodeId: "c_migrated", status: "completed" }]);
    for (const id of f.A) expect(outcome.get(id)).toEqual([]);
    expect(
      await historyRecords(t.db, { instanceIds: [f.A[0]!], type: "migrated", actor: `migration:${runId}` }),
    ).toHaveLength(1);
    // v1 has no running instance left: inactive.
    expect((await t.db.prisma.version.findUniqueOrThrow({ where: { id: f.v1 } })).status).toBe("inactive");

    // Revert: fine while nothing happened since; the version runs instances again.
    const [a1, a2] = f.A as [string, string];
    const reverted = await t.caller.migration.revert({ runId, instanceId: a1 });
    expect(reverted).toMatchObject({ status: "reverted", versionNumber: 1, currentStateId: "A" });
    const back = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: a1 } });
    expect(back).toMatchObject({ versionId: f.v1, currentStateId: "A", status: "running" });
    const states = await t.db.prisma.stateInstance.findMany({
      where: { instanceId: a1 },
      orderBy: { enteredSeq: "asc" },
    });
    expect(states.map((s) => [s.versionId === f.v1 ? "v1" : "v2", s.exitReason])).toEqual([
      ["v1", null],
      ["v2", "reverted"],
    ]);
    expect((await t.db.prisma.version.findUniqueOrThrow({ where: { id: f.v1 } })).status).toBe("deprecated");
    expect(
      (await t.caller.migration.items({ runId, status: "reverted" })).items.map((i) => i.instanceId),
    ).toEqual([a1]);
    // Refused once something happened (here: an action performed; for B/C the migration action ran).
    await t.caller.instance.perform({ instanceId: a2, actionId: "a_note" });
    const frozen = await snapshot(t.db, f.key);
    for (const id of [a2, f.B[0]!]) {
      const refused = await refusal(t.caller.migration.revert({ runId, instanceId: id }));
      expect(refused.code).toBe("CONFLICT");
      expect(refused.data.rejection).toMatchObject({ code: "NOT_REVERTIBLE" });
      expect(refused.message).toMatch(/^cannot revert: .*something happened since/);
    }
    expect((await refusal(t.caller.migration.revert({ runId, instanceId: a1 }))).code).toBe(
      "PRECONDITION_FAILED",
    );
    expect(await snapshot(t.db, f.key)).toEqual(frozen);
    expect((await t.caller.migration.list({ processKey: f.key }))[0]).toMatchObject({
      id: runId,
      status: "completed",
      total: 8,
      done: 8,
    });
  });
});

describe("a migration run driven by several runtimes at once", () => {
  const createCaller = createCallerFactory(appRouter);
  const fresh = useFreshDatabase("migration_concurrent");

  it("migrates every instance exactly once when two processes drive the same run", async () => {
    const clock = manualClock(new Date("2026-03-02T08:00:00Z"));
    const open = async () => {
      const db = await openDatabase({ kind: "postgres", url: fresh.url });
      const running = await createRuntime({ db, clock, publicUrl: "http://127.0.0.1:9", worker: false });
      const ctx = createInnerContext({ db, clock, appVersion: "test", rt: running.rt });
      return { db, running, ctx, caller: createCaller(ctx) };
    };
    const [p1, p2] = [await open(), await open()];
    try {
      const f = await fixture(p1, "mig-concurrent", { A: 6, B: 5, C: 5 });
      const { runId } = await p1.caller.migration.create({ plan: planOf(f) });
      await p1.caller.migration.start({ runId });
      const reports = await Promise.all([
        new MigrationExecutor(p1.running.rt, { chunkSize: 3, concurrency: 2 }).processRun(runId),
        new MigrationExecutor(p2.running.rt, { chunkSize: 3, concurrency: 2 }).processRun(runId),
        new MigrationExecutor(p2.running.rt, { chunkSize: 3, concurrency: 2 }).processRun(runId),
      ]);
      expect(reports.reduce((a, r) => a + r.migrated, 0)).toBe(16);
      expect((await p2.caller.migration.get({ runId })).status).toBe("completed");
      const perInstance = await recordsPerInstance(p2.db, { type: "migrated" });
      expect(perInstance.size).toBe(16);
      expect([...perInstance.values()].every((n) => n === 1)).toBe(true);
    } finally {
      for (const p of [p1, p2]) {
        await p.running.stop();
        await p.db.close();
      }
    }
  });
});

describe("a migration run killed mid-batch", () => {
  const createCaller = createCallerFactory(appRouter);
  const fresh = useFreshDatabase("migration_resume");

  it("resumes on a new runtime without migrating any instance twice", async () => {
    const clock = manualClock(new Date("2026-03-02T08:00:00Z"));
    // First process: no background executor; one chunk is driven by hand, then the process goes away.
    const db1 = await openDatabase({ kind: "postgres", url: fresh.url });
    const rt1 = await createRuntime({ db: db1, clock, publicUrl: "http://127.0.0.1:9", worker: false });
    const caller1 = createCaller(createInnerContext({ db: db1, clock, appVersion: "test", rt: rt1.rt }));
    const f = await fixture(
      {
        ctx: createInnerContext({ db: db1, clock, appVersion: "test", rt: rt1.rt }),
        caller: caller1,
        db: db1,
      },
      "mig-resume",
      { A: 4, B: 4, C: 4 },
    );
    const { runId } = await caller1.migration.create({ plan: planOf(f) });
    await caller1.migration.start({ runId });
    const first = await new MigrationExecutor(rt1.rt, { chunkSize: 5, concurrency: 3 }).processRun(runId, {
      maxChunks: 1,
    });
    expect(first).toMatchObject({ migrated: 5, chunks: 1, status: "running" });
    const migratedFirst = (await caller1.migration.items({ runId, status: "migrated" })).items.map((i) => [
      i.instanceId,
      i.seqAfter,
    ]);

    // A dead process's lock: a session holds the run's advisory lock, as a killed runtime's connection would until it closes.
    const zombie = new pg.Client({ connectionString: fresh.url });
    await zombie.connect();
    await zombie.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [0x6d696772, runId]);
    await rt1.stop();
    await db1.close();

    // Second process: a full runtime (worker + executor) on the same database resumes the run at start-up.
    const db2 = await openDatabase({ kind: "postgres", url: fresh.url });
    const tries = watchStatements(db2, /pg_try_advisory_lock/);
    const rt2 = await createRuntime({
      db: db2,
      clock,
      publicUrl: "http://127.0.0.1:9",
      worker: true,
      workerOptions: { pollMs: 50 },
    });
    try {
      const caller2 = createCaller(createInnerContext({ db: db2, clock, appVersion: "test", rt: rt2.rt }));
      await tries.seen(1); // its executor tried the run
      expect((await caller2.migration.get({ runId })).progress).toMatchObject({ done: 5, remaining: 7 }); // held by the "dead" session
      await zombie.end(); // the dead process's connection closes: its lock is gone
      wakeMigrations(rt2.rt);
      const done = await eventually(
        () => caller2.migration.get({ runId }),
        (r) => r.status === "completed",
        30_000,
      );
      expect(done.progress).toMatchObject({ total: 12, done: 12, failed: 0, remaining: 0 });
      const items = (await caller2.migration.items({ runId })).items;
      expect(items.every((i) => i.status === "migrated")).toBe(true);
      // The first chunk's items were not touched again.
      const after = new Map(items.map((i) => [i.instanceId, i.seqAfter]));
      for (const [id, seqAfter] of migratedFirst) expect(after.get(id as string)).toBe(seqAfter);
      for (const id of f.A) await expectMigratedOnce(db2, f, id, "A");
      for (const id of [...f.B, ...f.C]) await expectMigratedOnce(db2, f, id, "C");
      const perInstance = await recordsPerInstance(db2, { type: "migrated" });
      expect(perInstance.size).toBe(12);
      expect([...perInstance.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await rt2.stop();
      await db2.close();
    }
  });
});

describe("a migration run whose process is SIGKILLed in the middle of a chunk", () => {
  let t: TestContext;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    t = await createTestContext("migration_kill");
  });
  afterAll(async () => {
    child?.kill("SIGKILL");
    await t?.close();
  });

  it(
    "leaves every instance migrated-and-marked or untouched-and-pending; the resumed run migrates each exactly once",
    { timeout: 120_000 },
    async () => {
      const f = await fixture(t, "mig-kill", { A: 150, B: 50, C: 50 });
      const { runId, total } = await t.caller.migration.create({ plan: planOf(f) });
      expect(total).toBe(250);
      await t.caller.migration.start({ runId });

      // A separate runtime process drives the run (one chunk of 200 items); it is killed mid-chunk.
      child = spawn(process.execPath, ["--import", "tsx", "test/support/migrationProcess.ts"], {
        cwd: path.resolve(import.meta.dirname, ".."),
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATABASE_URL: t.url },
        stdio: ["ignore", "ignore", "inherit"],
      });
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      const migratedAtKill = await eventually(
        () => t.db.prisma.migrationItem.count({ where: { runId, status: "migrated" } }),
        (n) => n >= 10,
        60_000,
      );
      child.kill("SIGKILL");
      await exited;
      expect(migratedAtKill).toBeGreaterThanOrEqual(10);

      // Nothing half-done: a migrated item's instance is on v2 with one `migrated` event; a pending one untouched on v1.
      const items = await t.db.prisma.migrationItem.findMany({
        where: { runId },
        select: { instanceId: true, status: true },
      });
      const statuses = new Set(items.map((i) => i.status));
      expect([...statuses].every((s) => s === "migrated" || s === "pending")).toBe(true);
      const pendingAfterKill = items.filter((i) => i.status === "pending").map((i) => i.instanceId);
      expect(pendingAfterKill.length).toBeGreaterThan(0); // the kill landed before the run finished
      const rows = new Map(
        (
          await t.db.prisma.instance.findMany({
            where: { id: { in: items.map((i) => i.instanceId) } },
            select: { id: true, versionId: true },
          })
        ).map((r) => [r.id, r.versionId]),
      );
      const events = await recordsPerInstance(t.db, {
        type: "migrated",
        instanceIds: items.map((i) => i.instanceId),
      });
      for (const item of items) {
        expect(rows.get(item.instanceId)).toBe(item.status === "migrated" ? f.v2 : f.v1);
        expect(events.get(item.instanceId) ?? 0).toBe(item.status === "migrated" ? 1 : 0);
      }

      // Resumed here (the killed process's advisory lock went with its connection).
      const executor = new MigrationExecutor(t.runtime.rt, { chunkSize: 50, concurrency: 4 });
      const done = await eventually(
        async () => {
          await executor.processRun(runId);
          return t.caller.migration.get({ runId });
        },
        (r) => r.status === "completed",
        60_000,
      );
      expect(done.progress).toMatchObject({ total: 250, done: 250, failed: 0, remaining: 0 });
      const perInstance = await recordsPerInstance(t.db, {
        type: "migrated",
        instanceIds: items.map((i) => i.instanceId),
      });
      expect(perInstance.size).toBe(250);
      expect([...perInstance.values()].every((n) => n === 1)).toBe(true);
      for (const id of [
        ...f.A.slice(0, 5),
        ...f.B.slice(0, 5),
        ...f.C.slice(0, 5),
        ...pendingAfterKill.slice(0, 5),
      ]) {
        const target = f.A.includes(id) ? "A" : "C";
        await expectMigratedOnce(t.db, f, id, target);
      }
    },
  );
});
