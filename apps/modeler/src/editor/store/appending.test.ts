import { describe, expect, it } from "vitest";
import { memoryClipboard } from "./ClipboardStore";
import { copiedAction, editor, stateWithTwoActions } from "./editorDriver";

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function expectNoOverlaps(boxes: Record<string, Box>) {
  const list = Object.entries(boxes);
  for (const [i, [ida, a]] of list.entries())
    for (const [idb, b] of list.slice(i + 1)) expect(overlap(a, b), `${ida} over ${idb}`).toBe(false);
}

describe("the context pad", () => {
  it("appends an automatic action after an action: connected, in the same state, selected, in rename, one undo step", () => {
    const { e, state, a } = stateWithTwoActions();
    const before = e.model;
    const id = e.s().append(a, "automatic") as string;
    const added = e.model.nodes.find((n) => n.id === id);
    expect(added).toMatchObject({ kind: "action", mode: "automatic", stateId: state });
    expect(e.model.lines).toContainEqual(expect.objectContaining({ kind: "flow", from: a, to: id }));
    expect(e.s().selection).toEqual([id]);
    expect(e.s().renaming).toBe(id);
    expectNoOverlaps(e.model.diagram.nodes);
    const box = e.model.diagram.nodes[id] as Box;
    const stateBox = e.model.diagram.states[state] as Box;
    expect(box.x + box.width).toBeLessThanOrEqual(stateBox.x + stateBox.width);
    e.s().undo();
    expect(e.model).toEqual(before);
  });

  it("appends many nodes after one without any overlap, growing the state", () => {
    const { e, a } = stateWithTwoActions();
    for (const kind of ["manual", "automatic", "and", "or", "finalizer", "manual"] as const)
      e.s().append(a, kind);
    expect(e.model.nodes).toHaveLength(8);
    expectNoOverlaps(e.model.diagram.nodes);
  });

  it("appends inside a state without a line, and a state after an action with a transition", () => {
    const e = editor();
    const s1 = e.s().addState({ x: 0, y: 0 }, "One") as string;
    const fin = e.s().append(s1, "finalizer") as string;
    expect(e.model.nodes.find((n) => n.id === fin)).toMatchObject({ kind: "finalizer", stateId: s1 });
    expect(e.model.lines).toEqual([]);
    const act = e.s().append(s1, "manual") as string;
    expectNoOverlaps(e.model.diagram.nodes);
    const s2 = e.s().append(act, "state") as string;
    expect(e.model.transitions).toEqual([expect.objectContaining({ from: act, to: s2 })]);
    expect(overlap(e.model.diagram.states[s1] as Box, e.model.diagram.states[s2] as Box)).toBe(false);
    expect(e.s().past).toHaveLength(4);
    e.s().undo();
    expect(e.model.states).toHaveLength(1);
    expect(e.model.transitions).toEqual([]);
  });

  it("refuses to append after a finalizer and tells why", () => {
    const e = editor();
    const s1 = e.s().addState({ x: 0, y: 0 }) as string;
    const fin = e.s().append(s1, "finalizer") as string;
    const before = e.model;
    expect(e.s().append(fin, "manual")).toBeUndefined();
    expect(e.model).toBe(before);
    expect(e.s().notice).toMatch(/finalizer/);
  });

  it("changes kind in place keeping the id: manual ⇄ automatic, and ⇄ or; one undo step each", () => {
    const { e, a } = stateWithTwoActions();
    const join = e.s().append(a, "and") as string;
    const lines = e.model.lines;
    e.s().toggleKind(a);
    expect(e.model.nodes.find((n) => n.id === a)).toMatchObject({ mode: "automatic" });
    e.s().toggleKind(join);
    expect(e.model.nodes.find((n) => n.id === join)).toMatchObject({ id: join, kind: "or" });
    expect(e.model.lines).toEqual(lines);
    e.s().undo();
    expect(e.model.nodes.find((n) => n.id === join)?.kind).toBe("and");
    e.s().undo();
    expect(e.model.nodes.find((n) => n.id === a)).toMatchObject({ mode: "manual" });
  });

  it("renames in place in one step; an empty name is refused and the old one kept", () => {
    const { e, a } = stateWithTwoActions();
    e.s().beginRename(a);
    expect(e.s().renaming).toBe(a);
    expect(e.s().rename(a, "  Approve ")).toBe(true);
    expect(e.s().renaming).toBeNull();
    expect(e.model.nodes.find((n) => n.id === a)?.name).toBe("Approve");
    const steps = e.s().past.length;
    expect(e.s().rename(a, "   ")).toBe(false);
    expect(e.model.nodes.find((n) => n.id === a)?.name).toBe("Approve");
    expect(e.s().past).toHaveLength(steps);
    expect(e.s().notice).toMatch(/empty/);
    e.s().undo();
    expect(e.model.nodes.find((n) => n.id === a)?.name).toBe("Submit");
  });

  it("connects by click: the next node becomes the target; Escape cancels", () => {
    const { e, a, b } = stateWithTwoActions();
    e.s().beginLink(a);
    expect(e.s().linking).toBe(a);
    e.s().cancelGesture();
    expect(e.s().linking).toBeNull();
    e.s().beginLink(a);
    const line = e.s().linkTo(b);
    expect(e.model.lines).toEqual([expect.objectContaining({ id: line, kind: "flow", from: a, to: b })]);
    expect(e.s().linking).toBeNull();
  });

  it("connects by click with the kind the modifiers chose (a limit line)", () => {
    const { e, a, b } = stateWithTwoActions();
    e.s().beginLink(a, "limit");
    const line = e.s().linkTo(b);
    expect(e.model.lines).toEqual([expect.objectContaining({ id: line, kind: "limit", from: a, to: b })]);
  });
});

describe("paste at the pointer", () => {
  it("puts the copied group's top-left corner at the pointer", () => {
    const src = copiedAction(memoryClipboard());
    const state = src.model.states[0]?.id as string;
    const stateBox = src.model.diagram.states[state] as Box;
    const at = { x: stateBox.x + 30, y: stateBox.y + stateBox.height - 20 };
    const [id] = src.s().paste(at);
    const box = src.model.diagram.nodes[id as string] as Box;
    expect({ x: box.x, y: box.y }).toEqual(at);
    expect(src.model.nodes.find((n) => n.id === id)?.stateId).toBe(state);
    expect((src.model.diagram.states[state] as Box).height).toBeGreaterThan(stateBox.height);
    expect(src.s().past).toHaveLength(1);
  });
});
