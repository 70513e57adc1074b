import type { Patch } from "./Patch";

type Container = Record<string, unknown> | unknown[];

function copy(container: Container): Container {
  return Array.isArray(container) ? container.slice() : { ...container };
}

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

function applyOne(root: unknown, patch: Patch): unknown {
  if (patch.path.length === 0) {
    if (patch.op === "remove") return undefined;
    return patch.value;
  }
  if (!isContainer(root)) throw new Error(`patch path ${patch.path.join("/")} walks into a non-object`);
  const [head, ...rest] = patch.path as [string | number, ...(string | number)[]];
  const next = copy(root);
  if (rest.length > 0) {
    const child = (next as Record<string | number, unknown>)[head];
    (next as Record<string | number, unknown>)[head] = applyOne(child, { ...patch, path: rest });
    return next;
  }
  if (Array.isArray(next)) {
    if (head === "length") {
      next.length = Number(patch.value);
      return next;
    }
    const index = head === "-" ? next.length : Number(head);
    if (patch.op === "add") next.splice(index, 0, patch.value);
    else if (patch.op === "remove") next.splice(index, 1);
    else next[index] = patch.value;
    return next;
  }
  if (patch.op === "remove") delete next[String(head)];
  else next[String(head)] = patch.value;
  return next;
}

/**
 * Applies patches immutably with structural sharing: only the containers along each patch's path
 * are copied, everything else keeps its identity (so memoized canvas nodes do not re-render).
 * Equivalent to immer's `applyPatches` for the patches immer produces.
 */
export function applyPatches<T>(base: T, patches: readonly Patch[]): T {
  let result: unknown = base;
  for (const patch of patches) result = applyOne(result, patch);
  return result as T;
}
