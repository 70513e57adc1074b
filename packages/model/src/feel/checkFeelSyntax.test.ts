import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFeelSyntax } from "./checkFeelSyntax";
import { parseFeel } from "./parseFeel";

const word = fc.constantFrom(
  "a",
  "caseId",
  "result",
  "x_1",
  "date",
  "time",
  "item",
  "and",
  "or",
  "not",
  "if",
  "for",
  "in",
  "null",
  "true",
  "false",
  "of",
  "some",
  "then",
);
const path = fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("."));
const literal = fc.oneof(
  fc.integer({ min: -99, max: 99 }).map(String),
  fc.constantFrom('"ok"', '""', "1.5", '"a b"'),
);
const operand = fc.oneof(path, literal);
const operator = fc.constantFrom("=", "!=", "<", "<=", ">", ">=", "+", "and", "");
const expression = fc
  .tuple(operand, operator, operand, fc.constantFrom("", " ", ")"))
  .map(([a, op, b, tail]) => (op === "" ? `${a}${tail}` : `${a} ${op} ${b}${tail}`));

describe("checkFeelSyntax", () => {
  it("agrees with the parser, fast path or not", () => {
    fc.assert(
      fc.property(expression, (e) => {
        expect(checkFeelSyntax(e) === undefined).toBe(parseFeel(e).ok);
      }),
      { numRuns: 1000 },
    );
  });

  it("returns the parser's error with its position", () => {
    expect(checkFeelSyntax("a = (")).toEqual({
      message: expect.stringContaining("position 5"),
      from: 5,
      to: 5,
    });
    expect(checkFeelSyntax("x.null")).toBeDefined();
    expect(checkFeelSyntax('status = "done"')).toBeUndefined();
  });
});
