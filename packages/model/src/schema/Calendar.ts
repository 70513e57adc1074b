import { z } from "zod";
import { IdSchema, NameSchema } from "./Element";

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

/** True when `tz` is an IANA time zone name the platform's Intl knows (pure: no clock involved). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** One weekly window: ISO weekday (1 = Monday … 7 = Sunday), local time `from` (inclusive) to `to` (exclusive). */
export const WeeklyWindowSchema = z
  .strictObject({
    day: z.int().min(1).max(7),
    from: z.string().regex(TIME, "expected HH:mm"),
    to: z.string().regex(TIME, "expected HH:mm (24:00 allowed)"),
  })
  .refine((w) => w.from < w.to, { message: "a window must end after it starts", path: ["to"] });
/** One weekly window. */
export type WeeklyWindow = z.output<typeof WeeklyWindowSchema>;

/**
 * A business calendar ("LC working hours"): weekly windows in an IANA time zone minus holidays.
 * An action with `calendar` only runs inside a window.
 */
export const CalendarSchema = z.strictObject({
  id: IdSchema,
  name: NameSchema,
  timezone: z.string().refine(isTimeZone, { message: "expected an IANA time zone such as Europe/Brussels" }),
  weekly: z.array(WeeklyWindowSchema).min(1, "a calendar needs at least one weekly window"),
  holidays: z.array(z.string().regex(DATE, "expected YYYY-MM-DD")).default([]),
});
/** A business calendar. */
export type Calendar = z.output<typeof CalendarSchema>;
/** A calendar as written in a file, before defaults are applied. */
export type CalendarInput = z.input<typeof CalendarSchema>;
