import { describe, expect, it } from "vitest";
import { evaluateFeel } from "./evaluateFeel";
import { feelVariables } from "./feelVariables";
import { parseFeel } from "./parseFeel";

describe("parseFeel", () => {
  it("accepts valid expressions", () => {
    for (const e of [
      "a + b.c",
      'status = "accepted"',
      "for i in items return i * k",
      "count(list[item > 3])",
      "if x then 1 else 2",
    ]) {
      expect(parseFeel(e).ok).toBe(true);
    }
  });

  it("reports the position of a syntax error instead of throwing", () => {
    const result = parseFeel("x > 5 and");
    expect(result).toEqual({
      ok: false,
      error: { message: expect.stringContaining("position 9"), from: 9, to: 9 },
    });
    const paren = parseFeel("a + )");
    expect(paren.ok).toBe(false);
    if (!paren.ok) expect(paren.error.from).toBe(4);
    expect(parseFeel("").ok).toBe(false);
  });
});

describe("evaluateFeel", () => {
  it("evaluates against a context", () => {
    expect(evaluateFeel("a + b", { a: 1, b: 2 })).toEqual({ ok: true, value: 3, warnings: [] });
    expect(evaluateFeel('customer.name = "Ann"', { customer: { name: "Ann" } })).toMatchObject({
      ok: true,
      value: true,
    });
  });

  it("returns feelin's warnings for missing variables", () => {
    const result = evaluateFeel("missing + 1");
    expect(result.ok && result.value).toBe(null);
    expect(result.ok && result.warnings[0]?.type).toBe("NO_VARIABLE_FOUND");
  });

  it("turns a syntax error into a typed error with a position", () => {
    expect(evaluateFeel("x >")).toEqual({
      ok: false,
      error: { kind: "syntax", message: expect.any(String), from: 3, to: 3 },
    });
  });
});

describe("feelVariables", () => {
  it.each([
    ["a + b.c", ["a", "b"]],
    ["customer.address.city", ["customer"]],
    ["for i in items return i * k", ["items", "k"]],
    ["some x in list satisfies x > y", ["list", "y"]],
    ["{ a: 1, b: a + z }", ["z"]],
    ["function(p) p + q", ["q"]],
    ["count(orders[item.total > limit])", ["orders", "limit"]],
    ["x instance of number", ["x"]],
    ["if ok then a else a", ["ok", "a"]],
    ['"text"', []],
    ["x > ", []],
  ])("%s reads %j", (expression, expected) => {
    expect(feelVariables(expression)).toEqual(expected);
  });
});
