/**
 * What every command group shares: the store's `set`/`get`, its deps, and the one way an edit is
 * recorded (`commit`), following the command-stack contract in `HistoryEntry.ts`.
 */
import type { Problem, ProcessModel } from "@flowstate/model";
import type { EditResult } from "../model/Patch";
import type { EditorCommands, EditorDeps, EditorState, EditorStore } from "./EditorState";
import type { HistoryEntry } from "./HistoryEntry";

export interface EditorCore {
  set: EditorStore["setState"];
  get: () => EditorState & EditorCommands;
  deps: EditorDeps;
  /** Validates a model: its problems and the worst severity per element. */
  problemsOf(model: ProcessModel): Pick<EditorState, "problems" | "problemsByElement">;
  /** Sets a new model, revalidating only when its meaning changed. */
  withModel(model: ProcessModel): Partial<EditorState>;
  /** Records an edit (contract: `HistoryEntry`). */
  commit(label: string, result: EditResult<ProcessModel>, selectionAfter?: string[]): boolean;
  /** Tells the analyst why a command did nothing. */
  refuse(notice: string): undefined;
}

/** A command group: given the core, the slice `K` of the editor's commands it implements. */
export type CommandGroup<K extends keyof EditorCommands> = (core: EditorCore) => Pick<EditorCommands, K>;

export function lookup(ids: readonly string[]): Record<string, true> {
  const out: Record<string, true> = {};
  for (const id of ids) out[id] = true;
  return out;
}

function severities(problems: readonly Problem[]): Record<string, Problem["severity"]> {
  const out: Record<string, Problem["severity"]> = {};
  for (const p of problems) for (const id of p.elementIds) if (out[id] !== "error") out[id] = p.severity;
  return out;
}

/** The model's meaning without its layout: validation only reruns when one of these changes. */
function sameMeaning(a: ProcessModel, b: ProcessModel): boolean {
  return (
    a.states === b.states &&
    a.nodes === b.nodes &&
    a.lines === b.lines &&
    a.transitions === b.transitions &&
    a.calendars === b.calendars &&
    a.name === b.name
  );
}

export function editorCore(set: EditorCore["set"], get: EditorCore["get"], deps: EditorDeps): EditorCore {
  const problemsOf = (model: ProcessModel) => {
    const problems = deps.validate(model);
    return { problems, problemsByElement: severities(problems) };
  };

  const withModel = (model: ProcessModel): Partial<EditorState> =>
    sameMeaning(get().model, model) ? { model } : { model, ...problemsOf(model) };

  const commit = (label: string, result: EditResult<ProcessModel>, selectionAfter?: string[]): boolean => {
    const s = get();
    if (s.readOnly) return false;
    if (result.patches.length === 0) return false;
    const after = selectionAfter ?? s.selection;
    if (s.gesture) {
      // A frame of the gesture: only the model (and a selection given) changes; nothing is recorded.
      set(
        after === s.selection
          ? withModel(result.model)
          : { ...withModel(result.model), selection: after, selected: lookup(after) },
      );
      return true;
    }
    const entry: HistoryEntry = {
      label,
      patches: result.patches,
      inverse: result.inverse,
      selectionBefore: s.selection,
      selectionAfter: after,
    };
    set({
      ...withModel(result.model),
      past: [...s.past, entry],
      future: [],
      changeCount: s.changeCount + 1,
      selection: after,
      selected: lookup(after),
      notice: null,
    });
    return true;
  };

  const refuse = (notice: string): undefined => {
    set({ notice });
    return undefined;
  };

  return { set, get, deps, problemsOf, withModel, commit, refuse };
}
