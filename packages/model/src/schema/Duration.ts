import { z } from "zod";

/**
 * ISO-8601 duration as used by delays and backoff: `PnYnMnWnDTnHnMnS` (seconds may carry a
 * fraction, `P1W` stands alone). At least one component must be present; `P` and `PT` alone are
 * rejected.
 */
const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The components of an ISO-8601 duration. Calendar units (years, months) are kept apart from fixed ones. */
export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Parses an ISO-8601 duration into its parts; `undefined` when the text is not one. Never throws. */
export function parseDuration(text: string): DurationParts | undefined {
  const m = ISO_DURATION.exec(text);
  if (!m) return undefined;
  const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s));
  return {
    years: n(m[1]),
    months: n(m[2]),
    weeks: n(m[3]),
    days: n(m[4]),
    hours: n(m[5]),
    minutes: n(m[6]),
    seconds: n(m[7]),
  };
}

/** True when the duration is well formed and every component is zero (`PT0S`, `P0D`): no wait at all. */
export function isZeroDuration(text: string): boolean {
  const parts = parseDuration(text);
  return parts !== undefined && Object.values(parts).every((v) => v === 0);
}

/** An ISO-8601 duration string, e.g. `PT4H`, `P90D`, `P6M`. */
export const DurationSchema = z.string().refine((s) => ISO_DURATION.test(s), {
  message: "expected an ISO-8601 duration such as PT4H, P90D or P6M",
});

/** An ISO-8601 duration string, e.g. `PT4H`. */
export type Duration = z.output<typeof DurationSchema>;
