import { describe, expect, it } from "vitest";
import { stateWithTwoActions } from "./editorDriver";

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

describe("changing a line's kind", () => {
  it("replaces the line between the same nodes in one undoable step", () => {
    const { e, a, b } = stateWithTwoActions();
    const id = e.s().connect("flow", a, b) as string;
    const before = e.model;
    e.s().changeLineKind(id, "limit");
    expect(e.model.lines).toHaveLength(1);
    expect(e.model.lines[0]).toMatchObject({ kind: "limit", from: a, to: b });
    expect(e.model.lines[0]).toMatchObject({ id, ref: before.lines[0]?.ref });
    expect(e.s().selection).toEqual([id]);
    e.s().undo();
    expect(e.model).toEqual(before);
  });
});
