import {
  dateTimeText,
  nextPlayTime,
  nextScheduleTick,
  playInstance,
  playInstanceCount,
} from "@flowstate/engine";
import type { PlayFrame } from "@flowstate/engine";
import type { ProcessModel, Schedule } from "@flowstate/model";

const two = (n: number) => String(n).padStart(2, "0");

/** A play time for people, in the one format of the app: "2027-01-05 02:00 UTC". */
export function playTimeWords(iso: string): string {
  return dateTimeText(iso);
}

const WEEKDAYS: Record<string, string> = {
  "1-5": "Monday to Friday",
  "MON-FRI": "Monday to Friday",
  "0,6": "weekends",
  "6,0": "weekends",
  "SAT,SUN": "weekends",
};

/**
 * A cron expression in words for the common shapes ("every hour", "every 15 minutes", "every day at
 * 02:00", "at 09:30, Monday to Friday"), else the expression itself; with its time zone unless UTC.
 */
export function cronWords(cron: string, timezone = "UTC"): string {
  const fields = cron.trim().split(/\s+/);
  const [min, hour, dom, month, dow] = fields.length === 6 ? fields.slice(1) : fields;
  const zone = timezone === "UTC" ? "" : ` (${timezone})`;
  const plainDate = dom === "*" && month === "*";
  const days = dow === "*" || dow === "?" ? "" : (WEEKDAYS[dow!.toUpperCase()] ?? undefined);
  let words: string | undefined;
  if (fields.length === 5 && plainDate && days !== undefined) {
    const suffix = days ? `, ${days}` : "";
    if (min === "*" && hour === "*") words = `every minute${suffix}`;
    else if (/^\*\/\d+$/.test(min!) && hour === "*") words = `every ${min!.slice(2)} minutes${suffix}`;
    else if (/^\d+$/.test(min!) && hour === "*")
      words = min === "0" ? `every hour${suffix}` : `every hour at minute ${min}${suffix}`;
    else if (/^\d+$/.test(min!) && /^\d+$/.test(hour!))
      words = `${days ? "at" : "every day at"} ${two(Number(hour))}:${two(Number(min))}${suffix}`;
  }
  return `${words ?? `cron ${cron}`}${zone}`;
}

/** How a schedule reads for people: its cron in words. */
export function scheduleWords(schedule: Pick<Schedule, "cron" | "timezone">): string {
  return cronWords(schedule.cron, schedule.timezone);
}

/** One play instance as the switcher shows it. */
export interface PlayInstanceRow {
  /** 1-based: 1 is the one the analyst starts, then one per schedule tick. */
  number: number;
  /** "started by you" or "schedule every hour, Tue 5 Jan 02:00 UTC". */
  origin: string;
  status: string;
  stateName: string;
}

/** The play's instances at `frame`, in the order they started. */
export function playInstanceRows(model: ProcessModel, frame: PlayFrame): PlayInstanceRow[] {
  const stateName = (id: string) => model.states.find((s) => s.id === id)?.name ?? id;
  return Array.from({ length: playInstanceCount(frame) }, (_, i) => {
    const n = i + 1;
    const state = playInstance(frame, n)!;
    const started = n === 1 ? undefined : frame.instances?.[n - 2]?.schedule;
    const schedule = started && model.schedules?.find((s) => s.id === started.id);
    return {
      number: n,
      origin: started
        ? `schedule ${schedule ? scheduleWords(schedule) : "no longer in the draft"}, ${playTimeWords(started.tickAt)}`
        : "started by you",
      status: state.status,
      stateName: stateName(state.current.stateId),
    };
  });
}

/**
 * The clock's next stop in words: `text` short for the play bar ("next tick Thu 7 Jan 02:00 UTC",
 * "next timer …"), `title` with the schedule's cron in words.
 */
export function nextStopWords(
  model: ProcessModel,
  frame: PlayFrame,
): { text: string; title: string } | undefined {
  const next = nextPlayTime(model, frame);
  if (!next) return undefined;
  const when = playTimeWords(next.at);
  if (next.kind === "timer") return { text: `next timer ${when}`, title: `next due timer ${when}` };
  const schedule = model.schedules?.find((s) => s.id === next.scheduleId);
  return {
    text: `next tick ${when}`,
    title: `next schedule tick ${when}${schedule ? ` (${scheduleWords(schedule)})` : ""}`,
  };
}

/** The next schedule tick in words (short for the play bar, and with the cron in words), if any. */
export function nextTickWords(
  model: ProcessModel,
  frame: PlayFrame,
): { text: string; title: string } | undefined {
  const tick = nextScheduleTick(model, frame.now);
  if (!tick) return undefined;
  const when = playTimeWords(tick.at);
  const schedule = model.schedules?.find((s) => s.id === tick.scheduleId);
  return {
    text: `next tick ${when}`,
    title: `next schedule tick ${when}${schedule ? ` (${scheduleWords(schedule)})` : ""}`,
  };
}
