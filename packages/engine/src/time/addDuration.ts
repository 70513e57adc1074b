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
  const start = epochMillis(iso);
  if (Number.isNaN(start)) return undefined;
  const end = start + Math.round(ms);
  return Number.isFinite(end) && Math.abs(end) <= MAX_EPOCH_MS ? new Date(end).toISOString() : undefined;
}

/** An ISO-8601 duration in milliseconds (months as 30 days, years as 365); 0 when invalid. */
export function durationMillis(duration: string): number {
  const d = Duration.fromISO(duration);
  return d.isValid ? d.toMillis() : 0;
}

const MAX_EPOCH_MS = 8.64e15;
// An ISO-8601 date-time with an explicit zone (Z or ±hh:mm); the form every time in a state has.
const ISO_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Milliseconds since the epoch of an ISO-8601 date-time with a zone (`Z` or `±hh:mm`); `NaN` when
 * it is not one (a local time without zone would depend on the machine's zone: rejected).
 * A fast path over `Date.parse` for the strict form, which every engine time has.
 */
export function epochMillis(iso: string): number {
  if (!ISO_DATE_TIME.test(iso)) return Number.NaN;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return Number.NaN;
  // Date.parse rolls impossible days over (Feb 30 → Mar 2): check the calendar date survived.
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const check = new Date(Date.UTC(y, m - 1, d));
  return check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? ms : Number.NaN;
}

/** Normalises an ISO-8601 date-time with zone to UTC with milliseconds (`2027-01-04T08:00:00.000Z`); `undefined` when invalid. */
export function normalizeTime(iso: string): string | undefined {
  if (
    iso.length === 24 &&
    iso.endsWith("Z") &&
    iso[10] === "T" &&
    iso[19] === "." &&
    !Number.isNaN(epochMillis(iso))
  )
    return iso;
  const ms = epochMillis(iso);
  return Number.isNaN(ms) || Math.abs(ms) > MAX_EPOCH_MS ? undefined : new Date(ms).toISOString();
}
