import type { Patch } from "../model/Patch";

/**
 * One undoable gesture. THE command-stack contract of the editor (other files refer here):
 *
 * - **Execute.** A command changes the model only through an edit of `@flowstate/model` (via
 *   `model/modelEdits.ts`), which returns `{ model, patches, inverse }` and never mutates its input.
 *   Several edits of one command (append = add node + connect + grow state) are chained with
 *   `combineEdits` into one result. A refused edit (`EditError`) changes nothing and becomes a notice.
 * - **Record.** `commit` turns a result into one entry: `patches` redo it, `inverse` undoes it,
 *   with the selection before and after. An edit without patches records nothing; recording clears
 *   `future`. `load()` (the server's model) is never recorded.
 * - **Inverse.** Undo applies `inverse` to the current model and redo applies `patches`
 *   (`applyPatches`); both restore the model exactly (deep-equal), and the selection of ids that
 *   still exist.
 * - **Merge of a gesture.** Between `beginGesture` and `commitGesture` (a drag, a resize, a bend
 *   point) each frame's edit only moves the model; at commit the gesture becomes ONE entry whose
 *   patches are the diff from the model it began with to where it ended (follow-up behaviours such
 *   as growing states and bend points that follow their ends join that entry). `cancelGesture`
 *   (Escape) restores the base model exactly and records nothing.
 */
export interface HistoryEntry {
  label: string;
  patches: Patch[];
  inverse: Patch[];
  selectionBefore: string[];
  selectionAfter: string[];
}
