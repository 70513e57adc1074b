import { describe, expect, it } from "vitest";
import { ModelBuilder } from "../builder/ModelBuilder";
import { parseModel } from "../parse/parseModel";
import { applyPatches } from "./applyPatches";
import { changeNodeKind } from "./changeNodeKind";

function given() {
  return new ModelBuilder("kinds", "Kinds")
    .state("s", "S", { initial: true })
    .action("a", "A", { mode: "manual" })
    .action("b", "B", { mode: "manual" })
    .and("j", "Join")
    .finalizer("f", "End")
    .flow("a", "j")
    .flow("b", "j")
    .flow("j", "f")
    .toModel();
}

describe("changeNodeKind", () => {
  it("switches an action's mode and an and/or in place, keeping id, ref, lines; reversible", () => {
    const before = given();
    const auto = changeNodeKind(before, "a", "automatic");
    expect(auto.model.nodes.find((n) => n.id === "a")).toMatchObject({
      id: "a",
      ref: before.nodes[0]?.ref,
      mode: "automatic",
    });
    expect(applyPatches(auto.model, auto.inverse)).toEqual(before);
    const or = changeNodeKind(before, "j", "or");
    const j = or.model.nodes.find((n) => n.id === "j");
    expect(j).toMatchObject({ id: "j", kind: "or", name: "Join" });
    expect(or.model.lines).toEqual(before.lines);
    expect(applyPatches(or.model, or.inverse)).toEqual(before);
    expect(parseModel(JSON.parse(JSON.stringify(or.model))).ok).toBe(true);
  });

  it("refuses a change across families", () => {
    expect(() => changeNodeKind(given(), "f", "and")).toThrow(/cannot become/);
    expect(() => changeNodeKind(given(), "a", "or")).toThrow(/cannot become/);
    expect(() => changeNodeKind(given(), "x", "or")).toThrow(/no node/);
  });
});
