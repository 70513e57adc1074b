/** The shared driver of the editor store's story tests: the analyst does things, then we look. */
import { validateModel } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { sequentialEditContext } from "../model/EditContext";
import { memoryClipboard } from "./ClipboardStore";
import type { ClipboardStore } from "./ClipboardStore";
import { createEditorStore } from "./createEditorStore";

export function emptyModel(key = "demo"): ProcessModel {
  return {
    formatVersion: 1,
    key,
    name: "Demo",
    states: [],
    nodes: [],
    lines: [],
    transitions: [],
    calendars: [],
    diagram: { nodes: {}, states: {}, lines: {}, transitions: {} },
  };
}

/** A driver in the user's words: given a model, the analyst does things, then we look. */
export function editor(model: ProcessModel = emptyModel(), clipboard: ClipboardStore = memoryClipboard()) {
  const store = createEditorStore(model, {
    ctx: sequentialEditContext(),
    clipboard,
    validate: validateModel,
  });
  const s = () => store.getState();
  return {
    store,
    get model() {
      return s().model;
    },
    s,
    drag(ids: string[], dx: number, dy: number, steps = 5) {
      s().beginGesture("Move");
      for (let i = 1; i <= steps; i++) {
        const base = s().gesture?.base ?? s().model;
        const bounds: Record<string, { x: number; y: number; width: number; height: number }> = {};
        for (const id of ids) {
          const b = base.diagram.nodes[id] ?? base.diagram.states[id];
          if (b) bounds[id] = { ...b, x: b.x + (dx * i) / steps, y: b.y + (dy * i) / steps };
        }
        s().setBounds(bounds);
      }
    },
  };
}

/** Given a state with two manual actions, as most stories start. */
export function stateWithTwoActions() {
  const e = editor();
  const state = e.s().addState({ x: 300, y: 200 }, "Review") as string;
  const a = e.s().addNode("action", { x: 240, y: 200 }, { mode: "manual", name: "Submit" }) as string;
  const b = e.s().addNode("action", { x: 400, y: 240 }, { mode: "automatic", name: "Check" }) as string;
  return { e, state, a, b };
}

/** An editor on `clipboard` over `stateWithTwoActions`' model that has copied its first action. */
export function copiedAction(clipboard: ClipboardStore) {
  const { e, a } = stateWithTwoActions();
  const source = editor(e.model, clipboard);
  source.s().select([a]);
  source.s().copy();
  return source;
}
