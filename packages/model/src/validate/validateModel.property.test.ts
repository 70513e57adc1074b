import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtures } from "../fixtures/index";
import type { Problem } from "./Problem";
import { validateModel } from "./validateModel";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** All JSON paths (to objects, arrays and leaves) of a document. */
function paths(
  value: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/** Deep copy of arrays and plain objects; anything else (from fc.anything) is shared. */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clone(v);
    return out as T;
  }
  return value;
}

type Mutation = { kind: "replace"; value: unknown } | { kind: "delete" } | { kind: "duplicate" };

/** Applies one mutation at `path` of a deep copy. */
function mutate(doc: Json, path: (string | number)[], mutation: Mutation): unknown {
  const copy = clone(doc) as Json;
  if (path.length === 0) return mutation.kind === "replace" ? mutation.value : copy;
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Json;
  const last = path[path.length - 1] as string | number;
  const container = parent as Record<string | number, unknown> & unknown[];
  if (mutation.kind === "replace") container[last] = mutation.value;
  else if (mutation.kind === "delete") {
    if (Array.isArray(container) && typeof last === "number") container.splice(last, 1);
    else delete container[last];
  } else if (Array.isArray(container) && typeof last === "number")
    container.splice(last, 0, clone(container[last]));
  else container[last] = clone(container[last]);
  return copy;
}

function expectProblems(problems: Problem[]): void {
  expect(Array.isArray(problems)).toBe(true);
  for (const p of problems) {
    expect(p.code).not.toBe("internal.error");
    expect(["error", "warning"]).toContain(p.severity);
    expect(Array.isArray(p.elementIds)).toBe(true);
  }
}

describe("validateModel never throws", () => {
  it("on arbitrary values", () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withObjectString: true, withSparseArray: true }),
        (value) => {
          expectProblems(validateModel(value));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("on arbitrary strings (as JSON text)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => expectProblems(validateModel(text))),
      { numRuns: 300 },
    );
  });

  describe.each(Object.entries(fixtures))("on mutations of fixture %s", (_name, model) => {
    const doc = JSON.parse(JSON.stringify(model)) as Json;
    const all = paths(doc);
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({
        kind: fc.constant("replace" as const),
        value: fc.oneof(fc.anything(), fc.constantFrom("", "x", "flow", "and", "a >", 0, -1, null, [], {})),
      }),
      fc.constant({ kind: "delete" as const }),
      fc.constant({ kind: "duplicate" as const }),
    );
    it("stays total", () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 0, max: all.length - 1 }), mutation), {
            minLength: 1,
            maxLength: 3,
          }),
          (steps) => {
            let current: unknown = doc;
            for (const [i, m] of steps) {
              const candidates = paths(current as Json);
              current = mutate(current as Json, candidates[i % candidates.length] as (string | number)[], m);
            }
            expectProblems(validateModel(current));
          },
        ),
        { numRuns: 150 },
      );
    });
  });
});
