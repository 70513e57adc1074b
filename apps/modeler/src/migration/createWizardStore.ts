/**
 * THE migration wizard's state (zustand vanilla, no DOM): the draft plan and the commands that
 * change it. One store per wizard page; every change is saved to `storage` so a reload resumes
 * the same draft.
 */
import { createStore } from "zustand/vanilla";
import type { StoreApi } from "zustand/vanilla";
import { emptyDraft, parseDraft } from "./MigrationDraft";
import type { DraftFilter, MigrationDraft, VariableChange } from "./MigrationDraft";

/** Where the draft lives between reloads (sessionStorage in the app, memory in tests). */
export interface DraftStorage {
  load(): string | null;
  save(text: string): void;
}

export interface WizardState {
  draft: MigrationDraft;
  /** A source state picked on the source diagram, waiting for a target state to be picked. */
  pendingSource: { versionId: string; stateId: string } | null;
  /**
   * The run already created from this very draft whose start failed: trying again starts that run
   * instead of creating another one (which would leave the first planned and orphaned). Any change
   * to the draft forgets it: the run was planned for the draft as it was.
   */
  createdRunId: string | null;
}

export interface WizardCommands {
  toggleSource(versionId: string, on: boolean): void;
  /** Choosing another target drops the state choices (they name the old target's states). */
  setTarget(versionId: string): void;
  /** Maps a source state to a target state; null removes the choice (the proposal applies again). */
  choose(versionId: string, stateId: string, targetStateId: string | null): void;
  pickSource(versionId: string, stateId: string): void;
  /** Maps the picked source state to `targetStateId` (the click-to-connect gesture). */
  pickTarget(targetStateId: string): void;
  addVariableChange(): void;
  setVariableChange(index: number, patch: Partial<VariableChange>): void;
  removeVariableChange(index: number): void;
  setFilter(patch: Partial<DraftFilter>): void;
  /** Fills in the versions when none are chosen yet (a fresh wizard); never overrides a choice. */
  suggest(versions: { sourceVersionIds: string[]; targetVersionId: string | null }): void;
  /** Remembers the run created from `forDraft`, unless the draft changed while it was being created. */
  runCreated(runId: string, forDraft: MigrationDraft): void;
  reset(): void;
}

export type WizardStore = StoreApi<WizardState & WizardCommands>;

export function createWizardStore(storage?: DraftStorage): WizardStore {
  const store = createStore<WizardState & WizardCommands>()((set, get) => {
    const update = (draft: Partial<MigrationDraft>) =>
      set({ draft: { ...get().draft, ...draft }, createdRunId: null });
    return {
      draft: parseDraft(storage?.load() ?? null),
      pendingSource: null,
      createdRunId: null,
      toggleSource(versionId, on) {
        const ids = get().draft.sourceVersionIds.filter((id) => id !== versionId);
        update({ sourceVersionIds: on ? [...ids, versionId] : ids });
      },
      setTarget(versionId) {
        if (get().draft.targetVersionId === versionId) return;
        update({ targetVersionId: versionId, choices: {} });
        set({ pendingSource: null });
      },
      choose(versionId, stateId, targetStateId) {
        const forVersion = { ...get().draft.choices[versionId] };
        if (targetStateId === null) delete forVersion[stateId];
        else forVersion[stateId] = targetStateId;
        update({ choices: { ...get().draft.choices, [versionId]: forVersion } });
      },
      pickSource(versionId, stateId) {
        set({ pendingSource: { versionId, stateId } });
      },
      pickTarget(targetStateId) {
        const pending = get().pendingSource;
        if (!pending) return;
        get().choose(pending.versionId, pending.stateId, targetStateId);
        set({ pendingSource: null });
      },
      addVariableChange() {
        update({ variableChanges: [...get().draft.variableChanges, { name: "", expression: "" }] });
      },
      setVariableChange(index, patch) {
        update({
          variableChanges: get().draft.variableChanges.map((c, i) => (i === index ? { ...c, ...patch } : c)),
        });
      },
      removeVariableChange(index) {
        update({ variableChanges: get().draft.variableChanges.filter((_, i) => i !== index) });
      },
      setFilter(patch) {
        const filter: DraftFilter = { ...get().draft.filter, ...patch };
        for (const k of Object.keys(filter) as (keyof DraftFilter)[])
          if (filter[k] === undefined) delete filter[k];
        update({ filter });
      },
      suggest(versions) {
        const { draft } = get();
        if (draft.sourceVersionIds.length > 0 || draft.targetVersionId !== null) return;
        update({ sourceVersionIds: versions.sourceVersionIds, targetVersionId: versions.targetVersionId });
      },
      runCreated(runId, forDraft) {
        if (get().draft === forDraft) set({ createdRunId: runId });
      },
      reset() {
        set({ draft: emptyDraft, pendingSource: null, createdRunId: null });
      },
    };
  });
  if (storage) store.subscribe((s, prev) => s.draft !== prev.draft && storage.save(JSON.stringify(s.draft)));
  return store;
}
