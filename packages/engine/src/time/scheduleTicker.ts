import { Cron } from "croner";
import type { Calendar, Schedule } from "@flowstate/model";
import { nextCalendarTime } from "./nextCalendarTime";

/**
 * A schedule's ticks: `next(after)` is the first cron time strictly after `after`, read in the
 * schedule's time zone (croner; daylight-saving changes included); `inCalendar(t)` says whether a
 * tick counts (with a business calendar, only ticks inside its windows do). THE tick rule: the
 * runtime's `Scheduler` (via `dueTicks`) and play (`scheduleTicksBetween`) both use it. Pure:
 * every date is an argument (croner is only asked for runs after a given date).
 */
export function scheduleTicker(
  schedule: Pick<Schedule, "cron" | "timezone" | "calendar">,
  calendars: readonly Calendar[],
): { next(after: Date): Date | undefined; inCalendar(t: Date): boolean } {
  const cron = new Cron(schedule.cron, { timezone: schedule.timezone ?? "UTC", paused: true });
  const calendar = schedule.calendar ? calendars.find((c) => c.id === schedule.calendar) : undefined;
  if (schedule.calendar && !calendar) throw new Error(`calendar "${schedule.calendar}" does not exist`);
  return {
    next: (after) => cron.nextRun(after) ?? undefined,
    inCalendar: (t) => !calendar || Date.parse(nextCalendarTime(calendar, t.toISOString())) === t.getTime(),
  };
}

/** Missed ticks are enumerated at most this far back (older ones are only skipped over). */
const lookBackMs = 7 * 24 * 3600_000;
const maxEnumerated = 5_000;

/**
 * The schedule's ticks in (after, now]: how many, and the latest (the runtime's `Scheduler`).
 * Enumerates at most `lookBackMs` back, and about 2 × `maxEnumerated` ticks; older or jumped-over
 * ticks count as one.
 */
export function dueTicks(
  schedule: Pick<Schedule, "cron" | "timezone" | "calendar">,
  calendars: readonly Calendar[],
  after: Date,
  now: Date,
): { count: number; latest: Date | undefined } {
  const ticker = scheduleTicker(schedule, calendars);
  let count = 0;
  let latest: Date | undefined;
  let from = after;
  const horizon = new Date(now.getTime() - lookBackMs);
  if (from < horizon) {
    const first = ticker.next(from);
    if (first && first <= horizon) count++;
    from = horizon;
  }
  // A dense schedule (every second) left alone for days has hundreds of thousands of ticks: after
  // `maxEnumerated` of them, jump to as far before `now` as those took, counting the stretch jumped
  // over as one (like ticks before the horizon), so a poll never walks more than twice that many.
  let enumerated = 0;
  let jumped = false;
  for (let t = ticker.next(from); t && t <= now; t = ticker.next(t)) {
    if (++enumerated === maxEnumerated && !jumped) {
      const span = t.getTime() - from.getTime();
      const resume = new Date(now.getTime() - span);
      if (resume > t) {
        jumped = true;
        count++;
        t = resume;
        continue;
      }
    }
    if (!ticker.inCalendar(t)) continue;
    count++;
    latest = t;
  }
  return { count: latest ? count : 0, latest };
}
