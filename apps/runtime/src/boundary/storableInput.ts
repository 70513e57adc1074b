/**
 * THE input normalisation of the request boundary (issue 18 D7/D8): every tRPC procedure's raw
 * input (`trpc/trpc.ts`) and every `/api` route's params, query and body (`server/inputGuard.ts`)
 * pass this check before any procedure, route or database sees them. It refuses what PostgreSQL
 * cannot store or what no column can hold, naming the field:
 * - a string (value or object key) with a NUL character (`text`/`jsonb` refuse U+0000);
 * - a string with a lone UTF-16 surrogate (not valid UTF-8);
 * - a string longer than `maxStringLength` (per-field limits stay in the procedures' schemas);
 * - a number that is not finite (`1e400` parses to Infinity) — integer columns are bounded by
 *   each field's schema (`z.int().max(…)`), ids by their own parsers;
 * - nesting deeper than `maxDepth` (checked without recursion, so no stack overflow).
 */

export const maxStringLength = 100_000;
export const maxDepth = 64;

export interface UnstorableField {
  /** Where in the input: `["variables", "a", "0"]`; empty for the input itself. */
  path: string[];
  message: string;
}

const nul = String.fromCharCode(0);

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableString(value: string): string | undefined {
  if (value.includes(nul)) return "contains a NUL character (U+0000), which cannot be stored";
  if (loneSurrogate.test(value)) return "contains a lone UTF-16 surrogate (not valid Unicode text)";
  if (value.length > maxStringLength) return `is longer than ${maxStringLength} characters`;
  return undefined;
}

/** The first field of `input` that cannot be stored (depth-first, in key order); undefined when all can. */
export function findUnstorable(input: unknown): UnstorableField | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const why = unstorableString(value);
      if (why) return { path, message: why };
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) return { path, message: "is not a finite number" };
    } else if (value !== null && typeof value === "object") {
      if (path.length >= maxDepth) return { path, message: `is nested deeper than ${maxDepth} levels` };
      const entries = Array.isArray(value)
        ? value.map((v, i) => [String(i), v] as const)
        : Object.entries(value);
      // Reversed so the first key is checked first (the stack pops from the end).
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const why = unstorableString(key);
        if (why) return { path: [...path, storableText(key, 100).slice(0, 100)], message: `key ${why}` };
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/** A field path as messages show it: `variables.a[0]`-like dotted form (`(input)` for the root). */
export function fieldName(path: readonly string[], root = "(input)"): string {
  return path.length === 0 ? root : path.join(".");
}

/**
 * The text with everything PostgreSQL refuses replaced by U+FFFD and cut to `max` characters: for
 * values the server writes on its own account (audit details, a refused route's URL), never for
 * input a change is made from.
 */
export function storableText(value: string, max = 1000): string {
  const cut = value.length > max ? value.slice(0, max) : value;
  return cut.replaceAll(nul, "\ufffd").replace(new RegExp(loneSurrogate.source, "g"), "\ufffd");
}
