import type { Calendar } from "../schema/Calendar";
import { CalendarSchema } from "../schema/Calendar";
import type { ProcessModel } from "../schema/Process";
import { assignChanges, withChanges } from "./assignChanges";
import { EditError } from "./EditContext";
import type { EditResult } from "./EditContext";
import { produceEdit } from "./produceEdit";

/** Changes a calendar's name, time zone, weekly windows or holidays; the result must satisfy the calendar schema. */
export function updateCalendar(
  model: ProcessModel,
  calendarId: string,
  changes: Partial<Omit<Calendar, "id">>,
): EditResult {
  const calendar = model.calendars.find((c) => c.id === calendarId);
  if (!calendar) throw new EditError("not-found", `no calendar "${calendarId}"`);
  if ("id" in changes) throw new EditError("invalid-change", "a calendar's id cannot be changed");
  const parsed = CalendarSchema.safeParse(withChanges(calendar, changes));
  if (!parsed.success)
    throw new EditError("invalid-change", parsed.error.issues.map((i) => i.message).join("; "));
  return produceEdit(model, (draft) => {
    const target = draft.calendars.find((c) => c.id === calendarId);
    if (target) assignChanges(target as Record<string, unknown>, parsed.data as Record<string, unknown>);
  });
}
