import type { Patch } from "../model/Patch";

/** One undoable gesture: the patches that did it, the patches that undo it, and the selection around it. */
export interface HistoryEntry {
  label: string;
  patches: Patch[];
  inverse: Patch[];
  selectionBefore: string[];
  selectionAfter: string[];
}
