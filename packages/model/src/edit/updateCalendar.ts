import type { Calendar } from "../schema/Calendar";
import { CalendarSchema } from "../schema/Calendar";
import type { ProcessModel } from "../schema/Process";
import { changeElement } from "./assignChanges";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";

/** Changes a calendar's name, time zone, weekly windows or holidays; the result must satisfy the calendar schema. */
export function updateCalendar(
  model: ProcessModel,
  calendarId: string,
  changes: Partial<Omit<Calendar, "id">>,
): EditResult {
  const calendar = model.calendars.find((c) => c.id === calendarId);
  if (!calendar) throw new EditError("not-found", `no calendar "${calendarId}"`);
  if ("id" in changes) throw new EditError("invalid-change", "a calendar's id cannot be changed");
  return changeElement(model, "calendars", calendar, CalendarSchema, changes);
}
