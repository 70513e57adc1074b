import type { Calendar, Schedule } from "@flowstate/model";
import { scheduleTicker } from "../time/scheduleTicker";

/** One tick of one schedule, as play starts an instance for it. */
export interface ScheduleTick {
  scheduleId: string;
  /** ISO-8601 UTC time of the tick. */
  at: string;
}

/** Ticks play starts per schedule and clock move at most (`scheduleTicksBetween`). */
export const MAX_TICKS_PER_MOVE = 100;

/** Cron times walked (inside and outside the calendar) per schedule and clock move at most. */
const MAX_WALKED = 100_000;

/**
 * Every tick of the model's schedules in (from, to], in time order (ties in the order of
 * `schedules`), at most `cap` per schedule; `capped` names each schedule that had more (its later
 * ticks in the window are dropped) in words. Pure.
 */
export function scheduleTicksBetween(
  model: { schedules?: readonly Schedule[] | undefined; calendars?: readonly Calendar[] | undefined },
  from: string,
  to: string,
  cap: number = MAX_TICKS_PER_MOVE,
): { ticks: ScheduleTick[]; capped: string[] } {
  const ticks: (ScheduleTick & { order: number; ms: number })[] = [];
  const capped: string[] = [];
  const end = new Date(to);
  for (const [order, schedule] of (model.schedules ?? []).entries()) {
    const ticker = scheduleTicker(schedule, model.calendars ?? []);
    let taken = 0;
    let walked = 0;
    for (let t = ticker.next(new Date(from)); t && t <= end; t = ticker.next(t)) {
      if (++walked > MAX_WALKED) break;
      if (!ticker.inCalendar(t)) continue;
      if (taken === cap) {
        capped.push(
          `schedule ${schedule.id} fell due more than ${cap} times in one clock move: only the first ${cap} started instances`,
        );
        break;
      }
      taken++;
      ticks.push({ scheduleId: schedule.id, at: t.toISOString(), order, ms: t.getTime() });
    }
  }
  ticks.sort((a, b) => a.ms - b.ms || a.order - b.order);
  return { ticks: ticks.map(({ scheduleId, at }) => ({ scheduleId, at })), capped };
}

/** The first tick of any of the model's schedules after `after` (within a year), if any. */
export function nextScheduleTick(
  model: { schedules?: readonly Schedule[] | undefined; calendars?: readonly Calendar[] | undefined },
  after: string,
): ScheduleTick | undefined {
  let best: (ScheduleTick & { ms: number }) | undefined;
  const limit = Date.parse(after) + 366 * 86_400_000;
  for (const schedule of model.schedules ?? []) {
    const ticker = scheduleTicker(schedule, model.calendars ?? []);
    let walked = 0;
    for (let t = ticker.next(new Date(after)); t && t.getTime() <= limit; t = ticker.next(t)) {
      if (++walked > MAX_WALKED || (best && t.getTime() >= best.ms)) break;
      if (!ticker.inCalendar(t)) continue;
      best = { scheduleId: schedule.id, at: t.toISOString(), ms: t.getTime() };
      break;
    }
  }
  return best ? { scheduleId: best.scheduleId, at: best.at } : undefined;
}
