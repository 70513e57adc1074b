import { describe, expect, it } from "vitest";
import { deskModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { BatchConflictError, stepInstances } from "../src/instances/stepBatch.ts";
import type { AlongsideWrites } from "../src/instances/stepStatement.ts";
import { useTestContext } from "./support/useTestContext.ts";

/**
 * `stepInstances` with `alongside` (the batch path of migration chunks): on Postgres the batch is
 * one read and ONE statement that writes the steps and the caller's writes, no transaction around
 * them; a step that changes incidents or identifiers (written through Prisma) makes the batch run
 * the same statement in a Prisma transaction. Either way the steps and the caller's writes apply
 * together or not at all: a step whose instance moved since the read, or a failed check of the
 * caller's, leaves everything as it was (`BatchConflictError`).
 */
describe("batch steps with writes alongside, in one statement", () => {
  const t = useTestContext("batchsteps", async (t) => {
    await publishModel(t.ctx, deskModel());
  });

  const marker = (key: string) => t.db.prisma.setting.findUnique({ where: { key } });
  /** The caller's writes: a setting row named `key`; the check expects `rows` of them written (1 holds, 2 fails). */
  const mark =
    (key: string, rows = 1): (() => AlongsideWrites) =>
    () => ({
      name: `test_mark_${rows}`,
      sql: (p) => ({
        ctes: `marked AS (INSERT INTO setting (key, value) VALUES (${p.add(key)}::text, 'x') RETURNING 1)`,
        check: `(SELECT count(*) FROM marked) = ${rows}`,
      }),
    });
  const note = () => ({ event: { type: "perform", actionId: "note" } }) as const;
  const snapshot = async (ids: string[]) => ({
    instances: await t.db.prisma.instance.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } }),
    history: await t.db.prisma.historyEvent.count({ where: { instanceId: { in: ids } } }),
    occurrences: await t.db.prisma.occurrence.findMany({
      where: { instanceId: { in: ids } },
      orderBy: [{ instanceId: "asc" }, { id: "asc" }],
    }),
  });
  const start = async (n: number) =>
    (await Promise.all(Array.from({ length: n }, () => t.caller.instance.start({ processKey: "desk" }))))
      .map((s) => s.instanceId)
      .sort();

  it("writes every step of the batch and the caller's writes with one statement", async () => {
    const ids = await start(2);
    const results = await stepInstances(t.ctx.rt, ids, note, {
      optimistic: true,
      alongside: mark("batch-ok"),
    });
    expect(results.map((r) => r.outcome?.ok)).toEqual([true, true]);
    expect(await marker("batch-ok")).not.toBeNull();
    for (const id of ids)
      expect(
        await t.db.prisma.occurrence.count({
          where: { instanceId: id, nodeId: "note", status: "completed" },
        }),
      ).toBe(1);
  });

  it("writes nothing when the caller's check fails: no instance, history, occurrence or caller's row changed", async () => {
    const ids = await start(2);
    const before = await snapshot(ids);
    await expect(
      stepInstances(t.ctx.rt, ids, note, { optimistic: true, alongside: mark("batch-refused", 2) }),
    ).rejects.toBeInstanceOf(BatchConflictError);
    expect(await snapshot(ids)).toEqual(before);
    expect(await marker("batch-refused")).toBeNull();
  });

  it("a step that opens an incident (a side write) runs the batch's statement in a Prisma transaction: the incident row, the step and the caller's writes all land", async () => {
    const [instanceId] = await start(1);
    const call = await t.db.prisma.occurrence.findFirstOrThrow({
      where: { instanceId: instanceId!, nodeId: "call" },
    });
    expect(call.status).toBe("running");
    const fail = () =>
      ({
        event: { type: "fail", occurrenceId: call.id, attempt: 1, error: { message: "down" }, final: true },
      }) as const;
    const [result] = await stepInstances(t.ctx.rt, [instanceId!], fail, {
      optimistic: true,
      alongside: mark("batch-incident"),
    });
    expect(result!.outcome?.ok).toBe(true);
    expect(
      await t.db.prisma.incident.findMany({
        where: { instanceId: instanceId! },
        select: { status: true, nodeId: true },
      }),
    ).toEqual([{ status: "open", nodeId: "call" }]);
    expect(await marker("batch-incident")).not.toBeNull();
  });

  it("in a Prisma transaction too, a failed check writes nothing, the incident neither", async () => {
    const [instanceId] = await start(1);
    const call = await t.db.prisma.occurrence.findFirstOrThrow({
      where: { instanceId: instanceId!, nodeId: "call" },
    });
    const before = await snapshot([instanceId!]);
    const fail = () =>
      ({
        event: { type: "fail", occurrenceId: call.id, attempt: 1, error: { message: "down" }, final: true },
      }) as const;
    await expect(
      stepInstances(t.ctx.rt, [instanceId!], fail, {
        optimistic: true,
        alongside: mark("batch-incident-refused", 2),
      }),
    ).rejects.toBeInstanceOf(BatchConflictError);
    expect(await snapshot([instanceId!])).toEqual(before);
    expect(await t.db.prisma.incident.count({ where: { instanceId: instanceId! } })).toBe(0);
    expect(await marker("batch-incident-refused")).toBeNull();
  });

  it("an instance written after the batch's read (no lock taken) makes the whole batch write nothing (BatchConflictError); the other write stands", async () => {
    const ids = await start(2);
    const before = await t.db.prisma.instance.findMany({
      where: { id: { in: ids } },
      orderBy: { id: "asc" },
    });
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
      await expect(
        stepInstances(t.ctx.rt, ids, note, { optimistic: true, alongside: mark("batch-conflict") }),
      ).rejects.toBeInstanceOf(BatchConflictError);
    } finally {
      models.get = get;
      models.peek = peek;
    }
    expect(interfered).toBe(true);
    const after = await t.db.prisma.instance.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(after[0]).toEqual(before[0]);
    expect(after[1]!.seq).toBeGreaterThan(before[1]!.seq);
    for (const [i, notes] of [
      [0, 0],
      [1, 1],
    ] as const)
      expect(
        await t.db.prisma.occurrence.count({
          where: { instanceId: ids[i]!, nodeId: "note", status: "completed" },
        }),
      ).toBe(notes);
    expect(await marker("batch-conflict")).toBeNull();
  });

  it("refuses writes alongside a batch that is not optimistic", async () => {
    const ids = await start(1);
    const before = await snapshot(ids);
    await expect(stepInstances(t.ctx.rt, ids, note, { alongside: mark("batch-locked") })).rejects.toThrow(
      "need an optimistic batch",
    );
    expect(await snapshot(ids)).toEqual(before);
  });
});
