/** One top-level variable that an edit changes. */
export interface VariableChange {
  name: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

/** Structural equality of two JSON values (key order ignored). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return (
    keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && same(ao[k], bo[k]))
  );
}

/**
 * What saving `after` over `before` changes, per top-level variable, in name order: the same
 * comparison the engine's `variablesChanged` record makes (the diff the operator confirms).
 */
export function variablesDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): VariableChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: VariableChange[] = [];
  for (const name of names) {
    const had = Object.hasOwn(before, name);
    const has = Object.hasOwn(after, name);
    if (had && has && same(before[name], after[name])) continue;
    if (!had) changes.push({ name, kind: "added", after: after[name] });
    else if (!has) changes.push({ name, kind: "removed", before: before[name] });
    else changes.push({ name, kind: "changed", before: before[name], after: after[name] });
  }
  return changes;
}

/** A value in a diff row: compact JSON, cut at `max` characters. */
export function shortJson(value: unknown, max = 120): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
