import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { useTestContext } from "./support/useTestContext.ts";
import { createCaller, person } from "./support/actors.ts";
import { watchStatements } from "./support/waits.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import type { Database } from "../src/db/openDatabase.ts";
import { createRuntime } from "../src/createRuntime.ts";
import type { RunningRuntime } from "../src/createRuntime.ts";
import { createInnerContext } from "../src/trpc/context.ts";
import { MigrationExecutor } from "../src/migrations/MigrationExecutor.ts";
import { selectInstanceSql } from "../src/instances/instanceRow.ts";

/** A desk whose `review` anyone may do in v1 and only credit officers in v2. */
const desk = (reviewRole?: string) =>
  buildModel({
    key: "rowcache",
    nodes: [
      { id: "note", kind: "action", mode: "manual", maxOccurs: 0 },
      {
        id: "review",
        kind: "action",
        mode: "manual",
        maxOccurs: 0,
        ...(reviewRole ? { role: reviewRole } : {}),
      },
    ],
  });

const readsOfInstanceRows = new RegExp(`^${selectInstanceSql.replace(/[()*.]/g, "\\$&")}`);

// apps/runtime/src/instances/InstanceRowCache.ts: an API step starts from the row this process last
// wrote; a row changed by anybody else costs one refused write and a fresh read, never a wrong step.
describe("instance row cache: a perform starts from the row this runtime process last wrote", () => {
  const t = useTestContext("row_cache", (t) => publishModel(t.ctx, desk()));
  /** A second runtime process on the same database (its own cache). */
  let other: { db: Database; runtime: RunningRuntime; caller: ReturnType<typeof createCaller> };
  beforeAll(async () => {
    const db = await openDatabase({ kind: "postgres", url: t.url });
    const runtime = await createRuntime({
      db,
      clock: t.clock,
      publicUrl: "http://127.0.0.1:9",
      worker: false,
    });
    other = {
      db,
      runtime,
      caller: createCaller(createInnerContext({ db, clock: t.clock, appVersion: "test", rt: runtime.rt })),
    };
  });
  afterAll(async () => {
    await other?.runtime.stop();
    await other?.db.close();
  });

  /** The history's seqs, checked increasing: one history row per step (start, then each perform). */
  const steps = async (instanceId: string) => {
    const seqs = (
      await t.db.prisma.historyEvent.findMany({
        where: { instanceId },
        orderBy: { id: "asc" },
        select: { seq: true },
      })
    ).map((h) => h.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    return seqs.length;
  };

  it("the second perform of an instance reads no row (the step statement is its one statement)", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "rowcache" });
    await t.caller.instance.perform({ instanceId, actionId: "note" });
    const reads = watchStatements(t.db, readsOfInstanceRows);
    await expect(t.caller.instance.perform({ instanceId, actionId: "note" })).resolves.toMatchObject({
      status: "running",
    });
    expect(reads.count).toBe(0);
    expect(await steps(instanceId)).toBe(3);
  });

  it("a row another process wrote meanwhile: the stale write writes nothing, the step is taken again on a fresh read; seqs contiguous, nothing lost or doubled", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "rowcache" });
    await t.caller.instance.perform({ instanceId, actionId: "note" }); // cached here at seq 2
    await other.caller.instance.perform({ instanceId, actionId: "note" }); // seq 3, elsewhere
    const reads = watchStatements(t.db, readsOfInstanceRows);
    await expect(t.caller.instance.perform({ instanceId, actionId: "note" })).resolves.toMatchObject({
      status: "running",
    });
    expect(reads.count).toBe(1);
    expect(await steps(instanceId)).toBe(4);
    expect(
      await t.db.prisma.occurrence.count({ where: { instanceId, nodeId: "note", status: "completed" } }),
    ).toBe(3);
    // A cancel elsewhere: the cached running row is refused by the fresh read's rejection, nothing written.
    await other.caller.instance.cancel({ instanceId, reason: "duplicate case" });
    const before = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    await expect(t.caller.instance.perform({ instanceId, actionId: "note" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "the instance is cancelled",
    });
    expect(await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } })).toEqual(before);
  });

  it("authorization follows the fresh row: migrated elsewhere to a version where the action needs a role the performer lacks → FORBIDDEN, nothing changed", async () => {
    const wes = createCaller({ ...t.ctx, actor: person("wes", ["worker"], []) });
    const { instanceId } = await t.caller.instance.start({ processKey: "rowcache" });
    await wes.instance.perform({ instanceId, actionId: "review" }); // allowed on v1; the row is cached here
    await publishModel(t.ctx, desk("credit-officer"));
    const versions = await t.db.prisma.version.findMany({
      where: { process: { key: "rowcache" } },
      orderBy: { number: "asc" },
    });
    const { runId } = await other.caller.migration.create({
      plan: {
        processKey: "rowcache",
        sourceVersionIds: [versions[0]!.id],
        targetVersionId: versions[1]!.id,
        mapping: {},
        filter: { instanceIds: [instanceId] },
      },
    });
    await other.caller.migration.start({ runId });
    await new MigrationExecutor(other.runtime.rt).processRun(runId);
    const migrated = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    expect(migrated.versionId).toBe(versions[1]!.id);
    await expect(wes.instance.perform({ instanceId, actionId: "review" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/wes may not perform "review": it needs role "credit-officer"/),
    });
    expect(await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } })).toEqual(migrated);
  });
});
