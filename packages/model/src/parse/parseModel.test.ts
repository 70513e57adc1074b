import { describe, expect, it } from "vitest";
import { expectParsed } from "../testing/expectParsed";
import { parseModel } from "./parseModel";

const minimal = {
  formatVersion: 1,
  key: "p",
  name: "P",
  states: [{ id: "s1", ref: "rs1", name: "Start", initial: true }],
  nodes: [{ id: "a1", ref: "ra1", kind: "action", stateId: "s1", name: "Do", mode: "manual" }],
};

describe("parseModel", () => {
  it("applies defaults to a minimal model", () => {
    const result = expectParsed(minimal);
    expect(result.upgradedFrom).toBe(1);
    expect(result.model.lines).toEqual([]);
    expect(result.model.transitions).toEqual([]);
    expect(result.model.calendars).toEqual([]);
    expect(result.model.diagram).toEqual({ nodes: {}, states: {}, lines: {}, transitions: {} });
    expect(result.model.nodes[0]).toEqual({
      id: "a1",
      ref: "ra1",
      kind: "action",
      stateId: "s1",
      name: "Do",
      mode: "manual",
      maxOccurs: 1,
      singleton: false,
      captures: [],
      strictness: "strict",
    });
  });

  it("defaults a flow line to on: completed and a finalizer to succeeded without compensation", () => {
    const result = parseModel({
      ...minimal,
      nodes: [...minimal.nodes, { id: "f", ref: "rf", kind: "finalizer", stateId: "s1", name: "End" }],
      lines: [{ id: "l", ref: "rl", kind: "flow", from: "a1", to: "f" }],
    });
    expect(result.ok && result.model.lines[0]).toEqual({
      id: "l",
      ref: "rl",
      kind: "flow",
      from: "a1",
      to: "f",
      on: "completed",
    });
    expect(result.ok && result.model.nodes[1]).toMatchObject({
      kind: "finalizer",
      outcome: "succeeded",
      compensate: false,
    });
  });

  it("reads JSON text and reports malformed JSON as a problem", () => {
    expect(parseModel(JSON.stringify(minimal)).ok).toBe(true);
    const bad = parseModel('{"formatVersion": 1,');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.code)).toEqual(["json.syntax"]);
  });

  it("reports an unknown node kind with the element id", () => {
    const result = parseModel({
      ...minimal,
      nodes: [{ id: "x1", ref: "rx", kind: "gateway", stateId: "s1", name: "G" }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ code: "node.unknown-kind", elementIds: ["x1"], path: ["nodes", 0, "kind"] }),
    ]);
  });

  it("reports an unknown line kind with the element id", () => {
    const result = parseModel({
      ...minimal,
      lines: [{ id: "l9", ref: "rl9", kind: "dashed", from: "a1", to: "a1" }],
    });
    expect(!result.ok && result.problems[0]).toMatchObject({ code: "line.unknown-kind", elementIds: ["l9"] });
  });

  it("points a wrong field at its element", () => {
    const result = parseModel({
      ...minimal,
      nodes: [{ ...minimal.nodes[0], delay: "4 hours", maxOccurs: -1 }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.elementIds, p.path])).toEqual([
      ["schema.invalid", ["a1"], ["nodes", 0, "delay"]],
      ["schema.invalid", ["a1"], ["nodes", 0, "maxOccurs"]],
    ]);
  });

  it("rejects fields a kind does not have (a condition on a limit line)", () => {
    const result = parseModel({
      ...minimal,
      lines: [{ id: "l", ref: "rl", kind: "limit", from: "a1", to: "a1", condition: "x" }],
    });
    expect(!result.ok && result.problems[0]).toMatchObject({ code: "schema.invalid", elementIds: ["l"] });
  });

  it("validates calendars: time zone, HH:mm windows that end after they start, holiday dates", () => {
    const calendar = {
      id: "c",
      name: "Office",
      timezone: "Europe/Brussels",
      weekly: [{ day: 1, from: "09:00", to: "17:00" }],
      holidays: ["2027-12-25"],
    };
    expect(parseModel({ ...minimal, calendars: [calendar] }).ok).toBe(true);
    for (const bad of [
      { timezone: "Mars/Olympus" },
      { weekly: [{ day: 8, from: "09:00", to: "17:00" }] },
      { weekly: [{ day: 1, from: "17:00", to: "09:00" }] },
      { holidays: ["25/12/2027"] },
    ]) {
      const result = parseModel({ ...minimal, calendars: [{ ...calendar, ...bad }] });
      expect(!result.ok && result.problems[0]).toMatchObject({ code: "schema.invalid", elementIds: ["c"] });
    }
  });

  it("points diagram problems at the element the entry belongs to", () => {
    const result = parseModel({
      ...minimal,
      diagram: { nodes: { a1: { x: 0, y: 0, width: -5, height: 10 } } },
    });
    expect(!result.ok && result.problems[0]).toMatchObject({ code: "schema.invalid", elementIds: ["a1"] });
  });

  it("never throws on values that are not models", () => {
    for (const value of [
      null,
      42,
      "x",
      [],
      { formatVersion: "1" },
      { formatVersion: 99 },
      { formatVersion: 1 },
    ]) {
      const result = parseModel(value);
      expect(result.ok).toBe(false);
    }
  });
});

describe("parseModel on exotic values", () => {
  it("turns a throwing getter into an internal.error problem instead of throwing", () => {
    const hostile = {
      formatVersion: 1,
      key: "k",
      name: "n",
      get states(): never {
        throw new Error("boom");
      },
    };
    const result = parseModel(hostile);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({
        code: "internal.error",
        message: expect.stringContaining("boom"),
      });
  });
});
