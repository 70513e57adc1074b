import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { BatchConflictError, stepInstances } from "../src/instances/stepInstance.ts";

/**
 * `stepInstances` with `inSqlTransaction` (the batch path of migration chunks): on Postgres it runs
 * in a plain pg transaction with named statements; a step that changes incidents or identifiers
 * (written through Prisma) makes the batch run again in a Prisma transaction. Either way the
 * steps and the caller's extra writes commit together or not at all.
 */
describe("batch steps in a raw-SQL transaction", () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext("batchsteps");
    // `call` is automatic (its job waits: no worker here); `note` is manual and may be performed any number of times.
    await publishModel(
      t.ctx,
      buildModel({
        key: "desk",
        nodes: [
          { id: "call", kind: "action", mode: "automatic", handler: "desk.call" },
          { id: "note", kind: "action", mode: "manual", maxOccurs: 0 },
        ],
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const marker = (key: string) => t.db.prisma.setting.findUnique({ where: { key } });
  const mark = (key: string) => async (tx: { $executeRawUnsafe(q: string, ...v: unknown[]): Promise<number> }) => {
    await tx.$executeRawUnsafe(`INSERT INTO setting (key, value) VALUES ($1, 'x')`, key);
  };

  it("steps every instance of the batch and the caller's writes in one transaction", async () => {
    const ids = [(await t.caller.instance.start({ processKey: "desk" })).instanceId, (await t.caller.instance.start({ processKey: "desk" })).instanceId];
    const results = await stepInstances(t.ctx.rt, ids, () => ({ event: { type: "perform", actionId: "note" } }), { inSqlTransaction: mark("batch-ok") });
    expect(results.map((r) => r.outcome?.ok)).toEqual([true, true]);
    expect(await marker("batch-ok")).not.toBeNull();
    for (const id of ids) expect(await t.db.prisma.occurrence.count({ where: { instanceId: id, nodeId: "note", status: "completed" } })).toBe(1);
  });

  it("rolls the whole batch back when the caller's writes fail: no instance changed", async () => {
    const ids = [(await t.caller.instance.start({ processKey: "desk" })).instanceId, (await t.caller.instance.start({ processKey: "desk" })).instanceId];
    const before = await t.db.prisma.instance.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    const history = await t.db.prisma.historyEvent.count({ where: { instanceId: { in: ids } } });
    const failing = async (tx: { $executeRawUnsafe(q: string, ...v: unknown[]): Promise<number> }) => {
      await tx.$executeRawUnsafe(`INSERT INTO setting (key, value) VALUES ($1, 'x')`, "batch-rolled-back");
      throw new Error("the caller's write failed");
    };
    await expect(stepInstances(t.ctx.rt, ids, () => ({ event: { type: "perform", actionId: "note" } }), { inSqlTransaction: failing })).rejects.toThrow("the caller's write failed");
    expect(await t.db.prisma.instance.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await t.db.prisma.historyEvent.count({ where: { instanceId: { in: ids } } })).toBe(history);
    expect(await marker("batch-rolled-back")).toBeNull();
  });

  it("a step that opens an incident (a side write) runs the batch through Prisma: the incident row, the step and the caller's writes all land", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "desk" });
    const call = await t.db.prisma.occurrence.findFirstOrThrow({ where: { instanceId, nodeId: "call" } });
    expect(call.status).toBe("running");
    const [result] = await stepInstances(t.ctx.rt, [instanceId], () => ({ event: { type: "fail", occurrenceId: call.key, attempt: 1, error: { message: "down" }, final: true } }), {
      inSqlTransaction: mark("batch-incident"),
    });
    expect(result!.outcome?.ok).toBe(true);
    expect(await t.db.prisma.incident.findMany({ where: { instanceId }, select: { status: true, nodeId: true } })).toEqual([{ status: "open", nodeId: "call" }]);
    expect(await marker("batch-incident")).not.toBeNull();
  });

  it("an optimistic batch reads without locking; an instance written after the read rolls the whole batch back (BatchConflictError) and the other write stands", async () => {
    const ids = [(await t.caller.instance.start({ processKey: "desk" })).instanceId, (await t.caller.instance.start({ processKey: "desk" })).instanceId].sort();
    const before = await t.db.prisma.instance.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    // Between the batch's read and its write (the model lookup of its first row), another caller
    // performs on the second instance and commits: with row locks it would wait for the batch instead.
    const models = t.ctx.rt.models;
    const get = models.get.bind(models);
    const peek = models.peek.bind(models);
    // Cache hits are taken without awaiting (`peek`): send every look-up through `get`, where the test interferes.
    models.peek = () => undefined;
    let interfered = false;
    models.get = async (...args: Parameters<typeof get>) => {
      if (!interfered) {
        interfered = true;
        await t.caller.instance.perform({ instanceId: ids[1]!, actionId: "note" });
      }
      return get(...args);
    };
    try {
      await expect(stepInstances(t.ctx.rt, ids, () => ({ event: { type: "perform", actionId: "note" } }), { optimistic: true, inSqlTransaction: mark("batch-conflict") })).rejects.toBeInstanceOf(BatchConflictError);
    } finally {
      models.get = get;
      models.peek = peek;
    }
    expect(interfered).toBe(true);
    const after = await t.db.prisma.instance.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(after[0]).toEqual(before[0]);
    expect(after[1]!.seq).toBeGreaterThan(before[1]!.seq);
    for (const [i, notes] of [[0, 0], [1, 1]] as const) expect(await t.db.prisma.occurrence.count({ where: { instanceId: ids[i]!, nodeId: "note", status: "completed" } })).toBe(notes);
    expect(await marker("batch-conflict")).toBeNull();
  });
});
