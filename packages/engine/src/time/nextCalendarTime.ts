import type { Calendar } from "@flowstate/model";
import { DateTime } from "luxon";

const SEARCH_DAYS = 800;

function localTime(day: DateTime, hhmm: string, zone: string): DateTime {
  if (hhmm === "24:00") return day.plus({ days: 1 }).startOf("day");
  const [h, m] = hhmm.split(":").map(Number);
  // A time inside a daylight-saving gap does not exist; luxon moves it forward by the gap.
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: h ?? 0, minute: m ?? 0 },
    { zone },
  );
}

/**
 * The first moment ≥ `iso` inside one of the calendar's weekly windows (local times in its IANA
 * time zone, `from` inclusive, `to` exclusive), skipping holidays (local dates). Returns a UTC
 * ISO-8601 string. Daylight-saving changes are handled by luxon: a window start inside a gap moves
 * forward. A calendar with no reachable window within ~2 years leaves `iso` unchanged.
 */
export function nextCalendarTime(calendar: Calendar, iso: string): string {
  const zone = calendar.timezone;
  const t = DateTime.fromISO(iso, { zone: "utc" }).setZone(zone);
  if (!t.isValid) return iso;
  const holidays = new Set(calendar.holidays);
  const byDay = new Map<number, { from: string; to: string }[]>();
  for (const w of calendar.weekly) {
    const list = byDay.get(w.day) ?? [];
    list.push(w);
    byDay.set(w.day, list);
  }
  for (const list of byDay.values()) list.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let day = t.startOf("day");
  for (let i = 0; i < SEARCH_DAYS; i++) {
    if (!holidays.has(day.toISODate() ?? "")) {
      for (const w of byDay.get(day.weekday) ?? []) {
        const start = localTime(day, w.from, zone);
        const end = localTime(day, w.to, zone);
        if (t < end && start < end) return (t > start ? t : start).toUTC().toISO() ?? iso;
      }
    }
    day = day.plus({ days: 1 }).startOf("day");
  }
  return iso;
}
