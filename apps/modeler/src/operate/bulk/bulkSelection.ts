import type { InstanceListFilter } from "../instanceFilterInput.ts";
import type { trpc } from "../../api/trpc.ts";

/** What a bulk operation does to each instance (`bulk.create`'s operation: cancel, retry incidents, move). */
export type BulkOperation = Parameters<typeof trpc.bulk.create.mutate>[0]["operation"];

/** What the operator selected in the instance list: ticked rows, or every instance matching the filter. */
export type BulkSelection =
  | { kind: "ids"; processKey: string; ids: ReadonlySet<string> }
  | { kind: "all"; processKey: string; filter: InstanceListFilter };

export const noSelection = (processKey: string): BulkSelection => ({
  kind: "ids",
  processKey,
  ids: new Set(),
});

/** Ticks or unticks one row (leaving "all matching" for the ticked rows of the page). */
export function toggle(selection: BulkSelection, id: string, on: boolean): BulkSelection {
  const ids = new Set(selection.kind === "ids" ? selection.ids : []);
  if (on) ids.add(id);
  else ids.delete(id);
  return { kind: "ids", processKey: selection.processKey, ids };
}

export function isSelected(selection: BulkSelection, id: string): boolean {
  return selection.kind === "all" || selection.ids.has(id);
}

export function selectionCount(selection: BulkSelection, matching: number): number {
  return selection.kind === "all" ? matching : selection.ids.size;
}

/** The `bulk.create` input: the ticked ids, or the list's filter (without its process key). */
export function bulkCreateInput(selection: BulkSelection, operation: BulkOperation) {
  if (selection.kind === "ids")
    return { processKey: selection.processKey, operation, instanceIds: [...selection.ids] };
  const { processKey: _p, ...filter } = selection.filter;
  return { processKey: selection.processKey, operation, filter };
}
