import type { Patch } from "./Patch";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function walk(before: unknown, after: unknown, path: (string | number)[], out: Patch[]): void {
  if (Object.is(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length === after.length) {
      for (let i = 0; i < after.length; i++) walk(before[i], after[i], [...path, i], out);
      return;
    }
    out.push({ op: "replace", path, value: after });
    return;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) {
      if (!(key in after)) out.push({ op: "remove", path: [...path, key] });
    }
    for (const [key, value] of Object.entries(after)) {
      if (!(key in before)) out.push({ op: "add", path: [...path, key], value });
      else walk(before[key], value, [...path, key], out);
    }
    return;
  }
  out.push({ op: "replace", path, value: after });
}

/**
 * The patches that turn `before` into `after` (JSON values). Relies on structural sharing:
 * identical references are skipped without looking inside, so diffing two versions of a model that
 * share most of their objects is cheap. Arrays whose length changed are replaced whole.
 */
export function diffPatches(before: unknown, after: unknown): Patch[] {
  const out: Patch[] = [];
  walk(before, after, [], out);
  return out;
}
