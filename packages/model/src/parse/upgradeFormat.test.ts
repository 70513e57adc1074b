import { describe, expect, it } from "vitest";
import { expectParsed } from "../testing/expectParsed";
import { parseModel } from "./parseModel";
import { upgradeFormat } from "./upgradeFormat";

const v0 = {
  formatVersion: 0,
  key: "legacy",
  name: "Legacy",
  states: [
    {
      id: "s1",
      ref: "rs1",
      name: "Only",
      initial: true,
      actions: [
        { id: "a", ref: "ra", kind: "action", name: "A", mode: "manual", position: { x: 10, y: 20 } },
        { id: "f", ref: "rf", kind: "finalizer", name: "End" },
      ],
    },
  ],
  lines: [{ id: "l", ref: "rl", kind: "flow", from: "a", to: "f" }],
  transitions: [],
};

describe("upgradeFormat", () => {
  it("moves v0 nested state.actions into flat nodes with a stateId and positions into the diagram", () => {
    const result = expectParsed(v0);
    expect(result.upgradedFrom).toBe(0);
    expect(result.model.formatVersion).toBe(1);
    expect(result.model.states).toEqual([{ id: "s1", ref: "rs1", name: "Only", initial: true }]);
    expect(result.model.nodes.map((n) => [n.id, n.stateId, n.kind])).toEqual([
      ["a", "s1", "action"],
      ["f", "s1", "finalizer"],
    ]);
    expect(result.model.diagram.nodes).toEqual({ a: { x: 10, y: 20, width: 160, height: 64 } });
  });

  it("leaves a current document untouched", () => {
    const doc = { formatVersion: 1, key: "k", name: "n", states: [] };
    const result = upgradeFormat(doc);
    expect(result).toEqual({ ok: true, document: doc, upgradedFrom: 1 });
  });

  it("reports missing and future versions", () => {
    for (const formatVersion of [undefined, 2, -1, 0.5, "1"]) {
      const result = upgradeFormat({ formatVersion, states: [] });
      expect(!result.ok && result.problems[0]?.code).toBe("format.version");
    }
  });

  it("passes odd v0 content through for the schema to report, without throwing", () => {
    const result = parseModel({
      formatVersion: 0,
      key: "k",
      name: "n",
      states: [null, { id: "s", actions: [7] }],
    });
    expect(result.ok).toBe(false);
  });
});
