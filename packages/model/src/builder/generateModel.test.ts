import { describe, expect, it } from "vitest";
import { validateModel } from "../validate/validateModel";
import { generateModel } from "./generateModel";

describe("generateModel", () => {
  it("generates the requested size, deterministically", () => {
    const model = generateModel({ states: 25, nodesPerState: 20 });
    expect(model.nodes).toHaveLength(500);
    expect(model.states).toHaveLength(25);
    expect(generateModel({ states: 25, nodesPerState: 20 })).toEqual(model);
  });

  it("generates a lint-clean model", () => {
    expect(validateModel(generateModel({ states: 25, nodesPerState: 20 }))).toEqual([]);
    expect(validateModel(generateModel({ states: 1, nodesPerState: 11 }))).toEqual([]);
  });
});
