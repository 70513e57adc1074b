import { describe, expect, it } from "vitest";
import { z } from "zod";
import { claimJobs } from "../src/queue/queueSql.ts";
import type { ClaimedJob } from "../src/queue/queueSql.ts";
import { defineHandler } from "../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../src/handlers/defineHandler.ts";
import { Worker } from "../src/queue/Worker.ts";
import { createJobProcessor, systemJobKinds } from "../src/instances/processJob.ts";
import { StepGroup } from "../src/instances/stepGroup.ts";
import { LeaseLostError } from "../src/instances/stepBatch.ts";
import { stepInstance } from "../src/instances/stepInstance.ts";
import { deskModel, publishBuilt } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { useTestContext } from "./support/useTestContext.ts";
import { eventually } from "./support/eventually.ts";

/**
 * Group commit of a worker's automatic steps (`StepGroup`): results that arrive in one turn are
 * written by ONE step statement, each still guarded by its own seq and lease. A refused one (its
 * row moved since the claim read it) is retried alone and succeeds; a lost lease refuses only its
 * own step; neither blocks nor rolls back the others.
 */
describe("group commit of automatic steps", () => {
  const workerId = "group-test-worker";
  const t = useTestContext("groupcommit", async (t) => {
    await publishModel(t.ctx, deskModel());
  });

  const start = async (n: number) =>
    (await Promise.all(Array.from({ length: n }, () => t.caller.instance.start({ processKey: "desk" }))))
      .map((s) => s.instanceId)
      .sort();
  const claim = async (ids: string[]): Promise<Map<string, ClaimedJob>> => {
    const jobs = await claimJobs(t.db, {
      workerId,
      handlers: ["desk.call"],
      kinds: [],
      limit: 100,
      leaseMs: 60_000,
      now: t.clock.now(),
    });
    const mine = new Map(jobs.filter((j) => ids.includes(j.instanceId)).map((j) => [j.instanceId, j]));
    expect(mine.size).toBe(ids.length);
    return mine;
  };
  const complete = (group: StepGroup, job: ClaimedJob) =>
    group.step({
      instanceId: job.instanceId,
      event: { type: "complete", occurrenceId: job.occurrenceId!, attempt: job.attempt, output: {} },
      actor: "handler:desk.call",
      fence: { jobId: job.id, workerId },
      known: job.instance ?? undefined,
    });
  const callStatus = async (instanceId: string) =>
    (await t.db.prisma.occurrence.findFirstOrThrow({ where: { instanceId, nodeId: "call" } })).status;
  const historySeqs = async (instanceId: string) =>
    (
      await t.db.prisma.historyEvent.findMany({
        where: { instanceId },
        orderBy: { seq: "asc" },
        select: { seq: true },
      })
    ).map((h) => h.seq);

  it("writes the steps that arrive together with one statement; a refused one is retried alone and a lost lease refuses only its own", async () => {
    const [a, b, stale, lost] = await start(4);
    const jobs = await claim([a!, b!, stale!, lost!]);
    // After the claim read the rows: another step moves `stale` on (its seq changes), and another
    // worker takes over `lost`'s job (its lease is no longer ours).
    await stepInstance(t.ctx.rt, stale!, { type: "perform", actionId: "note" });
    await t.db.prisma.job.update({ where: { id: jobs.get(lost!)!.id }, data: { lockedBy: "someone-else" } });

    const group = new StepGroup(t.ctx.rt);
    const outcomes = await Promise.allSettled(
      [a!, b!, stale!, lost!].map((id) => complete(group, jobs.get(id)!)),
    );

    // One statement wrote a and b; `stale` went alone after it (and was written); `lost` wrote nothing.
    expect(group.stats).toEqual({ statements: 1, steps: 2, alone: 1 });
    expect(outcomes.slice(0, 3).map((o) => o.status === "fulfilled" && o.value.ok)).toEqual([
      true,
      true,
      true,
    ]);
    expect(outcomes[3]!.status).toBe("rejected");
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(LeaseLostError);

    for (const id of [a!, b!, stale!]) {
      expect(await callStatus(id)).toBe("completed");
      expect(await t.db.prisma.job.count({ where: { id: jobs.get(id)!.id } })).toBe(0);
      // One history row per step, in seq order, none past the instance's seq: no step twice or lost.
      const seqs = await historySeqs(id);
      expect(seqs).toHaveLength(id === stale ? 3 : 2); // start, (note,) call completed
      expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
      const instance = await t.db.prisma.instance.findUniqueOrThrow({ where: { id } });
      expect(seqs.at(-1)).toBeLessThanOrEqual(instance.seq); // a step's row carries its first seq
    }
    // The lost lease's step wrote nothing: its job stays with the other worker, its action running.
    expect(await callStatus(lost!)).toBe("running");
    expect((await t.db.prisma.job.findUniqueOrThrow({ where: { id: jobs.get(lost!)!.id } })).lockedBy).toBe(
      "someone-else",
    );
  });

  it("a lone result goes the single-step path at once (no group statement, nothing waited for)", async () => {
    const [only] = await start(1);
    const jobs = await claim([only!]);
    const group = new StepGroup(t.ctx.rt);
    const outcome = await complete(group, jobs.get(only!)!);
    expect(outcome.ok).toBe(true);
    expect(group.stats).toEqual({ statements: 0, steps: 0, alone: 1 });
    expect(await callStatus(only!)).toBe("completed");
  });
});

describe("the worker groups the results of the jobs it claimed together", () => {
  const handler = defineHandler("crowd.call", { input: z.unknown(), concurrency: 50 }, async () => ({
    output: {},
  })) as HandlerDefinition;
  const t = useTestContext(
    "groupcommitworker",
    async (t) => {
      await publishBuilt(t.ctx, {
        key: "crowd",
        nodes: [
          { id: "call", kind: "action", mode: "automatic", handler: "crowd.call" },
          { id: "end", kind: "finalizer", outcome: "succeeded" },
        ],
        lines: [{ from: "call", to: "end" }],
      });
    },
    undefined,
    { worker: false, handlers: [handler], metrics: true },
  );

  it("fewer step statements than steps, every instance completed once", async () => {
    const n = 30;
    const ids = (
      await Promise.all(Array.from({ length: n }, () => t.caller.instance.start({ processKey: "crowd" })))
    ).map((s) => s.instanceId);
    const metric = async (name: string) => {
      const text = await t.ctx.rt.metrics!.text();
      return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
    };
    const stepsBefore = await metric("flowstate_steps_total");
    const statementsBefore = await metric("flowstate_step_duration_seconds_count");
    // A worker over the same runtime services: it claims all 30 jobs at once and their results arrive together.
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      workerId: "crowd-worker",
      handlers: [handler],
      kinds: systemJobKinds,
      process: createJobProcessor(t.ctx.rt, "crowd-worker"),
      batchSize: 50,
    });
    await worker.start();
    try {
      await eventually(
        () => t.db.prisma.instance.count({ where: { id: { in: ids }, status: "completed" } }),
        (done) => done === n,
      );
    } finally {
      await worker.stop();
    }
    const steps = (await metric("flowstate_steps_total")) - stepsBefore;
    const statements = (await metric("flowstate_step_duration_seconds_count")) - statementsBefore;
    expect(steps).toBe(n);
    expect(statements).toBeLessThan(n / 2);
    for (const id of ids) expect(await t.db.prisma.historyEvent.count({ where: { instanceId: id } })).toBe(2);
  });
});
