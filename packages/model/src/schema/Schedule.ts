import { z } from "zod";
import { isTimeZone } from "./Calendar";
import { IdSchema } from "./Element";

/**
 * The shape of a cron expression: 5 fields (minute hour day-of-month month day-of-week) or 6 with
 * seconds first, each of digits, names and `* , - / ? L W #`. The runtime parses it fully (croner)
 * and reports an expression it cannot read.
 */
export function isCronShape(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  return (
    (fields.length === 5 || fields.length === 6) && fields.every((f) => /^[0-9A-Za-z*,/?LW#-]+$/.test(f))
  );
}

/**
 * A schedule that starts instances of the version (seed 002: flows start from an RPC, an event or a
 * schedule). Ticks come from `cron` in `timezone`; with `calendar`, ticks outside the business
 * calendar's windows are dropped. Exactly one instance starts per tick, however many runtime
 * processes run. Ticks missed while no runtime ran follow `missed`: `skip` starts nothing for them
 * (only a tick that is on time starts), `runOnce` starts one instance for all of them together.
 */
export const ScheduleSchema = z.strictObject({
  id: IdSchema,
  cron: z.string().refine(isCronShape, {
    message: "expected a cron expression: minute hour day month weekday (5 fields, or 6 with seconds)",
  }),
  timezone: z
    .string()
    .refine(isTimeZone, { message: "expected an IANA time zone such as Europe/Brussels" })
    .default("UTC"),
  calendar: IdSchema.optional(),
  missed: z.enum(["skip", "runOnce"]).default("skip"),
  /** Variables every scheduled instance starts with. */
  variables: z.record(z.string(), z.json()).optional(),
});
/** A schedule that starts instances. */
export type Schedule = z.output<typeof ScheduleSchema>;
/** A schedule as written in a file, before defaults are applied. */
export type ScheduleInput = z.input<typeof ScheduleSchema>;
