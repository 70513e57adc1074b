import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { automaticChain, oneAction, scheduledModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { startInstance } from "../src/instances/startInstance.ts";
import { historyRecords, recordsPerInstance } from "./support/historyRecords.ts";
import { eventually } from "./support/eventually.ts";
import { useCrashContext } from "./support/killableProcesses.ts";
import { systemClock } from "../src/clock.ts";

const steps = 10;
/** Instances of the 10-step process; FLOWSTATE_MANY_INSTANCES=10000 for the long run. */
const instances = Number(process.env.FLOWSTATE_MANY_INSTANCES ?? 100);
const migrated = 40;
const processes = 3;
/** At most this many SIGKILLs (each process restarted right away). */
const maxKills = Number(process.env.FLOWSTATE_MANY_KILLS ?? 6);
/** How long the processes may take to complete every instance: the long run needs more. */
const runBudgetMs = Math.max(300_000, instances * 100);

// A sequence of ten automatic actions and a finalizer.
const tenSteps = automaticChain("many-ten", steps);

/**
 * Three runtime OS processes (worker, scheduler, migration executor each) on one database drive
 * instances of a 10-step automatic process, run a schedule ticking every second and a migration
 * run, while the test SIGKILLs a random one every few seconds (bounded) and restarts it: every
 * instance completes with each step exactly once and its history's seqs contiguous; each tick of
 * the schedule started exactly one instance; the migration run migrated each item exactly once.
 */
describe("many runtime processes on one database, killed and restarted", () => {
  const { t, processes: runtimes } = useCrashContext(
    "manyprocesses",
    tenSteps,
    "test/support/manyRuntime.ts",
  );
  const spawnRuntime = () => runtimes.spawn(t.url);

  it(
    `${processes} processes, ${instances} instances × ${steps} steps, a schedule and a migration run, SIGKILLs in between: nothing lost or doubled`,
    { timeout: runBudgetMs + 300_000 },
    async () => {
      // The migration: instances of v1 of a one-action process, moved to v2 by a run the processes execute.
      await publishModel(t.ctx, oneAction("many-mig"));
      const v1 = await t.db.prisma.version.findFirstOrThrow({ where: { process: { key: "many-mig" } } });
      const toMigrate: string[] = [];
      for (let i = 0; i < migrated; i++)
        toMigrate.push((await t.caller.instance.start({ processKey: "many-mig" })).instanceId);
      await publishModel(t.ctx, { ...oneAction("many-mig"), name: "many-mig v2" });
      const v2 = await t.db.prisma.version.findFirstOrThrow({
        where: { process: { key: "many-mig" }, number: 2 },
      });
      const { runId } = await t.caller.migration.create({
        plan: {
          processKey: "many-mig",
          sourceVersionIds: [v1.id],
          targetVersionId: v2.id,
          mapping: { [v1.id]: {} },
        },
      });
      await t.caller.migration.start({ runId });

      const ids: string[] = [];
      for (let i = 0; i < instances; i++)
        ids.push(
          (await startInstance(t.ctx.rt, { processKey: "many-ten", businessKey: `many-${i}` }, randomUUID()))
            .instanceId,
        );
      // The schedule: every second, while the processes run.
      // Published at the processes' time (the context's clock is manual): a per-second schedule's
      // ticks since a publish months back would be enumerated (`dueTicks`' week of look-back) first.
      await publishModel(
        { ...t.ctx, clock: systemClock },
        scheduledModel("many-tick", [{ cron: "* * * * * *" }]),
      );

      const t0 = Date.now();
      const started = new Map<ChildProcess, number>();
      const launch = () => started.set(spawnRuntime(), Date.now());
      for (let i = 0; i < processes; i++) launch();
      const completed = () => t.db.prisma.instance.count({ where: { id: { in: ids }, status: "completed" } });
      let kills = 0;
      // The chaos pace (every 250 ms until all completed): SIGKILL a random process once it has run
      // 1–3 s, and start a fresh one in its place; at most `maxKills` kills.
      await eventually(
        async () => {
          const done = await completed();
          const alive = [...runtimes.alive];
          const victim = alive[Math.floor(Math.random() * alive.length)];
          if (
            done < ids.length &&
            kills < maxKills &&
            victim &&
            Date.now() - (started.get(victim) ?? Date.now()) > 1000 + Math.random() * 2000
          ) {
            victim.kill("SIGKILL");
            kills++;
            launch();
          }
          return done;
        },
        (done) => done === ids.length,
        { timeout: runBudgetMs, interval: 250 },
      );
      const stepsDoneAt = Date.now();
      expect(kills).toBeGreaterThan(0);
      const run = await eventually(
        () => t.caller.migration.get({ runId }),
        (r) => r.status === "completed",
        120_000,
      );
      const runDoneAt = Date.now();
      runtimes.killAll();

      // Every instance: each action completed exactly once, history seqs contiguous from 1.
      const occurrences = await t.db.prisma.occurrence.groupBy({
        by: ["instanceId", "nodeId"],
        where: { instanceId: { in: ids }, status: "completed" },
        _count: { _all: true },
      });
      expect(occurrences).toHaveLength(instances * (steps + 1)); // the actions and the end
      expect(occurrences.every((o) => o._count._all === 1)).toBe(true);
      const records = await historyRecords(t.db, { instanceIds: ids });
      const seqs = new Map<string, number[]>();
      for (const r of records) seqs.set(r.instanceId, [...(seqs.get(r.instanceId) ?? []), r.seq]);
      expect(seqs.size).toBe(instances);
      for (const list of seqs.values()) {
        const distinct = [...new Set(list)].sort((a, b) => a - b);
        expect(distinct).toEqual(distinct.map((_, i) => i + 1));
      }

      // The schedule: one started instance per tick, no tick twice.
      const ticks = await t.db.prisma.scheduleTick.findMany({ where: { outcome: "started" } });
      expect(ticks.length).toBeGreaterThan(0);
      expect(new Set(ticks.map((k) => `${k.scheduleId}@${k.tickAt.toISOString()}`)).size).toBe(ticks.length);
      const tickInstances = await t.db.prisma.instance.findMany({
        where: { process: { key: "many-tick" } },
        select: { businessKey: true },
      });
      expect(tickInstances).toHaveLength(ticks.length);
      expect(new Set(tickInstances.map((i) => i.businessKey)).size).toBe(ticks.length);

      // The migration run: each item migrated exactly once.
      expect(run.progress).toMatchObject({ total: migrated, done: migrated, failed: 0, remaining: 0 });
      const perInstance = await recordsPerInstance(t.db, { instanceIds: toMigrate, type: "migrated" });
      expect(perInstance.size).toBe(migrated);
      expect([...perInstance.values()].every((n) => n === 1)).toBe(true);
      console.log(
        `many processes: ${kills} SIGKILLs, ${ticks.length} schedule ticks; steps done after ${stepsDoneAt - t0} ms, migration after ${runDoneAt - t0} ms`,
      );
    },
  );
});
