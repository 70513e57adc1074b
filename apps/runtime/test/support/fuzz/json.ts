/**
 * JSON text the way a hostile client writes it: values `JSON.stringify` cannot produce (`-0`,
 * `1e309`, integers beyond 2^63, `NaN`, 10,000-level nesting) are `Raw` text spliced in as is, and
 * an own `__proto__` key is written like any other key.
 */
export class Raw {
  constructor(readonly text: string) {}
}

/** Serialises without recursion limits for `Raw` parts (deep nesting is prebuilt text). */
export function jsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (value === undefined) return "null";
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number")
    return Number.isFinite(value) ? (Object.is(value, -0) ? "-0" : JSON.stringify(value)) : "null";
  // JSON.stringify writes a lone surrogate as the escape `\ud800`, which the server parses back to one.
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (typeof value === "object") {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}:${jsonText((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return "null";
}

/** An object with an own (enumerable) key, even `__proto__`, which object literals would turn into a prototype. */
export function withOwnKey(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** `depth` levels of arrays (or objects `{"a":…}`) around `inner`, as prebuilt text. */
export function deepNesting(depth: number, kind: "array" | "object", inner = "1"): Raw {
  return kind === "array"
    ? new Raw("[".repeat(depth) + inner + "]".repeat(depth))
    : new Raw('{"a":'.repeat(depth) + inner + "}".repeat(depth));
}
