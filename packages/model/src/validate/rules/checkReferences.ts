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
  const dangling = (
    elementId: string,
    path: (string | number)[],
    what: string,
    target: string,
    expected: string,
  ): void => {
    const category = index.ids.get(target);
    const found = category ? ` (it is a ${category})` : "";
    problems.push(
      makeProblem(
        "reference.dangling",
        [elementId],
        `${what} points at "${target}", which is not a ${expected}${found}.`,
        { path },
      ),
    );
  };
  model.nodes.forEach((node, i) => {
    if (!index.states.has(node.stateId))
      dangling(
        node.id,
        ["nodes", i, "stateId"],
        `The state of ${describeElement(index, node.id)}`,
        node.stateId,
        "state",
      );
    if (node.kind === "action" && node.calendar !== undefined && !index.calendars.has(node.calendar)) {
      dangling(
        node.id,
        ["nodes", i, "calendar"],
        `The calendar of ${describeElement(index, node.id)}`,
        node.calendar,
        "calendar",
      );
    }
  });
  model.lines.forEach((line, i) => {
    if (!index.nodes.has(line.from))
      dangling(
        line.id,
        ["lines", i, "from"],
        `The source of ${describeElement(index, line.id)}`,
        line.from,
        "node",
      );
    if (!index.nodes.has(line.to))
      dangling(
        line.id,
        ["lines", i, "to"],
        `The target of ${describeElement(index, line.id)}`,
        line.to,
        "node",
      );
  });
  model.transitions.forEach((t, i) => {
    if (!index.nodes.has(t.from))
      dangling(
        t.id,
        ["transitions", i, "from"],
        `The source of ${describeElement(index, t.id)}`,
        t.from,
        "node",
      );
    if (!index.states.has(t.to))
      dangling(
        t.id,
        ["transitions", i, "to"],
        `The target of ${describeElement(index, t.id)}`,
        t.to,
        "state",
      );
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
