import { DateTime, Duration } from "luxon";

/**
 * `iso` plus an ISO-8601 `duration`, as a UTC ISO-8601 string with milliseconds. Calendar units
 * (years, months, days, weeks) are added in `zone` (an IANA zone; default UTC), so `P1D` across a
 * daylight-saving change keeps the local time of day. `undefined` when either text is invalid.
 */
export function addDuration(iso: string, duration: string, zone = "UTC"): string | undefined {
  const start = DateTime.fromISO(iso, { zone: "utc" });
  const d = Duration.fromISO(duration);
  if (!start.isValid || !d.isValid) return undefined;
  const end = start.setZone(zone).plus(d).toUTC();
  return end.isValid ? (end.toISO() ?? undefined) : undefined;
}

/** `iso` plus `ms` milliseconds, as a UTC ISO-8601 string; `undefined` when `iso` is invalid. */
export function addMillis(iso: string, ms: number): string | undefined {
  const start = DateTime.fromISO(iso, { zone: "utc" });
  if (!start.isValid) return undefined;
  return start.plus({ milliseconds: Math.round(ms) }).toISO() ?? undefined;
}

/** An ISO-8601 duration in milliseconds (months as 30 days, years as 365); 0 when invalid. */
export function durationMillis(duration: string): number {
  const d = Duration.fromISO(duration);
  return d.isValid ? d.toMillis() : 0;
}

/** Milliseconds since the epoch of an ISO-8601 time; `NaN` when invalid. */
export function epochMillis(iso: string): number {
  const t = DateTime.fromISO(iso, { zone: "utc" });
  return t.isValid ? t.toMillis() : Number.NaN;
}

/** Normalises an ISO-8601 time to UTC with milliseconds (`2027-01-04T08:00:00.000Z`); `undefined` when invalid. */
export function normalizeTime(iso: string): string | undefined {
  const t = DateTime.fromISO(iso, { zone: "utc" });
  return t.isValid ? (t.toISO() ?? undefined) : undefined;
}
