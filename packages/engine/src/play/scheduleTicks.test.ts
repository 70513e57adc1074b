import { ModelBuilder, parseModel } from "@flowstate/model";
import type { CalendarInput, ProcessModel, ScheduleInput } from "@flowstate/model";
import { describe, expect, it } from "vitest";
import { dueTicks } from "../time/scheduleTicker";
import { findDeadEnds } from "./findDeadEnds";
import { nextPlayTime, playInstance, playInstanceCount, playStep, runScenario, startPlay } from "./play";
import type { PlayFrame } from "./play";
import { MAX_TICKS_PER_MOVE, nextScheduleTick, scheduleTicksBetween } from "./scheduleTicks";

const office: CalendarInput = {
  id: "office",
  name: "Office hours",
  timezone: "Europe/Brussels",
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: "09:00", to: "17:00" })),
};

/** One state: `handle` (manual) ends the instance; `remind` (automatic) runs 30 minutes after the start. */
function scheduled(schedules: ScheduleInput[]): ProcessModel {
  const doc = new ModelBuilder("ticket", "Ticket")
    .calendar(office)
    .state("S", "S", { initial: true })
    .manual("handle")
    .action("remind", "remind", { mode: "automatic", handler: "h.remind", delay: "PT30M" })
    .finalizer("done", "done", { outcome: "succeeded" })
    .flow("handle", "done")
    .build();
  const parsed = parseModel({ ...doc, schedules });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return parsed.model;
}

const hourly = scheduled([{ id: "hourly", cron: "0 * * * *", variables: { source: "schedule" } }]);

function started(model: ProcessModel): PlayFrame {
  const s = startPlay(model);
  if (!s.ok) throw new Error(s.problem.message);
  return s.frame;
}

function move(model: ProcessModel, frame: PlayFrame, clock: string): PlayFrame {
  const moved = playStep(model, frame, { clock });
  if (!moved.ok) throw new Error(moved.problem.message);
  return moved.frame;
}

describe("schedules in play", () => {
  it("an hourly schedule starts 24 instances in a day, in tick order, with the schedule's variables", () => {
    const frame = move(hourly, started(hourly), "P1D");
    expect(playInstanceCount(frame)).toBe(25);
    const ticks = frame.instances!.map((i) => i.schedule.tickAt);
    expect(ticks[0]).toBe("2027-01-04T10:00:00.000Z");
    expect(ticks.at(-1)).toBe("2027-01-05T09:00:00.000Z");
    expect([...ticks].sort()).toEqual(ticks);
    const second = playInstance(frame, 2)!;
    expect(second.variables).toEqual({ source: "schedule" });
    expect(second.businessKey).toBe("hourly@2027-01-04T10:00:00.000Z");
    expect(second.instanceId).toBe("play-2");
    // every instance's timers fired at their due time: all but the last instance's reminder run
    const remind = (n: number) => Object.values(playInstance(frame, n)!.occurrences)[0]?.status;
    expect(remind(1)).toBe("running");
    expect(remind(2)).toBe("running");
    expect(remind(25)).toBe("scheduled");
    expect(frame.now).toBe("2027-01-05T09:00:00.000Z");
    expect(frame.notes).toBeUndefined();
  });

  it("a schedule with a business calendar fires only inside its windows", () => {
    const model = scheduled([{ id: "office-hourly", cron: "0 * * * *", calendar: "office" }]);
    // Monday 4 January 2027 09:00 UTC (10:00 in Brussels) to Thursday 09:00 UTC
    const frame = move(model, started(model), "P3D");
    const ticks = frame.instances!.map((i) => i.schedule.tickAt);
    // 09:00…16:00 Brussels (08:00…15:00 UTC) each day; 17:00 ends the window
    expect(ticks).toEqual([
      ...[10, 11, 12, 13, 14, 15].map((h) => `2027-01-04T${h}:00:00.000Z`),
      "2027-01-05T08:00:00.000Z",
      ...[9, 10, 11, 12, 13, 14, 15].map((h) => `2027-01-05T${String(h).padStart(2, "0")}:00:00.000Z`),
      "2027-01-06T08:00:00.000Z",
      ...[9, 10, 11, 12, 13, 14, 15].map((h) => `2027-01-06T${String(h).padStart(2, "0")}:00:00.000Z`),
      "2027-01-07T08:00:00.000Z",
      "2027-01-07T09:00:00.000Z",
    ]);
  });

  it("a weekend is skipped by a calendar-limited schedule", () => {
    const model = scheduled([{ id: "office-hourly", cron: "0 * * * *", calendar: "office" }]);
    const s = startPlay(model, { start: "2027-01-08T16:30:00.000Z" }); // Friday 17:30 in Brussels
    if (!s.ok) throw new Error(s.problem.message);
    expect(nextScheduleTick(model, s.frame.now)).toEqual({
      scheduleId: "office-hourly",
      at: "2027-01-11T08:00:00.000Z", // Monday 09:00 in Brussels
    });
    const frame = move(model, s.frame, "P2D");
    expect(playInstanceCount(frame)).toBe(1);
  });

  it("cron times are read in the schedule's time zone", () => {
    const model = scheduled([{ id: "nightly", cron: "0 2 * * *", timezone: "America/New_York" }]);
    const frame = move(model, started(model), "P2D");
    expect(frame.instances!.map((i) => i.schedule.tickAt)).toEqual([
      "2027-01-05T07:00:00.000Z",
      "2027-01-06T07:00:00.000Z",
    ]);
  });

  it("at most 100 ticks per schedule and clock move start instances, and the cap is said in words", () => {
    const model = scheduled([{ id: "everyMinute", cron: "* * * * *" }]);
    const frame = move(model, started(model), "P1D");
    expect(MAX_TICKS_PER_MOVE).toBe(100);
    expect(playInstanceCount(frame)).toBe(101);
    expect(frame.notes).toEqual([
      "schedule everyMinute fell due more than 100 times in one clock move: only the first 100 started instances",
    ]);
    expect(frame.now).toBe("2027-01-05T09:00:00.000Z");
    expect(scheduleTicksBetween(model, frame.now, "2027-01-05T09:05:00.000Z").ticks).toHaveLength(5);
  });

  it("'to the next due timer' also stops at the next schedule tick", () => {
    const model = scheduled([{ id: "quarter", cron: "*/15 * * * *" }]);
    const frame = started(model);
    expect(nextPlayTime(model, frame)).toEqual({
      at: "2027-01-04T09:15:00.000Z",
      kind: "schedule",
      scheduleId: "quarter",
    });
    const next = move(model, frame, "next");
    expect(next.now).toBe("2027-01-04T09:15:00.000Z");
    expect(playInstanceCount(next)).toBe(2);
    // then the first instance's reminder and the next tick, both at 09:30: the timer fires, then the tick starts one
    const after = move(model, next, "next");
    expect(after.now).toBe("2027-01-04T09:30:00.000Z");
    expect(playInstanceCount(after)).toBe(3);
    expect(Object.values(after.state.occurrences)[0]?.status).toBe("running");
  });

  it("scenarios target instances and expect how many started and their statuses", () => {
    const result = runScenario(hourly, {
      name: "handle the second scheduled ticket",
      steps: [
        { clock: "PT2H", expect: { instances: 3 } },
        { perform: "handle", instance: 3, expect: { status: "completed" } },
        { expect: { instance: 2, status: "running", variables: { source: "schedule" } } },
        { expect: { instances: ["running", "running", "completed"] } },
      ],
    });
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.coverage.actions).toContain("handle");

    const wrong = runScenario(hourly, {
      name: "a ticket too many",
      steps: [
        { clock: "PT1H", expect: { instances: 3 } },
        { perform: "handle", instance: 4 },
      ],
    });
    expect(wrong.failure).toMatchObject({
      stepIndex: 0,
      field: "instances",
      message: "expected 3 instances started, got 2",
    });
    const missing = runScenario(hourly, { name: "missing", steps: [{ perform: "handle", instance: 4 }] });
    expect(missing.failure).toMatchObject({ stepIndex: 0, actual: "NO_INSTANCE" });
    expect(missing.failure?.message).toContain("in instance 4");
  });

  it("the dead-end search keeps to the first instance and ignores schedules", () => {
    const search = findDeadEnds(hourly);
    expect(search.complete).toBe(true);
    expect(search.explored).toBeLessThan(10);
  });

  it("the runtime's due ticks and play's ticks come from the same rule", () => {
    const model = scheduled([{ id: "office-hourly", cron: "0 * * * *", calendar: "office" }]);
    const between = scheduleTicksBetween(model, "2027-01-04T09:00:00.000Z", "2027-01-07T09:00:00.000Z");
    const due = dueTicks(
      model.schedules![0]!,
      model.calendars,
      new Date("2027-01-04T09:00:00.000Z"),
      new Date("2027-01-07T09:00:00.000Z"),
    );
    expect(due.count).toBe(between.ticks.length);
    expect(due.latest?.toISOString()).toBe(between.ticks.at(-1)?.at);
  });
});
