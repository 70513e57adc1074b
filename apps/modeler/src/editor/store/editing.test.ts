import { describe, expect, it } from "vitest";
import { stateWithTwoActions } from "./editorDriver";

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

describe("edits the model package refuses", () => {
  it("a calendar with an unknown time zone is refused with a notice and leaves the model alone", () => {
    const { e } = stateWithTwoActions();
    const id = e.s().addCalendar("Office") as string;
    expect(e.model.calendars.find((c) => c.id === id)).toMatchObject({ timezone: "Europe/Brussels" });
    const before = e.model;
    e.s().updateElement(id, { timezone: "Mars/Olympus_Mons" }, "Edit calendar");
    expect(e.model).toBe(before);
    expect(e.s().notice).toMatch(/time ?zone/i);
    e.s().updateElement(id, { timezone: "Europe/Paris" }, "Edit calendar");
    expect(e.model.calendars.find((c) => c.id === id)?.timezone).toBe("Europe/Paris");
  });

  it("an empty process name is refused; an empty description removes it, in one undo step", () => {
    const { e } = stateWithTwoActions();
    const name = e.model.name;
    e.s().updateProcess({ name: "" });
    expect(e.model.name).toBe(name);
    expect(e.s().notice).toMatch(/name/);
    e.s().updateProcess({ description: "Voids documents" });
    expect(e.model.description).toBe("Voids documents");
    e.s().updateProcess({ description: "" });
    expect(e.model).not.toHaveProperty("description");
    e.s().undo();
    expect(e.model.description).toBe("Voids documents");
  });

  it("a state's description is set and removed through the state edit", () => {
    const { e, state } = stateWithTwoActions();
    e.s().updateElement(state, { description: "Waiting for the customer" });
    expect(e.model.states.find((s) => s.id === state)?.description).toBe("Waiting for the customer");
    e.s().updateElement(state, { description: "" });
    expect(e.model.states.find((s) => s.id === state)).not.toHaveProperty("description");
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
