import { describe, expect, it } from "vitest";
import { createWizardStore } from "./createWizardStore";
import type { DraftStorage } from "./createWizardStore";
import { emptyDraft, parseDraft, toPlan } from "./MigrationDraft";
import { suggestedVersions } from "./suggestedVersions";

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
  return {
    store,
    storage,
    s: () => store.getState(),
    get draft() {
      return store.getState().draft;
    },
  };
}

describe("suggested versions", () => {
  const rows = [
    { id: "v4", number: 4, status: "draft", runningInstances: 0 },
    { id: "v3", number: 3, status: "published", runningInstances: 1 },
    { id: "v2", number: 2, status: "deprecated", runningInstances: 5 },
    { id: "v1", number: 1, status: "inactive", runningInstances: 0 },
  ];
  it("targets the newest published version, from every other version with running instances", () => {
    expect(suggestedVersions(rows)).toEqual({ sourceVersionIds: ["v2"], targetVersionId: "v3" });
    expect(suggestedVersions(rows.filter((r) => r.status !== "published"))).toEqual({
      sourceVersionIds: [],
      targetVersionId: null,
    });
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
    expect(toPlan("sales", w.draft, { withVariableChanges: false, withFilter: false })).toEqual({
      processKey: "sales",
      sourceVersionIds: ["v1"],
      targetVersionId: "v2",
      mapping: { v1: { removed: "fresh" } },
    });
    expect(toPlan("sales", emptyDraft)).toBeNull();
  });

  it("the filter's started-between (local times) goes out as ISO instants, identifier pairs with a name only; the same filter for count, dry run and run", () => {
    const w = wizard();
    w.s().toggleSource("v1", true);
    w.s().setTarget("v2");
    w.s().setFilter({
      startedFrom: "2026-03-02T09:00",
      startedTo: "",
      identifiers: [
        { name: " customerId ", value: "C-7" },
        { name: "", value: "ignored" },
        { name: "region", value: "" },
      ],
    });
    const plan = toPlan("sales", w.draft);
    expect(plan?.filter).toEqual({
      startedFrom: new Date(2026, 2, 2, 9, 0).toISOString(),
      identifiers: [
        { name: "customerId", value: "C-7" },
        { name: "region", value: "" },
      ],
    });
    w.s().setFilter({
      startedFrom: "not a time",
      startedTo: "2026-03-03T18:30",
      identifiers: [{ name: "  ", value: "x" }],
    });
    expect(toPlan("sales", w.draft)?.filter).toEqual({
      startedTo: new Date(2026, 2, 3, 18, 30, 59, 999).toISOString(),
    });
    // The filter is kept as typed (so the form shows it again after a reload).
    const reloaded = wizard(memoryStorage(w.storage.text));
    expect(reloaded.draft.filter).toEqual({
      startedFrom: "not a time",
      startedTo: "2026-03-03T18:30",
      identifiers: [{ name: "  ", value: "x" }],
    });
    expect(parseDraft(JSON.stringify({ ...w.draft, filter: { identifiers: [{ name: 1 }] } })).filter).toEqual(
      {},
    );
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
    expect(
      parseDraft(JSON.stringify({ ...w.draft, filter: { status: "completed", stateId: 3 } })).filter,
    ).toEqual({});
    w.s().reset();
    expect(w.draft).toEqual(emptyDraft);
  });

  it("remembers the run created from the draft (a failed start is retried on it), and forgets it once the plan changes", () => {
    const w = wizard();
    w.s().toggleSource("v1", true);
    w.s().setTarget("v2");
    expect(w.s().createdRunId).toBeNull();
    w.s().runCreated("run-1", w.draft);
    expect(w.s().createdRunId).toBe("run-1");
    w.s().pickSource("v1", "removed"); // a gesture under way is no change to the plan
    expect(w.s().createdRunId).toBe("run-1");
    w.s().setFilter({ businessKey: "ACME" }); // an earlier step edited
    expect(w.s().createdRunId).toBeNull();
    w.s().runCreated("run-2", w.draft);
    w.s().reset();
    expect(w.s().createdRunId).toBeNull();
  });

  it("does not remember a run created for a draft that changed meanwhile", () => {
    const w = wizard();
    w.s().setTarget("v2");
    const asSent = w.draft;
    w.s().toggleSource("v1", true); // edited while migration.create was under way
    w.s().runCreated("run-1", asSent);
    expect(w.s().createdRunId).toBeNull();
  });
});
