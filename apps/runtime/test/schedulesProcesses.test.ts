import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { scheduledModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import type { TickOutcome } from "../src/schedules/Scheduler.ts";
import { eventually } from "./support/eventually.ts";

// Issue 9's acceptance: schedules with TWO runtime OS processes (test/support/scheduleProcess.ts)
// sharing one PostgreSQL database and one fake clock (a file both read; the test advances it).
// Each process runs its own scheduler loop every 25 ms, and the test also makes both poll at the
// same moment over IPC. Exactly one instance per tick; missed ticks while both were down follow
// each schedule's policy (skip / runOnce), once.

interface RuntimeProcess {
  child: ChildProcess;
  output: () => string;
  poll(): Promise<TickOutcome[]>;
  stop(): Promise<void>;
}

describe("schedules across two runtime processes with one fake clock", () => {
  let t: TestContext;
  let dir: string;
  let clockFile: string;
  let processes: RuntimeProcess[] = [];
  const ipcStarted: TickOutcome[] = [];

  /** Moves the shared clock (the test's and, through the file, both processes'). */
  const setClock = (at: Date) => {
    t.clock.set(at);
    writeFileSync(`${clockFile}.next`, at.toISOString());
    renameSync(`${clockFile}.next`, clockFile);
  };
  const advance = (ms: number) => setClock(new Date(t.clock.now().getTime() + ms));

  const startProcess = async (): Promise<RuntimeProcess> => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/scheduleProcess.ts"], {
      cwd: path.resolve(import.meta.dirname, ".."),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        DATABASE_URL: t.url,
        FLOWSTATE_TEST_CLOCK_FILE: clockFile,
      },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`runtime process not ready:\n${out}`)), 60_000);
      child.on("message", (m: { type: string }) => {
        if (m.type === "ready") {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`runtime process exited:\n${out}`)));
    });
    let next = 0;
    return {
      child,
      output: () => out,
      poll: () =>
        new Promise<TickOutcome[]>((resolve) => {
          const id = ++next;
          const onMessage = (m: { type: string; id: number; outcomes: TickOutcome[] }) => {
            if (m.type !== "polled" || m.id !== id) return;
            child.off("message", onMessage);
            resolve(m.outcomes);
          };
          child.on("message", onMessage);
          child.send({ type: "poll", id });
        }),
      async stop() {
        if (child.exitCode === null) child.kill("SIGTERM");
        await exited;
      },
    };
  };

  /** Both processes poll at the same moment, twice each (on top of their own loops). */
  const pollBoth = async (processKey: string) => {
    const outcomes = (await Promise.all([...processes, ...processes].map((p) => p.poll())))
      .flat()
      .filter((o) => o.processKey === processKey);
    ipcStarted.push(...outcomes.filter((o) => o.outcome === "started"));
    return outcomes;
  };
  const instancesOf = (processKey: string) =>
    t.db.prisma.instance.findMany({
      where: { process: { key: processKey } },
      orderBy: { startedAt: "asc" },
      select: { id: true, businessKey: true, status: true },
    });
  const ticksOf = (scheduleId: string) =>
    t.db.prisma.scheduleTick.findMany({
      where: { scheduleId },
      orderBy: { tickAt: "asc" },
      select: { tickAt: true, outcome: true, ticks: true, instanceId: true },
    });

  beforeAll(async () => {
    t = await createTestContext("schedules_processes", new Date("2026-03-02T08:00:30Z")); // no worker here: only the two processes schedule
    dir = mkdtempSync(path.join(os.tmpdir(), "flowstate-clock-"));
    clockFile = path.join(dir, "now");
    setClock(t.clock.now());
    await publishModel(
      t.ctx,
      scheduledModel("every5", [
        { id: "every5", cron: "*/5 * * * *", timezone: "Europe/Brussels", missed: "skip" },
      ]),
    );
    processes = await Promise.all([startProcess(), startProcess()]);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("starts exactly one instance per tick while both processes poll the same clock", async () => {
    expect(new Set(processes.map((p) => p.child.pid)).size).toBe(2);
    const ticks = 8;
    for (let i = 1; i <= ticks; i++) {
      advance(5 * 60_000);
      const tick = new Date(Date.parse("2026-03-02T08:00:00Z") + i * 300_000).toISOString();
      await pollBoth("every5");
      const [started] = await eventually(
        async () => (await instancesOf("every5")).filter((x) => x.businessKey === `every5@${tick}`),
        (found) => found.length > 0,
      );
      expect(started, `tick ${tick}`).toBeDefined();
      // Finished at once (its business key is free again): only the tick row keeps another poll
      // of this tick, in either process, from starting a second instance.
      await t.caller.instance.perform({ instanceId: started!.id, actionId: "go" });
      await pollBoth("every5"); // both processes poll this tick again at the same moment (their loops, too)
      expect(
        (await instancesOf("every5")).filter((x) => x.businessKey === `every5@${tick}`),
        `tick ${tick}`,
      ).toHaveLength(1);
    }
    const instances = await instancesOf("every5");
    expect(instances.map((x) => x.businessKey)).toEqual(
      Array.from(
        { length: ticks },
        (_, k) => `every5@${new Date(Date.parse("2026-03-02T08:05:00Z") + k * 300_000).toISOString()}`,
      ),
    );
    const rows = await ticksOf("every5");
    expect(rows).toHaveLength(ticks);
    expect(rows.every((r) => r.outcome === "started" && r.ticks === 1)).toBe(true);
    expect(rows.map((r) => r.instanceId).sort()).toEqual(instances.map((x) => x.id).sort());
    // The IPC polls never both claimed a tick (the loops may have taken some first).
    expect(new Set(ipcStarted.map((o) => o.tickAt)).size).toBe(ipcStarted.length);
    for (const p of processes) expect(p.output()).not.toContain("scheduler error");
  });

  it("after both processes were down, missed ticks are skipped (missed: skip) or run once (missed: runOnce), exactly once", async () => {
    await Promise.all(processes.map((p) => p.stop()));
    processes = [];
    const downAt = t.clock.now(); // 08:40:30
    await publishModel(
      t.ctx,
      scheduledModel("catchup", [{ id: "hourly", cron: "0 * * * *", missed: "runOnce" }]),
    );
    const every5Before = (await instancesOf("every5")).length;
    advance(5 * 3600_000 + 2 * 60_000); // 13:42:30: every5's 13:40 tick is 2.5 min old, catchup's 13:00 is late
    expect(downAt.toISOString()).toBe("2026-03-02T08:40:30.000Z");

    processes = await Promise.all([startProcess(), startProcess()]);
    await pollBoth("every5");
    await pollBoth("catchup");
    const skipped = await eventually(
      () => ticksOf("every5"),
      (rows) => rows.some((r) => r.outcome === "skipped"),
    );
    expect(skipped.filter((r) => r.outcome === "skipped")).toEqual([
      { tickAt: new Date("2026-03-02T13:40:00Z"), outcome: "skipped", ticks: 60, instanceId: null },
    ]);
    expect((await instancesOf("every5")).length).toBe(every5Before);
    const caught = await eventually(
      () => ticksOf("hourly"),
      (rows) => rows.length > 0,
    );
    expect(caught).toEqual([
      {
        tickAt: new Date("2026-03-02T13:00:00Z"),
        outcome: "started",
        ticks: 5,
        instanceId: expect.any(String),
      },
    ]);
    const catchup = await instancesOf("catchup");
    expect(catchup.map((x) => x.businessKey)).toEqual(["hourly@2026-03-02T13:00:00.000Z"]);

    // More polls from both change nothing; the next on-time tick starts once.
    await pollBoth("every5");
    await pollBoth("catchup");
    expect(await ticksOf("hourly")).toHaveLength(1);
    expect((await ticksOf("every5")).filter((r) => r.outcome === "skipped")).toHaveLength(1);
    advance(2.5 * 60_000); // 13:45:00
    await pollBoth("every5");
    const next = await eventually(
      async () =>
        (await instancesOf("every5")).filter((x) => x.businessKey === "every5@2026-03-02T13:45:00.000Z"),
      (f) => f.length > 0,
    );
    await pollBoth("every5");
    expect(next).toHaveLength(1);
    expect(
      (await instancesOf("every5")).filter((x) => x.businessKey === "every5@2026-03-02T13:45:00.000Z"),
    ).toHaveLength(1);
    expect((await instancesOf("every5")).length).toBe(every5Before + 1);
    for (const p of processes) expect(p.output()).not.toContain("scheduler error");
  });
});
