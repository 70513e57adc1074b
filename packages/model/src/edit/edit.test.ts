import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import { fixtures } from "../fixtures/index";
import { parseModel } from "../parse/parseModel";
import type { ProcessModel } from "../schema/Process";
import { validateModel } from "../validate/validateModel";
import { addNode } from "./addNode";
import { addCalendar } from "./addCalendar";
import { addState } from "./addState";
import { applyPatches } from "./applyPatches";
import { canConnect } from "./canConnect";
import { changeLineKind } from "./changeLineKind";
import { connect } from "./connect";
import { copyElements } from "./copyElements";
import { disconnect } from "./disconnect";
import type { EditResult } from "./EditContext";
import { EditError } from "./EditContext";
import { moveNode } from "./moveNode";
import { pasteElements } from "./pasteElements";
import { removeElements } from "./removeElements";
import { removeNode } from "./removeNode";
import { removeState } from "./removeState";
import { renameElement } from "./renameElement";
import { resizeNode } from "./resizeNode";
import { resizeState } from "./resizeState";
import { sequentialIds } from "./sequentialIds";
import { setInitialState } from "./setInitialState";
import { setWaypoints } from "./setWaypoints";
import { updateCalendar } from "./updateCalendar";
import { updateLine } from "./updateLine";
import { updateNode } from "./updateNode";
import { updateProcess } from "./updateProcess";
import { updateState } from "./updateState";
import { updateTransition } from "./updateTransition";

/** Given: state `s` (initial) holding manual `a` → finalizer `f`; state `t` holding manual `c`; `a` ⇒ `t`. */
function given(): ProcessModel {
  const model = new ModelBuilder("edit", "Edit")
    .state("s", "S", { initial: true })
    .action("a", "A", { mode: "manual", code: "a" })
    .finalizer("f", "End")
    .flow("a", "f")
    .transition("a", "t")
    .state("t", "T")
    .action("c", "C", { mode: "manual" })
    .finalizer("g", "G")
    .flow("c", "g")
    .toModel();
  return {
    ...model,
    diagram: {
      ...model.diagram,
      nodes: { a: { x: 40, y: 50, width: 160, height: 64 } },
      states: { s: { x: 0, y: 0, width: 400, height: 200 } },
    },
  };
}

/** Then: the edit reverts exactly, redoes exactly, and leaves a schema-valid model. */
function expectReversible(before: ProcessModel, result: EditResult): void {
  expect(applyPatches(result.model, result.inverse)).toEqual(before);
  expect(applyPatches(before, result.patches)).toEqual(result.model);
  expect(parseModel(JSON.parse(JSON.stringify(result.model))).ok).toBe(true);
}

describe("edit operations", () => {
  it("addState adds a box; the first state of an empty model is initial", () => {
    const before = given();
    const result = addState(before, sequentialIds(), {
      name: "Review",
      bounds: { x: 500, y: 0, width: 300, height: 200 },
    });
    expect(result.id).toBe("state_1");
    expect(result.model.states.at(-1)).toEqual({ id: "state_1", ref: "r.state_1", name: "Review" });
    expect(result.model.diagram.states["state_1"]).toEqual({ x: 500, y: 0, width: 300, height: 200 });
    expectReversible(before, result);
    const empty: ProcessModel = { ...before, states: [], nodes: [], lines: [], transitions: [] };
    expect(
      addState(empty, sequentialIds(), { name: "First", bounds: { x: 0, y: 0, width: 10, height: 10 } }).model
        .states[0]?.initial,
    ).toBe(true);
  });

  it("does not mutate its input", () => {
    const before = given();
    const frozen = JSON.stringify(before);
    removeState(before, "s");
    addNode(before, sequentialIds(), { kind: "or", stateId: "s", name: "Or" });
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it("removeState cascades to its nodes, their lines, transitions into and out of it, and diagram entries", () => {
    const before = given();
    const result = removeState(before, "t");
    expect(result.model.states.map((s) => s.id)).toEqual(["s"]);
    expect(result.model.nodes.map((n) => n.id)).toEqual(["a", "f"]);
    expect(result.model.lines.map((l) => l.id)).toEqual(["flow:a->f"]);
    expect(result.model.transitions).toEqual([]);
    expectReversible(before, result);
  });

  it("removeNode takes its lines, its transitions and its box with it in one step", () => {
    const before = given();
    const result = removeNode(before, "a");
    expect(result.model.nodes.map((n) => n.id)).toEqual(["f", "c", "g"]);
    expect(result.model.lines.map((l) => l.id)).toEqual(["flow:c->g"]);
    expect(result.model.transitions).toEqual([]);
    expect(result.model.diagram.nodes).toEqual({});
    expectReversible(before, result);
  });

  it("addNode places the kind's default box inside the state and uses the kind as id prefix", () => {
    const before = given();
    const result = addNode(before, sequentialIds(), {
      kind: "action",
      stateId: "s",
      name: "Check",
      mode: "automatic",
    });
    expect(result.model.nodes.at(-1)).toEqual({
      id: "action_1",
      ref: "r.action_1",
      kind: "action",
      stateId: "s",
      name: "Check",
      mode: "automatic",
      maxOccurs: 1,
      singleton: false,
      captures: [],
      strictness: "strict",
    });
    expect(result.model.diagram.nodes["action_1"]).toEqual({ x: 40, y: 48, width: 160, height: 64 });
    expectReversible(before, result);
    expect(() => addNode(before, sequentialIds(), { kind: "or", stateId: "nope", name: "x" })).toThrow(
      EditError,
    );
  });

  it("moveNode and resizeState change layout only", () => {
    const before = given();
    const moved = moveNode(before, "a", { x: 90, y: 70 });
    expect(moved.model.diagram.nodes["a"]).toEqual({ x: 90, y: 70, width: 160, height: 64 });
    expect(moved.patches).toEqual([
      { op: "replace", path: ["diagram", "nodes", "a"], value: { x: 90, y: 70, width: 160, height: 64 } },
    ]);
    expectReversible(before, moved);
    const resized = resizeState(before, "s", { x: 0, y: 0, width: 800, height: 300 });
    expect(resized.model.diagram.states["s"]).toEqual({ x: 0, y: 0, width: 800, height: 300 });
    expectReversible(before, resized);
  });

  it("resizeNode sets a node's box (position and size) as one reversible layout change", () => {
    const before = given();
    const resized = resizeNode(before, "a", { x: 40, y: 50, width: 220, height: 80 });
    expect(resized.model.diagram.nodes["a"]).toEqual({ x: 40, y: 50, width: 220, height: 80 });
    expect(resized.model.nodes).toBe(before.nodes);
    expect(resized.patches).toEqual([
      { op: "replace", path: ["diagram", "nodes", "a"], value: { x: 40, y: 50, width: 220, height: 80 } },
    ]);
    expectReversible(before, resized);
    const unplaced = resizeNode(before, "f", { x: 10, y: 10, width: 36, height: 36 });
    expect(unplaced.model.diagram.nodes["f"]).toEqual({ x: 10, y: 10, width: 36, height: 36 });
    expectReversible(before, unplaced);
    expect(() => resizeNode(before, "nope", { x: 0, y: 0, width: 1, height: 1 })).toThrow(EditError);
    expect(() => resizeNode(before, "a", { x: 0, y: 0, width: 0, height: 10 })).toThrow(EditError);
  });

  it("renameElement renames states, nodes and refuses an empty name", () => {
    const before = given();
    const result = renameElement(before, "a", "Approve");
    expect(result.model.nodes[0]?.name).toBe("Approve");
    expect(result.patches).toEqual([{ op: "replace", path: ["nodes", 0, "name"], value: "Approve" }]);
    expectReversible(before, result);
    expectReversible(before, renameElement(before, "t", "Later"));
    expect(() => renameElement(before, "a", " ")).toThrow(EditError);
  });

  it("updateNode changes fields, removes them with undefined, and keeps the schema", () => {
    const before = given();
    const result = updateNode(before, "a", {
      mode: "automatic",
      handler: "http",
      delay: "PT1H",
      code: undefined,
    });
    expect(result.model.nodes[0]).toMatchObject({ mode: "automatic", handler: "http", delay: "PT1H" });
    expect(result.model.nodes[0]).not.toHaveProperty("code");
    expectReversible(before, result);
    const reset = updateNode(result.model, "a", { maxOccurs: undefined });
    expect(reset.model.nodes[0]).toMatchObject({ maxOccurs: 1 });
    expect(() => updateNode(before, "a", { delay: "soon" })).toThrow(/ISO-8601/);
    expect(() => updateNode(before, "f", { outcome: "failed", compensate: true })).not.toThrow();
    expect(() => updateNode(before, "a", { kind: "or" } as never)).toThrow(EditError);
  });

  it("updateLine sets and removes a flow line's condition; other kinds refuse", () => {
    const before = given();
    const result = updateLine(before, "flow:a->f", { condition: "ok = true" });
    expect(result.model.lines[0]).toMatchObject({ condition: "ok = true" });
    expectReversible(before, result);
    expect(updateLine(result.model, "flow:a->f", { condition: undefined }).model.lines[0]).not.toHaveProperty(
      "condition",
    );
    const limited = connect(before, sequentialIds(), { kind: "limit", from: "a", to: "f" });
    expect(() => updateLine(limited.model, limited.id, { condition: "x" })).toThrow(
      expect.objectContaining({ code: "wrong-kind" }),
    );
  });

  it("updateTransition and setInitialState", () => {
    const before = given();
    const result = updateTransition(before, "go:a->t", { condition: "done", order: 2 });
    expect(result.model.transitions[0]).toMatchObject({ condition: "done", order: 2 });
    expectReversible(before, result);
    const initial = setInitialState(before, "t");
    expect(initial.model.states.map((s) => s.initial)).toEqual([undefined, true]);
    expectReversible(before, initial);
  });

  it("connect draws lines and transitions that canConnect allows, with a diagram entry", () => {
    const before = given();
    const ctx = sequentialIds();
    const failure = connect(before, ctx, { kind: "failure", from: "a", to: "f" });
    expect(failure.model.lines.at(-1)).toEqual({
      id: "flow_1",
      ref: "r.flow_1",
      kind: "flow",
      from: "a",
      to: "f",
      on: "failed",
    });
    expect(failure.model.diagram.lines["flow_1"]).toEqual({ waypoints: [] });
    expectReversible(before, failure);
    const transition = connect(before, ctx, { kind: "transition", from: "a", to: "s", condition: "retry" });
    expect(transition.model.transitions.at(-1)).toEqual({
      id: "transition_2",
      ref: "r.transition_2",
      from: "a",
      to: "s",
      order: 1,
      condition: "retry",
    });
    expectReversible(before, transition);
  });

  it("connect refuses what canConnect refuses", () => {
    const before = given();
    const migration = updateNode(before, "c", { migration: {} }).model;
    const cases: [Parameters<typeof canConnect>[1], string, string, RegExp][] = [
      ["flow", "a", "c", /one state/],
      ["flow", "a", "a", /same node/],
      ["flow", "a", "f", /exists already/],
      ["flow", "f", "a", /finalizer/],
      ["transition", "f", "t", /only actions/],
      ["transition", "a", "c", /ends at a state/],
      ["flow", "a", "t", /transition/],
    ];
    for (const [kind, from, to, reason] of cases) {
      const check = canConnect(before, kind, from, to);
      expect(check.ok, `${kind} ${from}->${to}`).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(reason);
      expect(() => connect(before, sequentialIds(), { kind, from, to })).toThrow(EditError);
    }
    expect(canConnect(migration, "limit", "g", "c")).toEqual({
      ok: false,
      reason: "nothing follows a finalizer",
    });
    const withOr = addNode(before, sequentialIds(), { kind: "or", stateId: "s", name: "Or" });
    expect(canConnect(withOr.model, "failure", withOr.id, "f")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only actions fail/),
    });
    const intoMigration = addNode(migration, sequentialIds(), { kind: "action", stateId: "t", name: "X" });
    expect(canConnect(intoMigration.model, "not", intoMigration.id, "c")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/migration/),
    });
    expect(canConnect(before, "limit", "a", "f")).toEqual({ ok: true });
  });

  it("disconnect removes a line or a transition with its diagram entry", () => {
    const before = given();
    const drawn = connect(before, sequentialIds(), { kind: "not", from: "a", to: "f" });
    const result = disconnect(drawn.model, drawn.id);
    expect(result.model).toEqual(before);
    expectReversible(drawn.model, result);
    expectReversible(before, disconnect(before, "go:a->t"));
  });

  it("copy and paste into the same process keeps unused refs, gives fresh ids and drops taken codes", () => {
    const before = given();
    const content = copyElements(before, ["t"]);
    expect(content?.nodes.map((n) => n.id)).toEqual(["c", "g"]);
    const removed = removeState(before, "t").model;
    const pasted = pasteElements(removed, sequentialIds(), content as NonNullable<typeof content>, {
      offset: { x: 10, y: 10 },
    });
    expect(pasted.ids).toEqual(["state_1", "action_2", "finalizer_3", "flow_4"]);
    expect(pasted.model.states.at(-1)).toMatchObject({ id: "state_1", ref: "r.t", name: "T" });
    expect(pasted.model.lines.at(-1)).toMatchObject({
      from: "action_2",
      to: "finalizer_3",
      ref: "r.flow:c->g",
    });
    expectReversible(removed, pasted);
    const again = pasteElements(
      before,
      sequentialIds(),
      copyElements(before, ["a"]) as NonNullable<ReturnType<typeof copyElements>>,
    );
    const copy = again.model.nodes.at(-1);
    expect(copy).toMatchObject({ stateId: "s", ref: "r.action_1" });
    expect(copy).not.toHaveProperty("code");
    expect(again.model.transitions.at(-1)).toMatchObject({ from: "action_1", to: "t" });
    expect(
      validateModel(again.model).filter((p) => p.code === "code.duplicate" || p.code === "ref.duplicate"),
    ).toEqual([]);
  });

  it("paste into another process renews refs and needs a target for loose nodes", () => {
    const content = copyElements(fixtures["login-session"], ["getData", "postData"]);
    if (!content) throw new Error("nothing copied");
    expect(content.lines.map((l) => l.id)).toEqual(["flow:getData->postData", "flow:postData->getData"]);
    const before = given();
    expect(() => pasteElements(before, sequentialIds(), content)).toThrow(EditError);
    const pasted = pasteElements(before, sequentialIds(), content, { targetStateId: "t" });
    expect(pasted.model.nodes.slice(-2).map((n) => [n.stateId, n.ref])).toEqual([
      ["t", "r.action_1"],
      ["t", "r.action_2"],
    ]);
    expectReversible(before, pasted);
  });

  it("updateState, updateProcess: names and descriptions", () => {
    const before = given();
    const state = updateState(before, "t", { name: "Later", description: "after approval" });
    expect(state.model.states[1]).toEqual({
      id: "t",
      ref: "r.t",
      name: "Later",
      description: "after approval",
    });
    expectReversible(before, state);
    expect(() => updateState(before, "t", { name: "" })).toThrow(EditError);
    const process = updateProcess(before, { name: "Renamed", description: "x" });
    expect(process.model).toMatchObject({ name: "Renamed", description: "x" });
    expectReversible(before, process);
    expect(updateProcess(process.model, { description: "" }).model).not.toHaveProperty("description");
  });

  it("addCalendar and updateCalendar keep calendars schema-valid; removing one unsets it on actions", () => {
    const before = given();
    const added = addCalendar(before, sequentialIds(), { name: "Office", timezone: "Europe/Riga" });
    expect(added.model.calendars).toEqual([
      {
        id: "calendar_1",
        name: "Office",
        timezone: "Europe/Riga",
        weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: "09:00", to: "17:00" })),
        holidays: [],
      },
    ]);
    expectReversible(before, added);
    const changed = updateCalendar(added.model, added.id, { holidays: ["2027-12-25"] });
    expect(changed.model.calendars[0]?.holidays).toEqual(["2027-12-25"]);
    expectReversible(added.model, changed);
    expect(() => updateCalendar(added.model, added.id, { timezone: "Nowhere/Else" })).toThrow(EditError);
    expect(() =>
      addCalendar(before, sequentialIds(), { name: "Bad", weekly: [{ day: 9, from: "09:00", to: "10:00" }] }),
    ).toThrow(EditError);
    const used = updateNode(added.model, "a", { calendar: added.id }).model;
    const removed = removeElements(used, [added.id]);
    expect(removed.model.nodes[0]).not.toHaveProperty("calendar");
    expectReversible(used, removed);
  });

  it("changeLineKind keeps id, ref and layout and respects canConnect", () => {
    const before = updateLine(given(), "flow:a->f", { condition: "ok" }).model;
    const kept = { id: "flow:a->f", ref: "r.flow:a->f", from: "a", to: "f" };
    const failure = changeLineKind(before, "flow:a->f", "failure");
    expect(failure.model.lines[0]).toEqual({ ...kept, kind: "flow", on: "failed", condition: "ok" });
    expectReversible(before, failure);
    const limit = changeLineKind(before, "flow:a->f", "limit");
    expect(limit.model.lines[0]).toEqual({ ...kept, kind: "limit" });
    expectReversible(before, limit);
    const both = connect(before, sequentialIds(), { kind: "limit", from: "a", to: "f" }).model;
    expect(() => changeLineKind(both, "flow:a->f", "limit")).toThrow(/exists already/);
  });

  it("setWaypoints stores a line's or transition's bend points, an empty list resets, reversibly", () => {
    const before = given();
    const bends = [
      { x: 250, y: 120 },
      { x: 300, y: 120 },
    ];
    const set = setWaypoints(before, "flow:a->f", bends);
    expect(set.model.diagram.lines["flow:a->f"]).toEqual({ waypoints: bends });
    expect(set.model.lines).toBe(before.lines);
    expectReversible(before, set);
    const reset = setWaypoints(set.model, "flow:a->f", []);
    expect(reset.model.diagram.lines["flow:a->f"]).toEqual({ waypoints: [] });
    expectReversible(set.model, reset);
    const transition = before.transitions[0]?.id as string;
    const t = setWaypoints(before, transition, [{ x: 420, y: 10 }]);
    expect(t.model.diagram.transitions[transition]).toEqual({ waypoints: [{ x: 420, y: 10 }] });
    expect(setWaypoints(set.model, "flow:a->f", bends).patches).toEqual([]);
    expect(() => setWaypoints(before, "nope", [])).toThrow(EditError);
    expect(() => setWaypoints(before, "flow:a->f", [{ x: Number.NaN, y: 1 }])).toThrow(EditError);
  });
});
