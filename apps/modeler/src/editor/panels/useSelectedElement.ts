import type { Line, Node, State, Transition } from "@flowstate/model";
import { useEditorStore } from "../store/useEditorStore";

export type SelectedElement =
  | { type: "state"; element: State }
  | { type: "node"; element: Node }
  | { type: "line"; element: Line }
  | { type: "transition"; element: Transition };

/** The single selected element with its type; `undefined` for none or several. */
export function useSelectedElement(): SelectedElement | undefined {
  const id = useEditorStore((s) => (s.selection.length === 1 ? s.selection[0] : undefined));
  const state = useEditorStore((s) => (id ? s.model.states.find((e) => e.id === id) : undefined));
  const node = useEditorStore((s) => (id ? s.model.nodes.find((e) => e.id === id) : undefined));
  const line = useEditorStore((s) => (id ? s.model.lines.find((e) => e.id === id) : undefined));
  const transition = useEditorStore((s) => (id ? s.model.transitions.find((e) => e.id === id) : undefined));
  if (state) return { type: "state", element: state };
  if (node) return { type: "node", element: node };
  if (line) return { type: "line", element: line };
  if (transition) return { type: "transition", element: transition };
  return undefined;
}
