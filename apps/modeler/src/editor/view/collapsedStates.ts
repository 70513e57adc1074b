/**
 * Which states a person collapsed, per process, in localStorage (a view preference, never part of
 * the model). Pure parts here; `useCollapsedStates` binds them to React and the browser storage.
 */

/** The storage key of a process's collapsed states. */
export const collapsedKey = (processKey: string): string => `flowstate.collapsed.${processKey}`;

/** Reads a stored value; anything but a JSON array of strings counts as "nothing collapsed". */
export function parseCollapsed(stored: string | null): string[] {
  if (!stored) return [];
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/** The set after toggling `id` (a new set; the old one is not changed). */
export function toggleCollapsed(current: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(current);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Only ids of states that still exist (a deleted state's entry is dropped on the next write). */
export function serializeCollapsed(collapsed: ReadonlySet<string>, stateIds: readonly string[]): string {
  return JSON.stringify(stateIds.filter((id) => collapsed.has(id)));
}
