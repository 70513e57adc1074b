/** "1, 3,4" → [1, 3, 4]; `undefined` for an empty text; `null` when a part is not a version number. */
export function parseVersionList(text: string | undefined): number[] | undefined | null {
  if (text === undefined || text.trim() === "") return undefined;
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return numbers.every((n) => Number.isInteger(n) && n >= 1) ? numbers : null;
}

/** [1, 3] → "1, 3". */
export function formatVersionList(list: readonly number[] | undefined): string | undefined {
  return list && list.length > 0 ? list.join(", ") : undefined;
}
