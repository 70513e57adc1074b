/** How many tasks `task.list` returns when not asked for another limit (the runtime's default). */
export const TASK_LIST_LIMIT = 200;

/**
 * What the task list says when the answer is full: the runtime stops at its limit, so a list of
 * exactly that many may be cut off, silently otherwise. Names the filters not used yet; null when
 * the list is complete.
 */
export function taskLimitNote(count: number, filters: { role: string; processKey: string }): string | null {
  if (count < TASK_LIST_LIMIT) return null;
  const unused = [filters.processKey ? null : "process", filters.role.trim() ? null : "role"].filter(
    (f) => f !== null,
  );
  const how =
    unused.length > 0
      ? `Narrow the list by ${unused.join(" or ")} to see the others.`
      : "Narrow the list further (another process or role) to see the others.";
  return `Showing the first ${TASK_LIST_LIMIT} tasks; more may exist. ${how}`;
}
