import { describe, expect, it } from "vitest";
import { documentVoiding } from "@flowstate/model/fixtures";
import { validateModel } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { sequentialEditContext } from "../model/EditContext";
import { memoryClipboard } from "./ClipboardStore";
import type { ClipboardStore } from "./ClipboardStore";
import { createEditorStore, isDirty } from "./createEditorStore";

function emptyModel(key = "demo"): ProcessModel {
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
function editor(model: ProcessModel = emptyModel(), clipboard: ClipboardStore = memoryClipboard()) {
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
function stateWithTwoActions() {
  const e = editor();
  const state = e.s().addState({ x: 300, y: 200 }, "Review") as string;
  const a = e.s().addNode("action", { x: 240, y: 200 }, { mode: "manual", name: "Submit" }) as string;
  const b = e.s().addNode("action", { x: 400, y: 240 }, { mode: "automatic", name: "Check" }) as string;
  return { e, state, a, b };
}

describe("adding elements", () => {
  it("given an empty canvas, when the analyst places a state, then it is initial, selected and undoable", () => {
    const e = editor();
    const id = e.s().addState({ x: 100, y: 100 });
    expect(e.model.states).toEqual([{ id, ref: `r.${id}`, name: "New state", initial: true }]);
    expect(e.model.diagram.states[id as string]).toEqual({ x: -60, y: 0, width: 320, height: 200 });
    expect(e.s().selection).toEqual([id]);
    e.s().undo();
    expect(e.model).toEqual(emptyModel());
    expect(e.s().selection).toEqual([]);
    e.s().redo();
    expect(e.model.states).toHaveLength(1);
    expect(e.s().selection).toEqual([id]);
  });

  it("given a state, when the analyst places an action inside it, then the action belongs to it", () => {
    const { e, state, a } = stateWithTwoActions();
    expect(e.model.nodes.find((n) => n.id === a)).toMatchObject({
      kind: "action",
      stateId: state,
      mode: "manual",
      name: "Submit",
    });
  });

  it("when an action is placed outside every state, then nothing happens and the analyst is told why", () => {
    const e = editor();
    e.s().addState({ x: 0, y: 0 });
    const before = e.model;
    expect(e.s().addNode("action", { x: 2000, y: 2000 })).toBeUndefined();
    expect(e.model).toBe(before);
    expect(e.s().notice).toMatch(/inside a state/);
    expect(e.s().past).toHaveLength(1);
  });

  it("when an action is placed near the border, then the state grows in the same undo step", () => {
    const e = editor();
    const state = e.s().addState({ x: 160, y: 100 }) as string; // box 0,0 320×200
    e.s().addNode("action", { x: 310, y: 190 });
    expect(e.model.diagram.states[state]?.width).toBeGreaterThan(320);
    expect(e.model.diagram.states[state]?.height).toBeGreaterThan(200);
    e.s().undo();
    expect(e.model.diagram.states[state]).toEqual({ x: 0, y: 0, width: 320, height: 200 });
    expect(e.model.nodes).toEqual([]);
  });

  it("when the palette tool is armed, then a click places that element and disarms the tool", () => {
    const e = editor();
    e.s().setPlace("state");
    const id = e.s().placeAt({ x: 0, y: 0 });
    expect(e.model.states.map((s) => s.id)).toEqual([id]);
    expect(e.s().place).toBeNull();
    expect(e.s().placeAt({ x: 0, y: 0 })).toBeUndefined();
  });
});

describe("connecting", () => {
  it("given two actions in a state, when connected with a flow, then one line exists and undo removes it exactly", () => {
    const { e, a, b } = stateWithTwoActions();
    const before = e.model;
    const id = e.s().connect("flow", a, b);
    expect(e.model.lines).toEqual([{ id, ref: `r.${id}`, from: a, to: b, kind: "flow", on: "completed" }]);
    e.s().undo();
    expect(e.model).toEqual(before);
    e.s().redo();
    expect(e.model.lines).toHaveLength(1);
  });

  it("a failure flow is a flow on failed; limit and not lines have their kind", () => {
    const { e, a, b } = stateWithTwoActions();
    e.s().connect("failure", b, a);
    e.s().connect("limit", a, b);
    e.s().connect("not", b, a);
    expect(e.model.lines.map((l) => [l.kind, l.kind === "flow" ? l.on : "-"])).toEqual([
      ["flow", "failed"],
      ["limit", "-"],
      ["not", "-"],
    ]);
  });

  it("when a line would be illegal, then canConnect says why and connect refuses", () => {
    const { e, a, state } = stateWithTwoActions();
    expect(e.s().canConnect("flow", a, a)).toEqual({ ok: false, reason: expect.stringMatching(/same node/) });
    expect(e.s().connect("flow", a, a)).toBeUndefined();
    expect(e.model.lines).toEqual([]);
    const other = e.s().addState({ x: 900, y: 200 }, "Done") as string;
    const end = e.s().addNode("finalizer", { x: 900, y: 200 }) as string;
    expect(e.s().canConnect("flow", a, end).ok).toBe(false);
    expect(e.s().canConnect("flow", end, a).ok).toBe(false);
    expect(e.s().canConnect("transition", a, other)).toEqual({ ok: true });
    expect(e.s().canConnect("transition", a, state)).toEqual({ ok: true });
  });

  it("while a connection is dragged, then only legal targets are marked", () => {
    const { e, a, b, state } = stateWithTwoActions();
    e.s().startConnecting(a, "flow");
    expect(e.s().connecting?.targets).toEqual({ [a]: false, [b]: true, [state]: true });
    e.s().stopConnecting();
    expect(e.s().connecting).toBeNull();
  });

  it("an action transitions to a state; transition order counts up per action", () => {
    const { e, a, state } = stateWithTwoActions();
    const done = e.s().addState({ x: 900, y: 200 }, "Done") as string;
    e.s().connect("transition", a, done);
    e.s().connect("transition", a, state);
    expect(e.model.transitions.map((t) => [t.from, t.to, t.order])).toEqual([
      [a, done, 0],
      [a, state, 1],
    ]);
  });
});

describe("moving (one history entry per gesture)", () => {
  it("given a drag with many intermediate positions, when released, then one entry restores the start", () => {
    const { e, a } = stateWithTwoActions();
    const before = e.model;
    const entries = e.s().past.length;
    e.drag([a], 30, 10, 8);
    expect(e.s().past).toHaveLength(entries);
    e.s().commitGesture();
    expect(e.s().past).toHaveLength(entries + 1);
    expect(e.model.diagram.nodes[a]).toMatchObject({
      x: (before.diagram.nodes[a]?.x ?? 0) + 30,
      y: (before.diagram.nodes[a]?.y ?? 0) + 10,
    });
    e.s().undo();
    expect(e.model).toEqual(before);
    e.s().redo();
    expect(e.model.diagram.nodes[a]?.x).toBe((before.diagram.nodes[a]?.x ?? 0) + 30);
  });

  it("when Escape is pressed mid-drag, then the model is exactly as before and nothing is recorded", () => {
    const { e, a } = stateWithTwoActions();
    const before = e.model;
    const entries = e.s().past.length;
    e.drag([a], 300, 300);
    e.s().cancelGesture();
    expect(e.model).toBe(before);
    expect(e.s().past).toHaveLength(entries);
    expect(e.s().gesture).toBeNull();
    // the pointer is still down: further moves of the cancelled drag are ignored until it ends
    e.s().setBounds({ [a]: { x: 0, y: 0, width: 160, height: 64 } });
    expect(e.model).toBe(before);
    e.s().commitGesture();
    expect(e.s().past).toHaveLength(entries);
    expect(e.s().cancelled).toBe(false);
  });

  it("when a state is dragged, then its nodes move along and undo puts all back", () => {
    const { e, state, a, b } = stateWithTwoActions();
    const before = e.model;
    e.drag([state], 100, 50);
    e.s().commitGesture();
    expect(e.model.diagram.nodes[a]?.x).toBe((before.diagram.nodes[a]?.x ?? 0) + 100);
    expect(e.model.diagram.nodes[b]?.y).toBe((before.diagram.nodes[b]?.y ?? 0) + 50);
    e.s().undo();
    expect(e.model).toEqual(before);
  });

  it("arrow-key nudges move the selection, one entry each", () => {
    const { e, a } = stateWithTwoActions();
    const x = e.model.diagram.nodes[a]?.x ?? 0;
    e.s().select([a]);
    e.s().nudge(10, 0);
    e.s().nudge(10, 0);
    expect(e.model.diagram.nodes[a]?.x).toBe(x + 20);
    e.s().undo();
    expect(e.model.diagram.nodes[a]?.x).toBe(x + 10);
  });

  it("given a long drag (hundreds of frames), when released, then one entry whose size does not depend on the frame count", () => {
    const entryAfter = (steps: number) => {
      const { e, a, b } = stateWithTwoActions();
      const before = e.model;
      const entries = e.s().past.length;
      e.drag([a, b], 70, 30, steps);
      e.s().commitGesture();
      const after = e.model;
      expect(e.s().past).toHaveLength(entries + 1);
      expect(after.diagram.nodes[a]).toMatchObject({
        x: (before.diagram.nodes[a]?.x ?? 0) + 70,
        y: (before.diagram.nodes[a]?.y ?? 0) + 30,
      });
      const entry = e.s().past.at(-1);
      e.s().undo();
      expect(e.model).toEqual(before);
      expect(e.s().past).toHaveLength(entries);
      e.s().redo();
      expect(e.model).toEqual(after);
      return { entry, after };
    };
    const short = entryAfter(2);
    const long = entryAfter(600);
    expect(long.after).toEqual(short.after);
    expect(long.entry?.patches.length).toBe(short.entry?.patches.length);
    expect(long.entry?.inverse.length).toBe(short.entry?.inverse.length);
    // two nodes moved: a few patches each (x, y and the state growing), not one per frame
    expect(long.entry?.patches.length).toBeLessThanOrEqual(8);
  });

  it("a long drag that grows the state undoes the growth in the same step", () => {
    const { e, state, a } = stateWithTwoActions();
    const before = e.model;
    e.drag([a], 400, 0, 300);
    e.s().commitGesture();
    expect(e.model.diagram.states[state]?.width).toBeGreaterThan(before.diagram.states[state]?.width ?? 0);
    e.s().undo();
    expect(e.model).toEqual(before);
    e.s().redo();
    expect(e.model.diagram.nodes[a]?.x).toBe((before.diagram.nodes[a]?.x ?? 0) + 400);
    expect(e.model.diagram.states[state]?.width).toBeGreaterThan(before.diagram.states[state]?.width ?? 0);
  });

  it("during a drag, frames keep the selection object (panels that read it do not re-render per frame)", () => {
    const { e, a } = stateWithTwoActions();
    e.s().select([a]);
    const selection = e.s().selection;
    const selected = e.s().selected;
    e.drag([a], 50, 0, 20);
    expect(e.s().selection).toBe(selection);
    expect(e.s().selected).toBe(selected);
    e.s().commitGesture();
  });

  it("a drag that ends where it began records nothing", () => {
    const { e, a } = stateWithTwoActions();
    const before = e.model;
    const entries = e.s().past.length;
    e.drag([a], 100, 0, 10);
    e.drag([a], 0, 0, 1);
    e.s().commitGesture();
    expect(e.s().past).toHaveLength(entries);
    expect(e.model).toBe(before);
  });

  it("a gesture without changes records nothing", () => {
    const e = editor();
    e.s().beginGesture("Move");
    e.s().commitGesture();
    expect(e.s().past).toEqual([]);
  });
});

describe("deleting", () => {
  it("given a connected action, when deleted, then its lines and transitions go in the same step", () => {
    const { e, a, b } = stateWithTwoActions();
    const done = e.s().addState({ x: 900, y: 200 }, "Done") as string;
    e.s().connect("flow", a, b);
    e.s().connect("transition", b, done);
    const before = e.model;
    e.s().select([b]);
    e.s().deleteSelection();
    expect(e.model.nodes.map((n) => n.id)).toEqual([a]);
    expect(e.model.lines).toEqual([]);
    expect(e.model.transitions).toEqual([]);
    expect(Object.keys(e.model.diagram.lines)).toEqual([]);
    e.s().undo();
    expect(e.model).toEqual(before);
    expect(e.s().selection).toEqual([b]);
  });

  it("deleting a state removes its nodes and the transitions into it", () => {
    const { e, state, a } = stateWithTwoActions();
    const done = e.s().addState({ x: 900, y: 200 }, "Done") as string;
    e.s().connect("transition", a, done);
    e.s().select([done]);
    e.s().deleteSelection();
    expect(e.model.transitions).toEqual([]);
    e.s().select([state]);
    e.s().deleteSelection();
    expect(e.model.nodes).toEqual([]);
    expect(e.model.states).toEqual([]);
  });
});

describe("properties", () => {
  it("an edit sets and unsets fields and is undoable", () => {
    const { e, b } = stateWithTwoActions();
    e.s().updateElement(b, { handler: "http", delay: "PT4H" });
    expect(e.model.nodes.find((n) => n.id === b)).toMatchObject({ handler: "http", delay: "PT4H" });
    e.s().updateElement(b, { delay: undefined });
    expect(e.model.nodes.find((n) => n.id === b)).not.toHaveProperty("delay");
    e.s().undo();
    expect(e.model.nodes.find((n) => n.id === b)).toHaveProperty("delay", "PT4H");
  });

  it("making another state initial clears the old one in the same step", () => {
    const { e, state } = stateWithTwoActions();
    const done = e.s().addState({ x: 900, y: 200 }, "Done") as string;
    e.s().updateElement(done, { initial: true });
    expect(e.model.states.map((s) => [s.id, s.initial ?? false])).toEqual([
      [state, false],
      [done, true],
    ]);
    e.s().undo();
    expect(e.model.states.find((s) => s.id === state)?.initial).toBe(true);
  });
});

describe("changing a line's kind", () => {
  it("replaces the line between the same nodes in one undoable step", () => {
    const { e, a, b } = stateWithTwoActions();
    const id = e.s().connect("flow", a, b) as string;
    const before = e.model;
    e.s().changeLineKind(id, "limit");
    expect(e.model.lines).toHaveLength(1);
    expect(e.model.lines[0]).toMatchObject({ kind: "limit", from: a, to: b });
    expect(e.s().selection).toEqual([e.model.lines[0]?.id]);
    e.s().undo();
    expect(e.model).toEqual(before);
  });
});

describe("selection", () => {
  it("replace, add and toggle", () => {
    const { e, a, b, state } = stateWithTwoActions();
    e.s().select([a]);
    e.s().select([b], "add");
    expect(e.s().selection).toEqual([a, b]);
    e.s().select([a], "toggle");
    expect(e.s().selection).toEqual([b]);
    expect(e.s().selected).toEqual({ [b]: true });
    e.s().selectAll();
    expect(new Set(e.s().selection)).toEqual(new Set([a, b, state]));
    e.s().clearSelection();
    expect(e.s().selection).toEqual([]);
  });
});

describe("clipboard", () => {
  it("given two connected actions, when copied and pasted, then copies get fresh ids, the line follows, and undo removes them", () => {
    const { e, a, b, state } = stateWithTwoActions();
    e.s().connect("flow", a, b);
    e.s().select([a, b]);
    expect(e.s().copy()).toBe(true);
    const before = e.model;
    const ids = e.s().paste();
    expect(ids).toHaveLength(3); // two actions and their line
    expect(ids).not.toContain(a);
    expect(e.model.nodes).toHaveLength(4);
    const copies = e.model.nodes.filter((n) => ids.includes(n.id));
    expect(copies.every((n) => n.stateId === state)).toBe(true);
    expect(copies.map((n) => n.name)).toEqual(["Submit", "Check"]);
    expect(e.model.lines).toHaveLength(2);
    const line = e.model.lines[1];
    expect(ids).toContain(line?.from);
    expect(ids).toContain(line?.to);
    expect(e.s().selection).toEqual(ids);
    // refs are still in use by the originals, so the copies get their own
    expect(new Set(e.model.nodes.map((n) => n.ref)).size).toBe(4);
    expect(e.model.diagram.nodes[ids[0] as string]?.x).toBe((e.model.diagram.nodes[a]?.x ?? 0) + 40);
    e.s().undo();
    expect(e.model).toEqual(before);
  });

  it("cut then paste in the same process keeps refs (versions still match)", () => {
    const { e, a } = stateWithTwoActions();
    const ref = e.model.nodes.find((n) => n.id === a)?.ref;
    e.s().select([a]);
    e.s().cut();
    const [pasted] = e.s().paste();
    expect(e.model.nodes.find((n) => n.id === pasted)?.ref).toBe(ref);
  });

  it("a copied state brings its nodes, inner lines and transitions between copied states", () => {
    const model = documentVoiding;
    const e = editor(model);
    e.s().select(["voidingRequested", "markingSucceededState"]);
    e.s().copy();
    const ids = e.s().paste();
    const m = e.model;
    expect(m.states).toHaveLength(7);
    expect(m.nodes).toHaveLength(9 + 5);
    expect(m.lines).toHaveLength(4 + 3);
    // markingSucceeded → markingSucceededState was copied between copies; markingFailed → markingFailedState keeps its outside target (same process)
    const newTransitions = m.transitions.slice(4);
    expect(newTransitions).toHaveLength(3);
    expect(newTransitions.map((t) => ids.includes(t.to) || t.to)).toEqual([
      true,
      "markingFailedState",
      "documentVoided",
    ]);
    expect(m.states.filter((s) => s.initial)).toHaveLength(1);
  });

  it("pasting into another process keeps only references inside the copy", () => {
    const clipboard = memoryClipboard();
    const source = editor(documentVoiding, clipboard);
    source.s().select(["voidingRequested"]);
    source.s().copy();
    const target = editor(emptyModel("other"), clipboard);
    const ids = target.s().paste();
    expect(ids.length).toBe(1 + 4 + 3); // the state, its nodes, its lines
    expect(target.model.transitions).toEqual([]);
    expect(target.model.lines).toHaveLength(3);
    expect(
      target.model.nodes.every((n) => !n.ref.startsWith("r.mark") && !n.ref.startsWith("r.document")),
    ).toBe(true);
  });

  it("loose actions pasted into another process land in its selected state", () => {
    const shared = memoryClipboard();
    const { e, a } = stateWithTwoActions();
    const source = editor(e.model, shared);
    source.s().select([a]);
    source.s().copy();
    const target = editor(emptyModel("other"), shared);
    const host = target.s().addState({ x: 0, y: 0 }) as string;
    target.s().select([host]);
    const [pasted] = target.s().paste();
    expect(target.model.nodes.find((n) => n.id === pasted)?.stateId).toBe(host);
  });

  it("pasting with nothing copied does nothing", () => {
    const e = editor();
    expect(e.s().paste()).toEqual([]);
    expect(e.s().past).toEqual([]);
  });
});

describe("loading, saving and read-only", () => {
  it("loading from the server is never recorded and resets dirty state", () => {
    const { e } = stateWithTwoActions();
    expect(isDirty(e.s())).toBe(true);
    e.s().load(documentVoiding, 7);
    expect(e.s().past).toEqual([]);
    expect(e.s().future).toEqual([]);
    expect(e.s().revision).toBe(7);
    expect(isDirty(e.s())).toBe(false);
    e.s().undo();
    expect(e.model).toBe(documentVoiding);
  });

  it("a save acknowledges the change count it sent; later edits stay dirty", () => {
    const { e, a } = stateWithTwoActions();
    const sent = e.s().changeCount;
    e.s().markSaving();
    e.s().updateElement(a, { name: "Submit form" });
    e.s().markSaved(2, sent);
    expect(e.s().revision).toBe(2);
    expect(isDirty(e.s())).toBe(true);
    e.s().markConflict(5);
    expect(e.s().save).toEqual({ status: "conflict", currentRevision: 5 });
  });

  it("a read-only editor refuses every edit", () => {
    const e = editor(documentVoiding);
    e.s().setReadOnly(true);
    e.s().select(["markingFailed"]);
    e.s().deleteSelection();
    e.s().updateElement("markingFailed", { name: "x" });
    expect(e.s().addState({ x: 0, y: 0 })).toBeUndefined();
    expect(e.s().paste()).toEqual([]);
    expect(e.model).toBe(documentVoiding);
  });

  it("the persisted model round-trips through JSON after edits and undo", () => {
    const { e, a, b } = stateWithTwoActions();
    e.s().connect("flow", a, b);
    e.s().undo();
    expect(JSON.parse(JSON.stringify(e.model))).toEqual(e.model);
  });
});

describe("problems", () => {
  it("problems follow edits: an automatic action without handler is an error until it gets one", () => {
    const { e, b } = stateWithTwoActions();
    expect(e.s().problemsByElement[b]).toBe("error");
    e.s().updateElement(b, { handler: "noop" });
    expect(e.s().problemsByElement[b]).toBeUndefined();
    e.s().undo();
    expect(e.s().problemsByElement[b]).toBe("error");
  });

  it("moving does not revalidate (problems keep their identity)", () => {
    const { e, a } = stateWithTwoActions();
    const problems = e.s().problems;
    e.s().select([a]);
    e.s().nudge(10, 0);
    expect(e.s().problems).toBe(problems);
  });
});

describe("auto-layout (applyLayout)", () => {
  it("moves and sizes the laid-out boxes in one undoable entry and drops the bend points of their lines", () => {
    const { e, a, b } = stateWithTwoActions();
    const line = e.s().connect("flow", a, b) as string;
    e.store.setState({
      model: {
        ...e.model,
        diagram: { ...e.model.diagram, lines: { [line]: { waypoints: [{ x: 999, y: 999 }] } } },
      },
    });
    const before = e.model;
    e.s().applyLayout({ [a]: { x: 10, y: 20, width: 120, height: 40 } });
    expect(e.model.diagram.nodes[a]).toEqual({ x: 10, y: 20, width: 120, height: 40 });
    expect(e.model.diagram.lines[line]).toEqual({ waypoints: [] });
    e.s().undo();
    expect(e.model.diagram).toEqual(before.diagram);
  });
});
