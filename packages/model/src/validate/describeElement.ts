import type { ModelIndex } from "./ModelIndex";

/** A short human label for an element in problem messages: `action "Get customer" (getCustomer)`. */
export function describeElement(index: ModelIndex, id: string): string {
  const state = index.states.get(id);
  if (state) return `state "${state.name}" (${id})`;
  const node = index.nodes.get(id);
  if (node) return `${node.kind === "action" ? "action" : node.kind} "${node.name}" (${id})`;
  const line = index.lines.get(id);
  if (line)
    return `${line.kind === "flow" && line.on === "failed" ? "failure flow" : `${line.kind} line`} ${line.from} → ${line.to} (${id})`;
  const transition = index.transitions.get(id);
  if (transition) return `transition ${transition.from} → ${transition.to} (${id})`;
  const calendar = index.calendars.get(id);
  if (calendar) return `calendar "${calendar.name}" (${id})`;
  return `"${id}"`;
}
