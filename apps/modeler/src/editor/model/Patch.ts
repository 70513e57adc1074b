/**
 * One change to a JSON document, in immer's patch format (what the model package's edit
 * operations return): `path` walks objects by key and arrays by index; `add` on an array index
 * inserts, `remove` on an array index deletes, `replace` of an array's `length` truncates.
 */
export interface Patch {
  op: "add" | "remove" | "replace";
  path: (string | number)[];
  value?: unknown;
}

/** What every edit returns: the new model plus the patches that lead there and back. */
export interface EditResult<M> {
  model: M;
  patches: Patch[];
  inverse: Patch[];
}
