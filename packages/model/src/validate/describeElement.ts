import type { ModelIndex } from "./ModelIndex";

/** A node by its name; an id no node has (a dangling reference: what is broken) as it is. */
function nodeLabel(index: ModelIndex, id: string): string {
  return `"${index.nodes.get(id)?.name ?? id}"`;
}

/**
 * A short human label for an element in problem messages, by names (never ids: the Problems panel
 * and the API's refusals show them to people): `action "Get customer"`, `state "Intake"`,
 * `flow line from "Check" to "Approve"`, `transition from "Approve" to state "Done"`. Only an id
 * that names no element (a dangling reference) is shown as it is.
 */
export function describeElement(index: ModelIndex, id: string): string {
  const state = index.states.get(id);
  if (state) return `state "${state.name}"`;
  const node = index.nodes.get(id);
  if (node) return `${node.kind === "action" ? "action" : node.kind} "${node.name}"`;
  const line = index.lines.get(id);
  if (line)
    return `${line.kind === "flow" && line.on === "failed" ? "failure flow" : `${line.kind} line`} from ${nodeLabel(index, line.from)} to ${nodeLabel(index, line.to)}`;
  const transition = index.transitions.get(id);
  if (transition)
    return `transition from ${nodeLabel(index, transition.from)} to state "${index.states.get(transition.to)?.name ?? transition.to}"`;
  const calendar = index.calendars.get(id);
  if (calendar) return `calendar "${calendar.name}"`;
  return `"${id}"`;
}
