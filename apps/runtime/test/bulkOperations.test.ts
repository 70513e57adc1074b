import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildModel, oneAction } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { defineHandler } from "../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../src/handlers/defineHandler.ts";
import { BulkExecutor } from "../src/bulk/BulkExecutor.ts";
import { createRuntime } from "../src/createRuntime.ts";
import { eventually } from "./support/eventually.ts";
import { refusal } from "./support/refusal.ts";
import { useTestContext } from "./support/useTestContext.ts";
import { historyRecords, recordsPerInstance } from "./support/historyRecords.ts";
import type { TestContext } from "./support/testContext.ts";

let failing = true;
const flaky = defineHandler("bulkFlaky", { input: z.unknown() }, async () => {
  if (failing) throw new Error("downstream is down");
  return { output: { ok: true } };
}) as HandlerDefinition;

/** `count` running instances of a one-manual-action process. */
async function manualInstances(t: TestContext, key: string, count: number): Promise<string[]> {
  await publishModel(t.ctx, oneAction(key));
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await t.caller.instance.start({ processKey: key, businessKey: `${key}-${i}` })).instanceId);
  return ids.sort();
}

/** `count` running instances of a new process `key` and a bulk run cancelling them all (with `reason`). */
async function cancelAllRun(t: TestContext, key: string, count: number, reason: string) {
  const ids = await manualInstances(t, key, count);
  const { runId } = await t.caller.bulk.create({ processKey: key, operation: { type: "cancel", reason } });
  return { ids, runId };
}

/** How many `instanceFinished` records each instance has. */
const finishedRecords = (t: TestContext, instanceIds: string[]) =>
  recordsPerInstance(t.db, { instanceIds, type: "instanceFinished" });

/** The instance table's columns but `id`, quoted, in table order. */
async function otherColumns(t: TestContext): Promise<string[]> {
  const rows = await t.db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'instance' AND column_name <> 'id' ORDER BY ordinal_position`,
  );
  return rows.map((r) => `"${r.name}"`);
}

describe("bulk operations (executor driven by hand; worker runs handlers)", () => {
  let executor: BulkExecutor;
  const t = useTestContext(
    "bulk_ops",
    async (t) => {
      executor = new BulkExecutor(t.runtime.rt, { chunkSize: 4, concurrency: 2 });
    },
    undefined,
    { worker: true, handlers: [flaky], workerOptions: { pollMs: 30 }, bulkOptions: false },
  );

  it("retries the incidents of 20 instances selected by the list's filter: all 20 resolve and complete", async () => {
    await publishModel(
      t.ctx,
      oneAction("bulk-fragile", {
        id: "call",
        mode: "automatic",
        handler: "bulkFlaky",
        retry: { maxAttempts: 1, backoff: { initial: "PT1S", factor: 2 } },
      }),
    );
    failing = true;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push((await t.caller.instance.start({ processKey: "bulk-fragile" })).instanceId);
    await eventually(
      () => t.db.prisma.instance.count({ where: { id: { in: ids }, hasIncident: true } }),
      (n) => n === 20,
    );
    // The heat shows them in red per state and at the failed action; the list filters by that action.
    const versionId = (await t.db.prisma.instance.findUniqueOrThrow({ where: { id: ids[0]! } })).versionId;
    const heat = await t.caller.instance.heat({ versionId });
    expect(heat.actions.find((a) => a.nodeId === "call")).toMatchObject({ incidents: 20 });
    expect(heat.states.reduce((n, s) => n + s.incidents, 0)).toBe(20);
    const atCall = await t.caller.instance.list({
      processKey: "bulk-fragile",
      incidentNodeId: "call",
      limit: 50,
    });
    expect(atCall.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(
      (await t.caller.instance.list({ processKey: "bulk-fragile", incidentNodeId: "end", limit: 50 })).items,
    ).toEqual([]);
    expect(await t.caller.bulk.count({ processKey: "bulk-fragile", filter: { hasIncident: true } })).toEqual({
      matching: 20,
      overLimit: false,
      limit: 10_000,
    });
    failing = false;
    const created = await t.caller.bulk.create({
      processKey: "bulk-fragile",
      operation: { type: "retryIncidents" },
      filter: { hasIncident: true },
    });
    expect(created).toMatchObject({ status: "running", total: 20 });
    // The selection is frozen: an instance that matches the filter later is not added.
    expect(await executor.processRun(created.runId)).toMatchObject({
      done: 20,
      failed: 0,
      status: "completed",
    });
    expect((await t.caller.bulk.get({ runId: created.runId })).progress).toEqual({
      total: 20,
      done: 20,
      failed: 0,
      pending: 0,
    });
    expect(await t.db.prisma.incident.count({ where: { instanceId: { in: ids }, status: "open" } })).toBe(0);
    expect(
      await t.db.prisma.incident.count({ where: { instanceId: { in: ids }, resolution: "retried" } }),
    ).toBe(20);
    await eventually(
      () => t.db.prisma.instance.count({ where: { id: { in: ids }, status: "completed" } }),
      (n) => n === 20,
    );
    // One audit record for the run's start (the items are the executor's, under `bulk:<run id>`).
    expect(await t.db.prisma.auditEvent.count({ where: { action: "bulk.create", outcome: "ok" } })).toBe(1);
    expect(
      await recordsPerInstance(t.db, {
        instanceIds: ids,
        type: "incidentResolved",
        actor: `bulk:${created.runId}`,
      }),
    ).toHaveProperty("size", 20);
  });

  it("cancels a selection; an instance finished meanwhile is listed as failed with the reason, the rest cancelled", async () => {
    const ids = await manualInstances(t, "bulk-cancel", 5);
    const { runId } = await t.caller.bulk.create({
      processKey: "bulk-cancel",
      operation: { type: "cancel", reason: "customer withdrew" },
      filter: { status: "running" },
    });
    const meanwhile = ids[2]!;
    const meanwhileKey = (await t.db.prisma.instance.findUniqueOrThrow({ where: { id: meanwhile } }))
      .businessKey;
    await t.caller.instance.cancel({ instanceId: meanwhile, reason: "by hand first" });
    expect(await executor.processRun(runId)).toMatchObject({ done: 4, failed: 1, status: "completed" });
    const failures = await t.caller.bulk.items({ runId, status: "failed" });
    expect(failures.items).toEqual([
      expect.objectContaining({
        instanceId: meanwhile,
        businessKey: meanwhileKey,
        status: "failed",
        reason: "the instance finished meanwhile (cancelled)",
      }),
    ]);
    const rows = await t.db.prisma.instance.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.status)).toEqual([
      "cancelled",
      "cancelled",
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
    const reasons = await historyRecords(t.db, {
      instanceIds: ids,
      type: "instanceFinished",
      actor: `bulk:${runId}`,
    });
    expect(reasons).toHaveLength(4);
    expect(JSON.stringify(reasons[0]!.data)).toContain("customer withdrew");
  });

  it("moves a selection to another state with the reason in each history; a version without the state is refused, creating nothing", async () => {
    const twoStates = (withReview: boolean) =>
      buildModel({
        key: "bulk-move",
        states: [
          { id: "intake", name: "Intake", initial: true },
          ...(withReview ? [{ id: "review", name: "Review" }] : [{ id: "other", name: "Other" }]),
        ],
        nodes: [
          { id: "take", kind: "action", mode: "manual", stateId: "intake" },
          ...(withReview
            ? [{ id: "check", kind: "action", mode: "manual", stateId: "review" }]
            : [{ id: "look", kind: "action", mode: "manual", stateId: "other" }]),
        ],
      });
    await publishModel(t.ctx, twoStates(true));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await t.caller.instance.start({ processKey: "bulk-move" })).instanceId);
    const { runId } = await t.caller.bulk.create({
      processKey: "bulk-move",
      operation: { type: "move", stateId: "review", reason: "intake is done by phone" },
      instanceIds: ids,
    });
    expect(await executor.processRun(runId)).toMatchObject({ done: 3, failed: 0, status: "completed" });
    const rows = await t.db.prisma.instance.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => r.currentStateId)).toEqual(["review", "review", "review"]);
    const moved = await historyRecords(t.db, { instanceIds: ids, type: "moved", actor: `bulk:${runId}` });
    expect(moved).toHaveLength(3);
    expect(JSON.stringify(moved[0]!.data)).toContain("intake is done by phone");
    // The unlocked set follows the move: Review's action, not Intake's.
    const unlocked = await t.caller.instance.get({ id: ids[0]! });
    expect(JSON.stringify(unlocked)).toContain('"check"');

    // Version 2 has no Review: a selection with an instance of it is refused; nothing is created.
    await publishModel(t.ctx, twoStates(false));
    const onV2 = (await t.caller.instance.start({ processKey: "bulk-move" })).instanceId;
    const before = { runs: await t.db.prisma.bulkRun.count(), items: await t.db.prisma.bulkItem.count() };
    const lacking = await refusal(
      t.caller.bulk.create({
        processKey: "bulk-move",
        operation: { type: "move", stateId: "review", reason: "again" },
        instanceIds: [ids[0]!, onV2],
      }),
    );
    expect(lacking.code).toBe("BAD_REQUEST");
    expect(lacking.message).toBe(
      'the state "Review" is not in version 2 of the selected instances; filter the list by a version that has it',
    );
    expect({ runs: await t.db.prisma.bulkRun.count(), items: await t.db.prisma.bulkItem.count() }).toEqual(
      before,
    );
    expect((await t.db.prisma.instance.findUniqueOrThrow({ where: { id: onV2 } })).currentStateId).toBe(
      "intake",
    );
  });

  it("pause stops progress between chunks and resume finishes; each audited once", async () => {
    const { ids, runId } = await cancelAllRun(t, "bulk-pause", 10, "cleanup");
    expect(await executor.processRun(runId, { maxChunks: 1 })).toMatchObject({ done: 4, status: "running" });
    await t.caller.bulk.pause({ runId });
    expect(await executor.processRun(runId)).toMatchObject({ done: 0, chunks: 0, status: "paused" });
    expect((await t.caller.bulk.get({ runId })).progress).toEqual({
      total: 10,
      done: 4,
      failed: 0,
      pending: 6,
    });
    expect(await t.db.prisma.instance.count({ where: { id: { in: ids }, status: "running" } })).toBe(6);
    // Pausing a paused run is refused and changes nothing.
    expect((await refusal(t.caller.bulk.pause({ runId }))).code).toBe("PRECONDITION_FAILED");
    await t.caller.bulk.resume({ runId });
    expect(await executor.processRun(runId)).toMatchObject({ done: 6, status: "completed" });
    expect(await t.db.prisma.instance.count({ where: { id: { in: ids }, status: "cancelled" } })).toBe(10);
    const audits = await t.db.prisma.auditEvent.groupBy({
      by: ["action", "outcome"],
      where: { action: { in: ["bulk.pause", "bulk.resume"] } },
      _count: { _all: true },
    });
    expect(audits.map((a) => [a.action, a.outcome, a._count._all]).sort()).toEqual([
      ["bulk.pause", "failed", 1],
      ["bulk.pause", "ok", 1],
      ["bulk.resume", "ok", 1],
    ]);
  });

  it("a run resumed by another runtime after its executor stopped mid-run does each item once", async () => {
    const { ids, runId } = await cancelAllRun(t, "bulk-restart", 9, "restart");
    const first = new BulkExecutor(t.runtime.rt, { chunkSize: 3, concurrency: 3 });
    expect(await first.processRun(runId, { maxChunks: 1 })).toMatchObject({ done: 3, status: "running" });
    await first.stop();
    // A second runtime process on the same database: its executor resumes `running` runs at start-up.
    const second = await createRuntime({
      db: t.db,
      clock: t.clock,
      publicUrl: "http://127.0.0.1:9",
      worker: true,
      workerOptions: { pollMs: 30 },
      bulkOptions: { chunkSize: 2, pollMs: 50 },
    });
    try {
      await eventually(
        () => t.caller.bulk.get({ runId }),
        (r) => r.status === "completed",
      );
    } finally {
      await second.stop();
    }
    expect((await t.caller.bulk.get({ runId })).progress).toEqual({
      total: 9,
      done: 9,
      failed: 0,
      pending: 0,
    });
    const finished = await finishedRecords(t, ids);
    expect([...finished.values()]).toEqual(Array.from({ length: 9 }, () => 1));
    // Driving the completed run again does nothing.
    expect(await executor.processRun(runId)).toMatchObject({ done: 0, failed: 0, status: "completed" });
  });

  it("two executors racing on one run do each item once", async () => {
    const { ids, runId } = await cancelAllRun(t, "bulk-race", 12, "race");
    const other = new BulkExecutor(t.runtime.rt, { chunkSize: 3, concurrency: 2 });
    const [a, b] = await Promise.all([executor.processRun(runId), other.processRun(runId)]);
    expect(a.done + b.done).toBe(12);
    expect(a.failed + b.failed).toBe(0);
    expect([...(await finishedRecords(t, ids)).values()]).toEqual(Array.from({ length: 12 }, () => 1));
  });

  it("refuses bad selections and operations with typed errors, writing nothing", async () => {
    await manualInstances(t, "bulk-refuse", 1);
    const before = await t.db.prisma.bulkRun.count();
    const none = await refusal(
      t.caller.bulk.create({
        processKey: "bulk-refuse",
        operation: { type: "retryIncidents" },
        filter: { status: "completed" },
      }),
    );
    expect(none.code).toBe("BAD_REQUEST");
    expect(none.message).toMatch(/no instance matches/);
    const noReason = await refusal(
      t.caller.bulk.create({ processKey: "bulk-refuse", operation: { type: "cancel", reason: "  " } }),
    );
    expect(noReason.code).toBe("BAD_REQUEST");
    const unknown = await refusal(
      t.caller.bulk.create({ processKey: "no-such-process", operation: { type: "retryIncidents" } }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    const tooMany = await refusal(
      t.caller.bulk.create({
        processKey: "bulk-refuse",
        operation: { type: "retryIncidents" },
        instanceIds: Array.from(
          { length: 10_001 },
          (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        ),
      }),
    );
    expect(tooMany.code).toBe("BAD_REQUEST");
    expect(await t.db.prisma.bulkRun.count()).toBe(before);
  });

  it("refuses a filter matching more than 10,000 instances, naming the limit, and creates nothing", async () => {
    const [seed] = await manualInstances(t, "bulk-huge", 1);
    // 10,000 copies of the instance row (without its business key: it is unique among running ones).
    const columns = await otherColumns(t);
    const values = columns.map((c) => (c.includes("business_key") ? "NULL" : `i.${c}`));
    await t.db.prisma.$executeRawUnsafe(
      `INSERT INTO instance (${columns.join(", ")}, id)
         SELECT ${values.join(", ")}, gen_random_uuid() FROM instance i, generate_series(1, 10000)
          WHERE i.id = $1::uuid`,
      seed,
    );
    expect(await t.caller.bulk.count({ processKey: "bulk-huge" })).toEqual({
      matching: 10_000,
      overLimit: true,
      limit: 10_000,
    });
    const before = await t.db.prisma.bulkItem.count();
    const refused = await refusal(
      t.caller.bulk.create({ processKey: "bulk-huge", operation: { type: "retryIncidents" } }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/more than 10,000 instances match/);
    expect(refused.data).toMatchObject({ limit: 10_000 });
    expect(await t.db.prisma.bulkItem.count()).toBe(before);
    expect((await refusal(t.caller.bulk.get({ runId: "00000000-0000-4000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );
  });
});
