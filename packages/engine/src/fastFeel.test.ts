import fc from "fast-check";
import { evaluateFeel } from "@flowstate/model";
import { describe, expect, it } from "vitest";
import { fastFeel } from "./fastFeel";
import { toJson } from "./Json";

const value = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom("a", "b", "", "x y"),
  fc.constant([1, 2]),
  fc.constant({ q: 1 }),
);
const context = fc.record(
  { a: value, b: value, o: fc.record({ p: value, r: fc.record({ q: value }) }), l: fc.constant([{ p: 1 }]) },
  { requiredKeys: [] },
);
const path = fc.constantFrom(
  "a",
  "b",
  "o",
  "o.p",
  "o.r.q",
  "o.r",
  "o.missing.deep",
  "l.p",
  "missing",
  "a.p",
  "result",
  "date",
  "not",
);
const literal = fc.constantFrom("1", "-2", "0.5", '"a"', '"b"', '""', "true", "false", "null", '"x = y"');
const operand = fc.oneof(path, literal);
const expression = fc.oneof(
  operand,
  fc
    .tuple(operand, fc.constantFrom("=", "!=", "<", "<=", ">", ">="), operand)
    .map(([l, op, r]) => `${l} ${op} ${r}`),
  fc.constantFrom("a + 1", "if a then 1 else 2", "count(l)", "a=b", "  o.p  =  1 ", "[a]", "{x: a}"),
);

describe("fastFeel", () => {
  it("answers exactly as feelin whenever it answers", () => {
    fc.assert(
      fc.property(expression, context, (e, ctx) => {
        const fast = fastFeel(e, ctx);
        if (fast === undefined) return;
        const slow = evaluateFeel(e, ctx);
        expect(slow.ok).toBe(true);
        if (slow.ok) expect(fast.value).toEqual(toJson(slow.value));
      }),
      { numRuns: 3000 },
    );
  });

  it("answers the common shapes", () => {
    const ctx = { result: { id: 7, user: { id: "u" } }, decision: "accepted", ok: true, n: 3 };
    expect(fastFeel("result.user.id", ctx)).toEqual({ value: "u" });
    expect(fastFeel('decision = "accepted"', ctx)).toEqual({ value: true });
    expect(fastFeel("ok != true", ctx)).toEqual({ value: false });
    expect(fastFeel("n > 2", ctx)).toEqual({ value: true });
    expect(fastFeel('"expired"', ctx)).toEqual({ value: "expired" });
    expect(fastFeel("result.missing", ctx)).toEqual({ value: null });
    expect(fastFeel('"a" + decision', ctx)).toBeUndefined();
    expect(fastFeel("unknown = 1", ctx)).toBeUndefined();
  });
});
