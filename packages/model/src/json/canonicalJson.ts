/**
 * Canonical JSON text of a JSON value: object keys sorted (by UTF-16 code units), no whitespace,
 * `undefined` properties omitted, arrays in order, strings and numbers as `JSON.stringify` writes
 * them. Two values that are deep-equal as JSON give the same text, whatever their key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
}
