import { describe, expect, it } from "vitest";
import { createWizardStore } from "./createWizardStore";
import type { DraftStorage } from "./createWizardStore";
import { emptyDraft, parseDraft, toPlan } from "./MigrationDraft";
import type { MigrationDraft } from "./MigrationDraft";
import { focusStates, mappingMarks, mappingRows, missingChoices } from "./mappingRows";
import type { SourceProposal } from "./mappingRows";
import { reachableStep, stepBlockers } from "./stepBlockers";
import { variableChangeProblems } from "./variableChangeProblems";
import { nextStep, previousStep, stepFromSearch } from "./wizardSteps";
import { suggestedVersions } from "./suggestedVersions";
import { formatEta, formatRate, isLive, isUnsettled, runControls } from "./runControls";

/** v1 of a process: `open` and `renamed` keep their refs in the target; `removed` has none there. */
const v1: SourceProposal = {
  versionId: "v1",
  number: 1,
  states: [
    { id: "open", ref: "r.open", name: "Open" },
    { id: "removed", ref: "r.removed", name: "Removed" },
    { id: "renamed", ref: "r.renamed", name: "Old name" },
    { id: "idle", ref: "r.idle", name: "Idle" },
  ],
  mapping: { open: "open", renamed: "renamed" },
  matchedBy: { open: "ref", renamed: "ref" },
  runningByState: { open: 2, removed: 3, renamed: 1 },
};
const targetStates = ["open", "renamed", "fresh"];

function memoryStorage(initial: string | null = null): DraftStorage & { text: string | null } {
  return {
    text: initial,
    load() {
      return this.text;
    },
    save(text) {
      this.text = text;
    },
  };
}

/** The operator in the wizard: given a store, they choose things, then we look. */
function wizard(storage = memoryStorage()) {
  const store = createWizardStore(storage);
  return { store, storage, s: () => store.getState(), get draft() { return store.getState().draft; } };
}

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
    expect(stepBlockers("versions", emptyDraft)).toEqual(["Choose at least one source version", "Choose the target version"]);
    expect(stepBlockers("versions", { ...emptyDraft, sourceVersionIds: ["v2"], targetVersionId: "v2" })).toEqual(["The target version cannot also be a source version"]);
    expect(stepBlockers("versions", { ...emptyDraft, sourceVersionIds: ["v1"], targetVersionId: "v2" })).toEqual([]);
  });

  it("mapping: blocked while a state with running instances has no target; a choice unblocks it", () => {
    const draft: MigrationDraft = { ...emptyDraft, sourceVersionIds: ["v1"], targetVersionId: "v2" };
    expect(stepBlockers("mapping", draft)).toEqual(["Loading the proposed mapping…"]);
    expect(stepBlockers("mapping", draft, { proposals: [v1] })).toEqual(['State "Removed" of v1 has 3 running instances and no target: choose one']);
    expect(stepBlockers("mapping", { ...draft, choices: { v1: { removed: "fresh" } } }, { proposals: [v1] })).toEqual([]);
    // A choice for another version does not count.
    expect(stepBlockers("mapping", { ...draft, choices: { v9: { removed: "fresh" } } }, { proposals: [v1] })).toHaveLength(1);
  });

  it("instances and dry run: a live count above zero, and a dry run shown", () => {
    expect(stepBlockers("instances", emptyDraft)).toEqual(["Counting the selected instances…"]);
    expect(stepBlockers("instances", emptyDraft, { instanceCount: 0 })).toEqual(["No running instance matches the selection"]);
    expect(stepBlockers("instances", emptyDraft, { instanceCount: 4 })).toEqual([]);
    expect(stepBlockers("dryRun", emptyDraft)).toEqual(["The dry run has not been shown yet"]);
    expect(stepBlockers("dryRun", emptyDraft, { dryRunShown: true })).toEqual([]);
  });

  it("a reload opens the requested step unless the draft says an earlier step is incomplete", () => {
    const ready: MigrationDraft = { ...emptyDraft, sourceVersionIds: ["v1"], targetVersionId: "v2" };
    expect(reachableStep("dryRun", emptyDraft)).toBe("versions");
    expect(reachableStep("dryRun", ready)).toBe("dryRun");
    expect(reachableStep("instances", { ...ready, variableChanges: [{ name: "x", expression: "1 +" }] })).toBe("variables");
    expect(reachableStep("variables", { ...ready, variableChanges: [{ name: "x", expression: "1 +" }] })).toBe("variables");
  });
});

describe("state mapping rows", () => {
  it("proposed by ref, flagged when a state with running instances has no counterpart, chosen over the proposal", () => {
    expect(mappingRows(v1)).toEqual([
      { stateId: "open", name: "Open", running: 2, targetStateId: "open", how: "ref", mustChoose: false, missing: false },
      { stateId: "removed", name: "Removed", running: 3, targetStateId: null, how: null, mustChoose: true, missing: true },
      { stateId: "renamed", name: "Old name", running: 1, targetStateId: "renamed", how: "ref", mustChoose: false, missing: false },
      { stateId: "idle", name: "Idle", running: 0, targetStateId: null, how: null, mustChoose: false, missing: false },
    ]);
    const chosen = mappingRows(v1, { removed: "fresh", open: "renamed" });
    expect(chosen.find((r) => r.stateId === "removed")).toMatchObject({ targetStateId: "fresh", how: "choice", mustChoose: true, missing: false });
    expect(chosen.find((r) => r.stateId === "open")).toMatchObject({ targetStateId: "renamed", how: "choice" });
    expect(missingChoices([v1], {})).toEqual([{ versionId: "v1", number: 1, stateId: "removed", name: "Removed", running: 3 }]);
    expect(missingChoices([v1], { v1: { removed: "open" } })).toEqual([]);
  });

  it("marks the diagrams: missing source states red, chosen ones and their targets changed, targets nothing goes to added", () => {
    expect(mappingMarks(v1, targetStates)).toEqual({ source: { removed: "removed" }, target: { fresh: "added" } });
    expect(mappingMarks(v1, targetStates, { removed: "fresh" })).toEqual({ source: { removed: "changed" }, target: { fresh: "changed" } });
  });
});

describe("what the diagrams zoom to", () => {
  it("while a state must be chosen: that state, and the states new in the target", () => {
    expect(focusStates(mappingRows(v1), mappingMarks(v1, targetStates).target)).toEqual({ source: ["removed"], target: ["fresh"] });
  });

  it("otherwise: the states with running instances and where they go", () => {
    const mapped = { ...v1, runningByState: { open: 2, renamed: 1 } };
    expect(focusStates(mappingRows(mapped), mappingMarks(mapped, targetStates).target)).toEqual({ source: ["open", "renamed"], target: ["open", "renamed"] });
  });
});

describe("variable changes", () => {
  it("checks names and FEEL like the runtime; blank rows are ignored", () => {
    expect(variableChangeProblems([{ name: "", expression: "" }, { name: "total", expression: "amount * 2" }])).toEqual([]);
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
    expect(stepBlockers("variables", { ...emptyDraft, variableChanges: [{ name: "a", expression: "1 + (" }] })[0]).toMatch(/^Variable change 1: /);
  });
});

describe("suggested versions", () => {
  const rows = [
    { id: "v4", number: 4, status: "draft", runningInstances: 0 },
    { id: "v3", number: 3, status: "published", runningInstances: 1 },
    { id: "v2", number: 2, status: "deprecated", runningInstances: 5 },
    { id: "v1", number: 1, status: "inactive", runningInstances: 0 },
  ];
  it("targets the newest published version, from every other version with running instances", () => {
    expect(suggestedVersions(rows)).toEqual({ sourceVersionIds: ["v2"], targetVersionId: "v3" });
    expect(suggestedVersions(rows.filter((r) => r.status !== "published"))).toEqual({ sourceVersionIds: [], targetVersionId: null });
  });

  it("fills a fresh wizard only, never over the operator's choice", () => {
    const w = wizard();
    w.s().suggest(suggestedVersions(rows));
    expect(w.draft).toMatchObject({ sourceVersionIds: ["v2"], targetVersionId: "v3" });
    w.s().toggleSource("v2", false);
    w.s().setTarget("v2");
    w.s().suggest(suggestedVersions(rows));
    expect(w.draft).toMatchObject({ sourceVersionIds: [], targetVersionId: "v2" });
  });
});

describe("the wizard store", () => {
  it("builds the plan a script would send: versions, choices over the proposal, variable changes, filter", () => {
    const w = wizard();
    w.s().toggleSource("v1", true);
    w.s().toggleSource("v0", true);
    w.s().toggleSource("v0", false);
    w.s().setTarget("v2");
    w.s().choose("v1", "removed", "fresh");
    w.s().addVariableChange();
    w.s().setVariableChange(0, { name: "migrated", expression: "true" });
    w.s().addVariableChange(); // left blank: not sent
    w.s().setFilter({ businessKey: "  ACME ", hasIncident: false });
    expect(toPlan("sales", w.draft)).toEqual({
      processKey: "sales",
      sourceVersionIds: ["v1"],
      targetVersionId: "v2",
      mapping: { v1: { removed: "fresh" } },
      variableChanges: { migrated: "true" },
      filter: { businessKey: "ACME", hasIncident: false },
    });
    expect(toPlan("sales", w.draft, { withVariableChanges: false, withFilter: false })).toEqual({ processKey: "sales", sourceVersionIds: ["v1"], targetVersionId: "v2", mapping: { v1: { removed: "fresh" } } });
    expect(toPlan("sales", emptyDraft)).toBeNull();
  });

  it("removing a choice brings the proposal back; the click gesture maps the picked source state to the picked target", () => {
    const w = wizard();
    w.s().setTarget("v2");
    w.s().choose("v1", "removed", "fresh");
    w.s().choose("v1", "removed", null);
    expect(w.draft.choices).toEqual({ v1: {} });
    w.s().pickTarget("open"); // nothing picked on the source: nothing happens
    expect(w.draft.choices).toEqual({ v1: {} });
    w.s().pickSource("v1", "removed");
    expect(w.s().pendingSource).toEqual({ versionId: "v1", stateId: "removed" });
    w.s().pickTarget("open");
    expect(w.draft.choices).toEqual({ v1: { removed: "open" } });
    expect(w.s().pendingSource).toBeNull();
  });

  it("choosing another target drops the choices, which named the old target's states", () => {
    const w = wizard();
    w.s().setTarget("v2");
    w.s().choose("v1", "removed", "fresh");
    w.s().setTarget("v2");
    expect(w.draft.choices).toEqual({ v1: { removed: "fresh" } });
    w.s().setTarget("v3");
    expect(w.draft.choices).toEqual({});
  });

  it("survives a reload: the draft round-trips through storage; a damaged one gives the empty draft", () => {
    const w = wizard();
    w.s().toggleSource("v1", true);
    w.s().setTarget("v2");
    w.s().choose("v1", "removed", "fresh");
    w.s().addVariableChange();
    w.s().setVariableChange(0, { name: "x", expression: "1" });
    w.s().setFilter({ stateId: "open", status: "running" });
    const reloaded = wizard(memoryStorage(w.storage.text));
    expect(reloaded.draft).toEqual(w.draft);
    expect(parseDraft(null)).toBe(emptyDraft);
    expect(parseDraft("{")).toBe(emptyDraft);
    expect(parseDraft(JSON.stringify({ ...w.draft, sourceVersionIds: [1] }))).toBe(emptyDraft);
    expect(parseDraft(JSON.stringify({ ...w.draft, choices: { v1: { a: 2 } } }))).toBe(emptyDraft);
    expect(parseDraft(JSON.stringify({ ...w.draft, filter: { status: "completed", stateId: 3 } })).filter).toEqual({});
    w.s().reset();
    expect(w.draft).toEqual(emptyDraft);
  });
});

describe("run controls and progress", () => {
  it("offers what the runtime's lifecycle allows", () => {
    expect(runControls("planned", 0)).toEqual({ start: true, pause: false, resume: false, cancel: true, retryFailed: false });
    expect(runControls("running", 2)).toEqual({ start: false, pause: true, resume: false, cancel: true, retryFailed: true });
    expect(runControls("paused", 0)).toEqual({ start: false, pause: false, resume: true, cancel: true, retryFailed: false });
    expect(runControls("completed", 1)).toEqual({ start: false, pause: false, resume: false, cancel: false, retryFailed: true });
    expect(runControls("cancelled", 3)).toEqual({ start: false, pause: false, resume: false, cancel: false, retryFailed: false });
    expect([isLive("running"), isLive("planned"), isLive("paused"), isLive("completed")]).toEqual([true, true, false, false]);
    expect(["scheduled", "running", "completed", "failed", "cancelled", "skipped"].map(isUnsettled)).toEqual([true, true, false, false, false, false]);
  });

  it("formats the ETA and the rate", () => {
    expect(formatEta(null)).toBe("—");
    expect(formatEta(0)).toBe("0 s");
    expect(formatEta(45)).toBe("45 s");
    expect(formatEta(200)).toBe("3 min 20 s");
    expect(formatEta(180)).toBe("3 min");
    expect(formatEta(3900)).toBe("1 h 5 min");
    expect(formatRate(0.25)).toBe("0.3 / s");
    expect(formatRate(12.4)).toBe("12 / s");
  });
});
