import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { scheduledModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import type { Database } from "../src/db/openDatabase.ts";
import { createRuntime } from "../src/createRuntime.ts";
import type { RunningRuntime } from "../src/createRuntime.ts";
import { Scheduler } from "../src/schedules/Scheduler.ts";
import type { TickOutcome } from "../src/schedules/Scheduler.ts";
import { eventually } from "./support/eventually.ts";

// Schedules on a manual clock with two runtimes (each with its own database pool, as two processes
// would have) polling the same PostgreSQL database at the same moments.

describe("schedules start instances exactly once per tick", () => {
  let t: TestContext;
  let db2: Database;
  let second: RunningRuntime;
  let schedulers: Scheduler[];
  const errors: unknown[] = [];

  /** Both runtimes poll at once, twice each. */
  const pollAll = async (processKey: string): Promise<TickOutcome[]> =>
    (await Promise.all([...schedulers, ...schedulers].map((s) => s.runOnce())))
      .flat()
      .filter((o) => o.processKey === processKey);
  const instancesOf = (processKey: string) =>
    t.db.prisma.instance.findMany({
      where: { process: { key: processKey } },
      orderBy: { startedAt: "asc" },
      select: { businessKey: true, variables: true, startedAt: true },
    });

  beforeAll(async () => {
    t = await createTestContext("schedules", new Date("2026-03-02T08:00:30Z"));
    db2 = await openDatabase({ kind: "postgres", url: t.url });
    second = await createRuntime({ db: db2, clock: t.clock, publicUrl: "http://127.0.0.1:9", worker: false });
    schedulers = [
      new Scheduler(t.runtime.rt, { onError: (e) => errors.push(e) }),
      new Scheduler(second.rt, { onError: (e) => errors.push(e) }),
    ];
  });
  afterAll(async () => {
    await second?.stop();
    await db2?.close();
    await t?.close();
  });

  it("two runtimes polling together start exactly one instance per tick, in the schedule's time zone", async () => {
    await publishModel(
      t.ctx,
      scheduledModel("every5", [
        { id: "every5", cron: "*/5 * * * *", timezone: "Europe/Brussels", variables: { source: "schedule" } },
      ]),
    );
    const started: TickOutcome[] = [];
    for (let i = 0; i < 12; i++) {
      t.clock.advance(5 * 60_000);
      const outcomes = await pollAll("every5");
      const now = outcomes.filter((o) => o.outcome === "started");
      expect(now).toHaveLength(1);
      started.push(...now);
      // The instance finishes at once (its business key is free again): the tick row alone keeps
      // another poll in this tick from starting a second one.
      await t.caller.instance.perform({
        instanceId: (now[0] as { instanceId: string }).instanceId,
        actionId: "go",
      });
      expect((await pollAll("every5")).filter((o) => o.outcome === "started")).toEqual([]);
    }
    const instances = await instancesOf("every5");
    expect(instances).toHaveLength(12);
    expect(instances.map((i) => i.businessKey)).toEqual(
      Array.from(
        { length: 12 },
        (_, k) => `every5@${new Date(Date.parse("2026-03-02T08:05:00Z") + k * 300_000).toISOString()}`,
      ),
    );
    expect(instances.every((i) => (i.variables as { source?: string }).source === "schedule")).toBe(true);
    expect(
      await t.db.prisma.scheduleTick.count({ where: { scheduleId: "every5", outcome: "started" } }),
    ).toBe(12);
    // Polling again within the same tick starts nothing.
    expect((await pollAll("every5")).filter((o) => o.outcome === "started")).toEqual([]);
  });

  it("skips ticks missed while no runtime ran (missed: skip), then runs the next on-time tick", async () => {
    const before = (await instancesOf("every5")).length;
    t.clock.advance(62 * 60_000); // 12 ticks pass unseen; the latest is 2 minutes old when seen
    const outcomes = await pollAll("every5");
    expect(outcomes.filter((o) => o.outcome === "skipped")).toEqual([expect.objectContaining({ ticks: 12 })]);
    expect(outcomes.filter((o) => o.outcome === "started")).toEqual([]);
    expect((await instancesOf("every5")).length).toBe(before);
    t.clock.advance(3 * 60_000);
    expect((await pollAll("every5")).filter((o) => o.outcome === "started")).toHaveLength(1);
    expect((await instancesOf("every5")).length).toBe(before + 1);
  });

  it("runs missed ticks once (missed: runOnce)", async () => {
    await publishModel(
      t.ctx,
      scheduledModel("catchup", [{ id: "hourly", cron: "0 * * * *", missed: "runOnce" }]),
    );
    t.clock.advance(5 * 3600_000);
    const outcomes = await pollAll("catchup");
    expect(outcomes.filter((o) => o.outcome === "started")).toEqual([expect.objectContaining({ ticks: 5 })]);
    expect(await instancesOf("catchup")).toHaveLength(1);
    expect((await pollAll("catchup")).filter((o) => o.outcome === "started")).toEqual([]);
  });

  it("starts only inside the schedule's business calendar, across a daylight-saving change", async () => {
    const office = {
      id: "office",
      name: "Office",
      timezone: "Europe/Brussels",
      weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: "08:00", to: "17:00" })),
      holidays: [],
    };
    t.clock.set(new Date("2026-03-26T12:00:00Z")); // Thursday
    await publishModel(
      t.ctx,
      scheduledModel(
        "mornings",
        [{ id: "nine", cron: "0 9 * * *", timezone: "Europe/Brussels", calendar: "office" }],
        { calendars: [office] },
      ),
    );
    for (const day of ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"]) {
      // Just after 09:00 in Brussels: 08:00Z before the switch to summer time on 29 March, 07:00Z after.
      t.clock.set(new Date(`${day}T${day < "2026-03-29" ? "08" : "07"}:00:10Z`));
      await pollAll("mornings");
    }
    const instances = await instancesOf("mornings");
    // Friday and Monday; the weekend's ticks are outside the calendar.
    expect(instances.map((i) => i.businessKey)).toEqual([
      "nine@2026-03-27T08:00:00.000Z",
      "nine@2026-03-30T07:00:00.000Z",
    ]);
  });

  it("reports a schedule whose cron croner cannot read and keeps running the others", async () => {
    errors.length = 0;
    await publishModel(t.ctx, scheduledModel("broken", [{ id: "bad", cron: "99 * * * *" }]));
    t.clock.advance(5 * 60_000);
    await pollAll("every5");
    expect(errors.map(String).some((e) => e.includes(`schedule "bad" of "broken"`))).toBe(true);
    expect((await pollAll("every5")).length).toBe(0);
    expect(await t.db.prisma.scheduleTick.count({ where: { scheduleId: "bad" } })).toBe(0);
  });

  it("runs by itself in every runtime that has a worker", async () => {
    const looping = await createRuntime({
      db: db2,
      clock: t.clock,
      publicUrl: "http://127.0.0.1:9",
      worker: true,
      schedulerPollMs: 50,
    });
    try {
      const before = (await instancesOf("every5")).length;
      t.clock.advance(5 * 60_000);
      await eventually(
        async () => (await instancesOf("every5")).length,
        (n) => n > before,
      );
      expect((await instancesOf("every5")).length).toBe(before + 1);
    } finally {
      await looping.stop();
    }
  });
});
