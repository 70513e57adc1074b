import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { automaticChain } from "./support/models.ts";
import { historyRecords } from "./support/historyRecords.ts";
import { startInstance } from "../src/instances/startInstance.ts";
import { eventually } from "./support/eventually.ts";
import { useCrashContext } from "./support/killableProcesses.ts";

const steps = 10;
const instances = 100; // 100 × 10 = 1,000 automatic steps

// A sequence of ten automatic actions and a finalizer.
const tenSteps = automaticChain("ten-steps", steps);

describe("crash safety", () => {
  const { t, processes } = useCrashContext("crash", tenSteps, "test/support/crashWorker.ts");

  type Worker = { child: ChildProcess; readyAt?: number };
  function spawnWorker(url: string): Worker {
    const child = processes.spawn(url);
    const worker: Worker = { child };
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("worker ready")) worker.readyAt = Date.now();
    });
    return worker;
  }

  it(
    "SIGKILLs workers at random points during 1,000 automatic steps: 0 lost, 0 duplicated transitions",
    { timeout: 180_000 },
    async () => {
      const url = t.url;
      const ids: string[] = [];
      for (let i = 0; i < instances; i++)
        ids.push(
          (
            await startInstance(
              t.ctx.rt,
              { processKey: "ten-steps", businessKey: `crash-${i}` },
              randomUUID(),
            )
          ).instanceId,
        );

      const workers = [spawnWorker(url), spawnWorker(url)];
      // Enough kills to land in every window (claim, handler, step, handover), few enough that a
      // loaded machine, where a fresh worker takes seconds to start, still finishes the run.
      const maxKills = 8;
      let kills = 0;
      try {
        // Every 200 ms (the chaos pace) until all completed: kill a worker that has been working for
        // a random while (mid-claim, mid-handler or mid-step) and start a fresh one in its place.
        await eventually(
          async () => {
            const completed = await t.db.prisma.instance.count({
              where: { id: { in: ids }, status: "completed" },
            });
            const victim = Math.floor(Math.random() * workers.length);
            const w = workers[victim]!;
            if (
              completed < instances &&
              kills < maxKills &&
              w.readyAt !== undefined &&
              Date.now() - w.readyAt > 300 + Math.random() * 1500
            ) {
              w.child.kill("SIGKILL");
              kills++;
              workers[victim] = spawnWorker(url);
            }
            return completed;
          },
          (completed) => completed === instances,
          { timeout: 150_000, interval: 200 },
        );
      } finally {
        for (const w of workers) w.child.kill("SIGTERM");
      }

      expect(kills).toBeGreaterThan(3);
      // Exactly one completed occurrence per action and instance, one firing per line, nothing left queued.
      const perNode = await t.db.prisma.occurrence.groupBy({
        by: ["instanceId", "nodeId"],
        where: { instanceId: { in: ids }, status: "completed" },
        _count: { _all: true },
      });
      expect(perNode).toHaveLength(instances * (steps + 1));
      expect(perNode.every((g) => g._count._all === 1)).toBe(true);
      const firings = await t.db.prisma.firing.groupBy({
        by: ["instanceId", "lineId"],
        where: { instanceId: { in: ids } },
        _count: { _all: true },
      });
      expect(firings).toHaveLength(instances * steps);
      expect(firings.every((g) => g._count._all === 1)).toBe(true);
      expect(await historyRecords(t.db, { instanceIds: ids, type: "occurrenceCompleted" })).toHaveLength(
        instances * (steps + 1),
      );
      expect(await t.db.prisma.job.count()).toBe(0);
      const calls = await t.db.prisma.$queryRawUnsafe<{ n: number; distinct: number }[]>(
        `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS distinct FROM handler_call`,
      );
      // Handlers run at least once per step; a redelivery repeats the call with the same idempotency key.
      expect(calls[0]!.distinct).toBe(instances * steps);
      console.log(
        `crash test: ${kills} SIGKILLs, ${calls[0]!.n - instances * steps} redelivered handler calls, 0 lost, 0 duplicated transitions`,
      );
    },
  );
});
