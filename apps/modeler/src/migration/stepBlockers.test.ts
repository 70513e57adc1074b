import { describe, expect, it } from "vitest";
import { emptyDraft } from "./MigrationDraft";
import type { MigrationDraft } from "./MigrationDraft";
import { proposalFixture as v1 } from "./proposalFixture";
import { reachableStep, stepBlockers } from "./stepBlockers";
import { nextStep, previousStep, stepFromSearch } from "./wizardSteps";

describe("the wizard's steps", () => {
  it("reads the step from the URL; unknown or missing names give the first step", () => {
    expect(stepFromSearch("?step=dryRun")).toBe("dryRun");
    expect(stepFromSearch("?step=nope")).toBe("versions");
    expect(stepFromSearch("")).toBe("versions");
    expect(nextStep("versions")).toBe("mapping");
    expect(nextStep("dryRun")).toBeNull();
    expect(previousStep("versions")).toBeNull();
    expect(previousStep("mapping")).toBe("versions");
  });

  it("versions: a source and a target are needed, and the target is not a source", () => {
    expect(stepBlockers("versions", emptyDraft)).toEqual([
      "Choose at least one source version",
      "Choose the target version",
    ]);
    expect(
      stepBlockers("versions", { ...emptyDraft, sourceVersionIds: ["v2"], targetVersionId: "v2" }),
    ).toEqual(["The target version cannot also be a source version"]);
    expect(
      stepBlockers("versions", { ...emptyDraft, sourceVersionIds: ["v1"], targetVersionId: "v2" }),
    ).toEqual([]);
  });

  it("mapping: blocked while a state with running instances has no target; a choice unblocks it", () => {
    const draft: MigrationDraft = { ...emptyDraft, sourceVersionIds: ["v1"], targetVersionId: "v2" };
    expect(stepBlockers("mapping", draft)).toEqual(["Loading the proposed mapping…"]);
    expect(stepBlockers("mapping", draft, { proposals: [v1] })).toEqual([
      'State "Removed" of v1 has 3 running instances and no target: choose one',
    ]);
    expect(
      stepBlockers("mapping", { ...draft, choices: { v1: { removed: "fresh" } } }, { proposals: [v1] }),
    ).toEqual([]);
    // A choice for another version does not count.
    expect(
      stepBlockers("mapping", { ...draft, choices: { v9: { removed: "fresh" } } }, { proposals: [v1] }),
    ).toHaveLength(1);
  });

  it("instances and dry run: a live count above zero, and a dry run shown", () => {
    expect(stepBlockers("instances", emptyDraft)).toEqual(["Counting the selected instances…"]);
    expect(stepBlockers("instances", emptyDraft, { instanceCount: 0 })).toEqual([
      "No running instance matches the selection",
    ]);
    expect(stepBlockers("instances", emptyDraft, { instanceCount: 4 })).toEqual([]);
    expect(stepBlockers("dryRun", emptyDraft)).toEqual(["The dry run has not been shown yet"]);
    expect(stepBlockers("dryRun", emptyDraft, { dryRunShown: true })).toEqual([]);
  });

  it("a reload opens the requested step unless the draft says an earlier step is incomplete", () => {
    const ready: MigrationDraft = { ...emptyDraft, sourceVersionIds: ["v1"], targetVersionId: "v2" };
    expect(reachableStep("dryRun", emptyDraft)).toBe("versions");
    expect(reachableStep("dryRun", ready)).toBe("dryRun");
    expect(
      reachableStep("instances", { ...ready, variableChanges: [{ name: "x", expression: "1 +" }] }),
    ).toBe("variables");
    expect(
      reachableStep("variables", { ...ready, variableChanges: [{ name: "x", expression: "1 +" }] }),
    ).toBe("variables");
  });
});
