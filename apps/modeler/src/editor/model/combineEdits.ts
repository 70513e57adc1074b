import type { EditResult } from "./Patch";

/** Two consecutive edits as one: patches in order, inverse patches in reverse order. */
export function combineEdits<M>(first: EditResult<M>, second: EditResult<M>): EditResult<M> {
  return {
    model: second.model,
    patches: [...first.patches, ...second.patches],
    inverse: [...second.inverse, ...first.inverse],
  };
}
