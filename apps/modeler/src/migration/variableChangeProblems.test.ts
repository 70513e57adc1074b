import { describe, expect, it } from "vitest";
import { emptyDraft } from "./MigrationDraft";
import { stepBlockers } from "./stepBlockers";
import { variableChangeProblems } from "./variableChangeProblems";

describe("variable changes", () => {
  it("checks names and FEEL like the runtime; blank rows are ignored", () => {
    expect(
      variableChangeProblems([
        { name: "", expression: "" },
        { name: "total", expression: "amount * 2" },
      ]),
    ).toEqual([]);
    const problems = variableChangeProblems([
      { name: "1st", expression: "1" },
      { name: "a", expression: "1 + (" },
      { name: "a", expression: "2" },
      { name: "b", expression: " " },
      { name: "", expression: "3" },
    ]);
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [0, "name"],
      [1, "expression"],
      [2, "name"],
      [3, "expression"],
      [4, "name"],
    ]);
    expect(problems[1]).toMatchObject({ from: expect.any(Number), to: expect.any(Number) });
    expect(
      stepBlockers("variables", { ...emptyDraft, variableChanges: [{ name: "a", expression: "1 + (" }] })[0],
    ).toMatch(/^Variable change 1: /);
  });
});
