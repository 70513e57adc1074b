import { describe, expect, it } from "vitest";
import { applyPatches } from "@flowstate/model";
import { documentVoiding } from "@flowstate/model/fixtures";
import type { ProcessModel } from "@flowstate/model";
import { diffPatches } from "./diffPatches";

describe("diffPatches (for the few edits the model package has no operation for)", () => {
  it("produces immer patches that redo and undo exactly", () => {
    const after: ProcessModel = {
      ...documentVoiding,
      name: "Voiding",
      states: [...documentVoiding.states, { id: "x", ref: "r.x", name: "X" }],
      diagram: { ...documentVoiding.diagram, states: {} },
    };
    expect(applyPatches(documentVoiding, diffPatches(documentVoiding, after))).toEqual(after);
    expect(applyPatches(after, diffPatches(after, documentVoiding))).toEqual(documentVoiding);
  });

  it("shares unchanged subtrees: identical references produce no patches", () => {
    expect(diffPatches(documentVoiding, { ...documentVoiding })).toEqual([]);
  });
});
