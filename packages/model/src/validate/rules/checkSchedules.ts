import { makeProblem } from "../makeProblem";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";

/**
 * Schedules: ids unique among the model's schedules (`schedule.duplicate`, the runtime keys its
 * tick bookkeeping by process and schedule id) and an existing `calendar` (`reference.dangling`).
 */
export function checkSchedules({ index }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  (index.model.schedules ?? []).forEach((schedule, i) => {
    if (seen.has(schedule.id)) {
      problems.push(
        makeProblem("schedule.duplicate", [schedule.id], `Two schedules have the id "${schedule.id}".`, {
          path: ["schedules", i, "id"],
        }),
      );
    }
    seen.add(schedule.id);
    if (schedule.calendar !== undefined && !index.calendars.has(schedule.calendar)) {
      problems.push(
        makeProblem(
          "reference.dangling",
          [schedule.id],
          `Schedule ${schedule.id}'s calendar points at "${schedule.calendar}", which is not a calendar.`,
          {
            path: ["schedules", i, "calendar"],
          },
        ),
      );
    }
  });
  return problems;
}
