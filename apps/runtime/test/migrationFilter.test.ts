import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { MigrationExecutor } from "../src/migrations/MigrationExecutor.ts";
import type { MigrationPlanInput } from "../src/migrations/migrationPlan.ts";
import { refusal } from "./support/refusal.ts";

/**
 * The wizard's instance filter on the runtime side: captured identifier values (all must match)
 * and started-between narrow the selection, and validate (the live count), dry run, create and the
 * run itself select the same instances. A run's pace (chunk size, delay between chunks).
 */

/** v1 and v2 of a process whose `register` action captures `customer` and `region` as identifiers (v2: same states by ref). */
function models(key: string) {
  const nodes = [
    {
      id: "register",
      kind: "action",
      mode: "manual",
      stateId: "A",
      captures: [
        { name: "customer", from: "input", path: "customer", identifier: true },
        { name: "region", from: "input", path: "region", identifier: true },
      ],
    },
    { id: "finish", kind: "action", mode: "manual", stateId: "A" },
    { id: "end", kind: "finalizer", outcome: "succeeded", stateId: "A" },
  ];
  const lines = [{ from: "finish", to: "end" }];
  return {
    v1: buildModel({ key, states: [{ id: "A", initial: true }], nodes, lines }),
    v2: buildModel({ key, states: [{ id: "A", name: "A (v2)", initial: true }], nodes, lines }),
  };
}

describe("migration filter: identifiers and started-between; run pace", () => {
  let t: TestContext;
  const key = "mig-filter";
  let v1 = "";
  let v2 = "";
  /** Instance id by name; started one hour apart from 08:00 (UTC) in the order listed. */
  const ids: Record<string, string> = {};
  const people = [
    { name: "ann-north", customer: "ann", region: "north" },
    { name: "ann-south", customer: "ann", region: "south" },
    { name: "bob-north", customer: "bob", region: "north" },
    { name: "bob-south", customer: "bob", region: "south" },
    { name: "cid-north", customer: "cid", region: "north" },
  ];

  beforeAll(async () => {
    t = await createTestContext("migration_filter", new Date("2026-03-02T08:00:00Z"));
    const m = models(key);
    await publishModel(t.ctx, m.v1);
    for (const p of people) {
      const { instanceId } = await t.caller.instance.start({ processKey: key, businessKey: p.name });
      await t.caller.instance.perform({
        instanceId,
        actionId: "register",
        input: { customer: p.customer, region: p.region },
      });
      ids[p.name] = instanceId;
      t.clock.advance(60 * 60_000);
    }
    await publishModel(t.ctx, m.v2);
    const versions = await t.db.prisma.version.findMany({
      where: { process: { key } },
      orderBy: { number: "asc" },
    });
    v1 = versions[0]!.id;
    v2 = versions[1]!.id;
  });
  afterAll(async () => t?.close());

  const plan = (filter: MigrationPlanInput["filter"]): MigrationPlanInput => ({
    processKey: key,
    sourceVersionIds: [v1],
    targetVersionId: v2,
    mapping: {},
    ...(filter ? { filter } : {}),
  });
  const idsOf = (...names: string[]) => names.map((n) => ids[n]!).sort();

  /** What validate (count), dry run and create select for a filter: the same instances each time. */
  async function selected(filter: MigrationPlanInput["filter"]) {
    const count = (await t.caller.migration.validatePlan({ plan: plan(filter) })).instances;
    const dry = (await t.caller.migration.dryRun({ plan: plan(filter), limit: 100 })).items
      .map((i) => i.instanceId)
      .sort();
    const { runId, total } = await t.caller.migration.create({ plan: plan(filter) });
    const items = (await t.caller.migration.items({ runId })).items.map((i) => i.instanceId).sort();
    await t.caller.migration.cancel({ runId });
    expect(count).toBe(dry.length);
    expect(total).toBe(dry.length);
    expect(items).toEqual(dry);
    return dry;
  }

  it("captured identifier values narrow the selection (every pair must match); validate, dry run and create agree", async () => {
    expect(await selected(undefined)).toEqual(idsOf(...people.map((p) => p.name)));
    expect(await selected({ identifiers: [{ name: "customer", value: "ann" }] })).toEqual(
      idsOf("ann-north", "ann-south"),
    );
    expect(await selected({ identifiers: [{ name: "region", value: "north" }] })).toEqual(
      idsOf("ann-north", "bob-north", "cid-north"),
    );
    expect(
      await selected({
        identifiers: [
          { name: "customer", value: "bob" },
          { name: "region", value: "north" },
        ],
      }),
    ).toEqual(idsOf("bob-north"));
    expect(await selected({ identifiers: [{ name: "customer", value: "nobody" }] })).toEqual([]);
    // A value of another identifier does not match (name and value are one pair).
    expect(await selected({ identifiers: [{ name: "customer", value: "north" }] })).toEqual([]);
  });

  it("started-between narrows the selection (bounds included), combined with the identifiers", async () => {
    // Started at 08:00, 09:00, 10:00, 11:00 and 12:00 UTC.
    expect(
      await selected({ startedFrom: "2026-03-02T09:00:00.000Z", startedTo: "2026-03-02T11:00:00.000Z" }),
    ).toEqual(idsOf("ann-south", "bob-north", "bob-south"));
    expect(await selected({ startedFrom: "2026-03-02T10:30:00.000Z" })).toEqual(
      idsOf("bob-south", "cid-north"),
    );
    expect(await selected({ startedTo: "2026-03-02T08:30:00.000Z" })).toEqual(idsOf("ann-north"));
    expect(
      await selected({
        startedFrom: "2026-03-02T09:00:00.000Z",
        identifiers: [{ name: "region", value: "north" }],
      }),
    ).toEqual(idsOf("bob-north", "cid-north"));
  });

  it("refuses malformed filter fields", async () => {
    expect((await refusal(t.caller.migration.validatePlan({ plan: plan({ identifiers: [] }) }))).code).toBe(
      "BAD_REQUEST",
    );
    expect(
      (
        await refusal(
          t.caller.migration.validatePlan({ plan: plan({ identifiers: [{ name: "", value: "x" }] }) }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    expect(
      (await refusal(t.caller.migration.validatePlan({ plan: plan({ startedFrom: "yesterday" }) }))).code,
    ).toBe("BAD_REQUEST");
  });

  it("the run migrates exactly the filtered instances; the rest stay on v1", async () => {
    const filter = { identifiers: [{ name: "customer", value: "bob" }] };
    const { runId, total } = await t.caller.migration.create({ plan: plan(filter) });
    expect(total).toBe(2);
    await t.caller.migration.start({ runId });
    expect(await new MigrationExecutor(t.runtime.rt).processRun(runId)).toMatchObject({
      migrated: 2,
      failed: 0,
      status: "completed",
    });
    const rows = await t.db.prisma.instance.findMany({
      where: { process: { key } },
      select: { id: true, versionId: true },
    });
    expect(
      rows
        .filter((r) => r.versionId === v2)
        .map((r) => r.id)
        .sort(),
    ).toEqual(idsOf("bob-north", "bob-south"));
    expect(rows.filter((r) => r.versionId === v1)).toHaveLength(3);
  });

  it("a run's pace: its chunk size replaces the executor's and it waits between chunks; refused when out of range", async () => {
    const filter = { identifiers: [{ name: "region", value: "north" }] };
    // ann-north and cid-north are still on v1 (bob-north was migrated above).
    const { runId, total } = await t.caller.migration.create({
      plan: plan(filter),
      pace: { chunkSize: 1, chunkDelayMs: 150 },
    });
    expect(total).toBe(2);
    expect((await t.caller.migration.get({ runId })).pace).toEqual({ chunkSize: 1, chunkDelayMs: 150 });
    // The pace is the run's, not part of the plan (a script re-sending the plan gets the same selection).
    expect((await t.caller.migration.get({ runId })).plan).toEqual({ ...plan(filter), variableChanges: {} });
    await t.caller.migration.start({ runId });
    const executor = new MigrationExecutor(t.runtime.rt, { chunkSize: 200 });
    expect(await executor.processRun(runId, { maxChunks: 1 })).toMatchObject({
      migrated: 1,
      chunks: 1,
      status: "running",
    });
    expect((await t.caller.migration.get({ runId })).progress).toMatchObject({
      total: 2,
      done: 1,
      remaining: 1,
    });
    // The rest: one chunk, the wait after it, then the run completes.
    const started = Date.now();
    expect(await executor.processRun(runId)).toMatchObject({ migrated: 1, status: "completed" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    for (const pace of [{ chunkSize: 0 }, { chunkDelayMs: -1 }, { chunkDelayMs: 600_000 }, { speed: 2 }]) {
      expect(
        (
          await refusal(
            t.caller.migration.create({ plan: plan(filter), pace: pace as { chunkSize?: number } }),
          )
        ).code,
      ).toBe("BAD_REQUEST");
    }
  });
});
