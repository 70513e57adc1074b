import { describe, expect, it } from "vitest";
import { focusStates, mappingMarks, mappingRows, missingChoices } from "./mappingRows";
import { proposalFixture as v1, targetStateIds as targetStates } from "./proposalFixture";

describe("state mapping rows", () => {
  it("proposed by ref, flagged when a state with running instances has no counterpart, chosen over the proposal", () => {
    expect(mappingRows(v1)).toEqual([
      {
        stateId: "open",
        name: "Open",
        running: 2,
        targetStateId: "open",
        how: "ref",
        mustChoose: false,
        missing: false,
      },
      {
        stateId: "removed",
        name: "Removed",
        running: 3,
        targetStateId: null,
        how: null,
        mustChoose: true,
        missing: true,
      },
      {
        stateId: "renamed",
        name: "Old name",
        running: 1,
        targetStateId: "renamed",
        how: "ref",
        mustChoose: false,
        missing: false,
      },
      {
        stateId: "idle",
        name: "Idle",
        running: 0,
        targetStateId: null,
        how: null,
        mustChoose: false,
        missing: false,
      },
    ]);
    const chosen = mappingRows(v1, { removed: "fresh", open: "renamed" });
    expect(chosen.find((r) => r.stateId === "removed")).toMatchObject({
      targetStateId: "fresh",
      how: "choice",
      mustChoose: true,
      missing: false,
    });
    expect(chosen.find((r) => r.stateId === "open")).toMatchObject({
      targetStateId: "renamed",
      how: "choice",
    });
    expect(missingChoices([v1], {})).toEqual([
      { versionId: "v1", number: 1, stateId: "removed", name: "Removed", running: 3 },
    ]);
    expect(missingChoices([v1], { v1: { removed: "open" } })).toEqual([]);
  });

  it("marks the diagrams: missing source states red, chosen ones and their targets changed, targets nothing goes to added", () => {
    expect(mappingMarks(v1, targetStates)).toEqual({
      source: { removed: "removed" },
      target: { fresh: "added" },
    });
    expect(mappingMarks(v1, targetStates, { removed: "fresh" })).toEqual({
      source: { removed: "changed" },
      target: { fresh: "changed" },
    });
  });
});

describe("what the diagrams zoom to", () => {
  it("while a state must be chosen: that state, and the states new in the target", () => {
    expect(focusStates(mappingRows(v1), mappingMarks(v1, targetStates).target)).toEqual({
      source: ["removed"],
      target: ["fresh"],
    });
  });

  it("otherwise: the states with running instances and where they go", () => {
    const mapped = { ...v1, runningByState: { open: 2, renamed: 1 } };
    expect(focusStates(mappingRows(mapped), mappingMarks(mapped, targetStates).target)).toEqual({
      source: ["open", "renamed"],
      target: ["open", "renamed"],
    });
  });
});
