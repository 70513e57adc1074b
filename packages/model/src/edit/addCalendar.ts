import type { Calendar, WeeklyWindow } from "../schema/Calendar";
import { CalendarSchema } from "../schema/Calendar";
import type { ProcessModel } from "../schema/Process";
import { EditError } from "./EditContext";
import type { EditContext, EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/**
 * Adds a business calendar; by default Monday–Friday 09:00–17:00 in Europe/Brussels without
 * holidays. The id comes from `ctx.newId("calendar")`. An invalid time zone, window or holiday
 * throws `EditError("invalid-change")`.
 */
export function addCalendar(
  model: ProcessModel,
  ctx: EditContext,
  args: { name: string; timezone?: string; weekly?: WeeklyWindow[]; holidays?: string[] },
): EditResult & { id: string } {
  const id = ctx.newId("calendar");
  const candidate = {
    id,
    name: args.name,
    timezone: args.timezone ?? "Europe/Brussels",
    weekly: args.weekly ?? [1, 2, 3, 4, 5].map((day) => ({ day, from: "09:00", to: "17:00" })),
    holidays: args.holidays ?? [],
  };
  const parsed = CalendarSchema.safeParse(candidate);
  if (!parsed.success)
    throw new EditError("invalid-change", parsed.error.issues.map((i) => i.message).join("; "));
  const calendar: Calendar = parsed.data;
  const result = produceEdit(model, (draft) => {
    draft.calendars.push(calendar);
  });
  return { ...result, id };
}
