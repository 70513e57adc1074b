import { describeElement } from "../describeElement";
import { makeProblem } from "../makeProblem";
import type { Problem } from "../Problem";
import type { RuleContext } from "../RuleContext";
import type { ElementCategory } from "../ModelIndex";

/**
 * `reference.dangling`: a node's state, a line's endpoints, a transition's action and target
 * state, an action's calendar must exist and be of the right kind. `diagram.dangling`: a layout
 * entry for an element that does not exist (or is of another kind).
 */
export function checkReferences({ index }: RuleContext): Problem[] {
  const { model } = index;
  const problems: Problem[] = [];
  /** `role` of `elementId` (at `path`) must name one of `known`, an `expected`. */
  const reference = (
    elementId: string,
    path: (string | number)[],
    role: "state" | "calendar" | "source" | "target",
    target: string,
    known: { has(id: string): boolean },
    expected: string,
  ): void => {
    if (known.has(target)) return;
    const category = index.ids.get(target);
    const found = category ? ` (it is a ${category})` : "";
    problems.push(
      makeProblem(
        "reference.dangling",
        [elementId],
        `The ${role} of ${describeElement(index, elementId)} points at "${target}", which is not a ${expected}${found}.`,
        { path },
      ),
    );
  };
  model.nodes.forEach((node, i) => {
    reference(node.id, ["nodes", i, "stateId"], "state", node.stateId, index.states, "state");
    if (node.kind === "action" && node.calendar !== undefined)
      reference(node.id, ["nodes", i, "calendar"], "calendar", node.calendar, index.calendars, "calendar");
  });
  model.lines.forEach((line, i) => {
    reference(line.id, ["lines", i, "from"], "source", line.from, index.nodes, "node");
    reference(line.id, ["lines", i, "to"], "target", line.to, index.nodes, "node");
  });
  model.transitions.forEach((t, i) => {
    reference(t.id, ["transitions", i, "from"], "source", t.from, index.nodes, "node");
    reference(t.id, ["transitions", i, "to"], "target", t.to, index.states, "state");
  });
  const sections: [keyof typeof model.diagram, ElementCategory][] = [
    ["states", "state"],
    ["nodes", "node"],
    ["lines", "line"],
    ["transitions", "transition"],
  ];
  for (const [section, category] of sections) {
    for (const id of Object.keys(model.diagram[section])) {
      if (index.ids.get(id) !== category) {
        problems.push(
          makeProblem(
            "diagram.dangling",
            [id],
            `diagram.${section} has an entry for "${id}", which is not a ${category} of this model.`,
            { path: ["diagram", section, id] },
          ),
        );
      }
    }
  }
  return problems;
}
