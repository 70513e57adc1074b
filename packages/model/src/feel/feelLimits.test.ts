import { evaluate } from "feelin";
import { describe, expect, it } from "vitest";
import { evaluateFeel, FEEL_LIMITS } from "./evaluateFeel";
import type { FeelLimits } from "./evaluateFeel";

const small: FeelLimits = { steps: 500, listLength: 50, stringLength: 100 };

function limitOf(
  expression: string,
  context: Record<string, unknown> = {},
  limits: FeelLimits = FEEL_LIMITS,
) {
  const r = evaluateFeel(expression, context, limits);
  if (r.ok) throw new Error(`expected a limit error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe("FEEL limits", () => {
  it("refuses a range longer than the list limit before building it (the 3e6 input mapping)", () => {
    const error = limitOf("count(for i in 1..size return i)", { size: 3e6 });
    expect(error).toMatchObject({ kind: "limit", limit: { name: "list", max: FEEL_LIMITS.listLength } });
    expect(error.message).toContain("a list exceeds 10000 elements");
    expect(error.message).toContain("i in 1..size");
  });

  it("counts every evaluated node as a step", () => {
    expect(evaluateFeel("count(for i in 1..40 return i * 2)", {}, small)).toMatchObject({
      ok: true,
      value: 40,
    });
    expect(
      limitOf("count(for i in 1..45, j in 1..10 return i * j)", {}, { ...small, listLength: 1000 }),
    ).toMatchObject({ kind: "limit", limit: { name: "steps", max: 500 } });
  });

  it("bounds the product of several iteration contexts", () => {
    expect(limitOf("count(for i in 1..9000, j in 1..9000 return i * j)")).toMatchObject({
      limit: { name: "list" },
    });
  });

  it("does not count a large input list against the list limit, only the steps spent on it", () => {
    const list = Array.from({ length: 400 }, (_, i) => i);
    expect(evaluateFeel("count(l)", { l: list }, small)).toMatchObject({ ok: true, value: 400 });
  });

  it("bounds filters, some/every and sort callbacks by steps", () => {
    const list = Array.from({ length: 400 }, (_, i) => i);
    expect(limitOf("count(l[item > 5])", { l: list }, small).limit?.name).toBe("steps");
    expect(limitOf("some x in l satisfies x > 1000", { l: list }, small).limit?.name).toBe("steps");
    expect(limitOf("every x in l satisfies x >= 0", { l: list }, small).limit?.name).toBe("steps");
    expect(
      limitOf("sort(l, function(x, y) x > y)[1]", { l: list.slice(0, 150) }, { ...small, listLength: 1000 })
        .limit?.name,
    ).toBe("steps");
  });

  it("bounds recursion (exponential calls by steps, deep calls by the stack)", () => {
    expect(limitOf("{f: function(n) if n = 0 then 0 else f(n - 1) + f(n - 1)}.f(40)").limit?.name).toBe(
      "steps",
    );
    expect(
      limitOf(
        "{f: function(n) if n = 0 then 0 else f(n - 1) + 1}.f(1000000)",
        {},
        { ...FEEL_LIMITS, steps: 1e9 },
      ).kind,
    ).toBe("limit");
  });

  it("bounds strings and lists that double per call", () => {
    expect(limitOf('{f: function(s, n) if n = 0 then s else f(s + s, n - 1)}.f("ab", 40)')).toMatchObject({
      limit: { name: "string", max: FEEL_LIMITS.stringLength },
    });
    expect(
      limitOf("{f: function(l, n) if n = 0 then l else f(concatenate(l, l), n - 1)}.f([1], 40)"),
    ).toMatchObject({ limit: { name: "list" } });
    expect(limitOf('string join(for i in 1..20 return "0123456789")', {}, small).limit?.name).toBe("string");
  });

  it("charges quadratic built-ins (distinct values of lists) for their comparisons", () => {
    expect(
      limitOf(
        "count(distinct values(for i in 1..200 return [i]))",
        {},
        { ...small, listLength: 1000, steps: 5000 },
      ).limit?.name,
    ).toBe("steps");
    expect(evaluateFeel("count(distinct values(for i in 1..20 return [i]))", {}, small)).toMatchObject({
      ok: true,
      value: 20,
    });
  });

  it("charges regular-expression built-ins by the length of their input", () => {
    const s = "a".repeat(8000);
    expect(limitOf('replace(s, "a", "b")', { s }, small).limit?.name).toBe("steps");
    expect(limitOf('count(split(s, ""))', { s }, { ...small, listLength: 10_000 }).limit?.name).toBe("steps");
    expect(limitOf('matches(s, "b")', { s: "a".repeat(64 * 600) }, small).limit?.name).toBe("steps");
    expect(evaluateFeel('matches(s, "b")', { s: "a".repeat(64 * 100) }, small)).toMatchObject({
      ok: true,
      value: false,
    });
  });

  it("charges the context copy of each iteration by the context's size", () => {
    const wide: Record<string, unknown> = { l: Array.from({ length: 40 }, (_, i) => i) };
    for (let i = 0; i < 160; i++) wide[`v${i}`] = i;
    expect(evaluateFeel("count(l[item > 5])", { l: wide.l }, small)).toMatchObject({ ok: true, value: 34 });
    expect(limitOf("count(l[item > 5])", wide, small).limit?.name).toBe("steps");
  });

  it("ends a range with a fractional end (feelin looped forever)", () => {
    expect(evaluateFeel("for i in 1..2.5 return i")).toMatchObject({ ok: true, value: [1, 2] });
    expect(evaluateFeel("for i in 3..1 return i")).toMatchObject({ ok: true, value: [3, 2, 1] });
  });

  it("leaves ordinary expressions alone: same value as unbounded feelin", () => {
    const context = { a: 2, items: [{ total: 5 }, { total: 50 }], name: "Ann", when: "2026-01-02" };
    for (const expression of [
      "a * 3 + 1",
      "count(items[total > 10])",
      "sum(for x in items return x.total)",
      "some x in items satisfies x.total > 40",
      'upper case(name) + "!"',
      'string join(["a", "b"], ",")',
      'date(when) + duration("P1D")',
      "sort([3, 1, 2], function(x, y) x < y)",
      "{ double: function(n) n * 2 }.double(21)",
    ]) {
      const bounded = evaluateFeel(expression, context);
      expect(bounded.ok, expression).toBe(true);
      if (bounded.ok) expect(bounded.value, expression).toEqual(evaluate(expression, { ...context }).value);
    }
  });

  it("gives the same result again for the same input (a step count, not a timer)", () => {
    const list = Array.from({ length: 400 }, (_, i) => i);
    expect(evaluateFeel("count(l[item > 5])", { l: list }, small)).toEqual(
      evaluateFeel("count(l[item > 5])", { l: list }, small),
    );
  });
});

describe("FEEL regular expressions (linear time)", () => {
  it("answers a 40-character pathological input for (a+)+$ (exponential with backtracking)", () => {
    const s = `${"a".repeat(40)}!`;
    expect(evaluateFeel('matches(s, "(a+)+$")', { s })).toMatchObject({ ok: true, value: false });
    expect(evaluateFeel('matches(s, "^(a|aa)+$")', { s })).toMatchObject({ ok: true, value: false });
    expect(evaluateFeel('replace(s, "(a*)*b", "x")', { s })).toMatchObject({ ok: true, value: s });
    expect(evaluateFeel('split(s, "(a+)+b")', { s })).toMatchObject({ ok: true, value: [s] });
  });

  it("answers as feelin's own built-ins for ordinary patterns and flags", () => {
    for (const expression of [
      'matches("abc", "b")',
      'matches("abc", "^b")',
      'matches("ABC", "b", "i")',
      'matches(lines, "a.b")',
      'matches(lines, "a.b", "s")',
      'matches(lines, "^b$")',
      'matches(lines, "^b$", "m")',
      'matches("héllo", "^\\p{L}+$")',
      'matches(null, "a")',
      'matches("abc", "[")',
      'replace("abc", "b", "x")',
      'replace("abcb", "(b)", "[$1$0]")',
      'replace("aBc", "b", "x", "i")',
      'replace("abc", "", "-")',
      'replace("a.b.c", "\\.", "$$")',
      'split("a1b22c", "[0-9]+")',
      'split("a,b,,c,", ",")',
      'split("abc", "")',
      'split("", ",")',
      'split("", "x*")',
      'split("a1b2c", "([0-9])")',
      'split("aXbxc", "x")',
    ]) {
      const ours = evaluateFeel(expression, { lines: "a\nb" });
      const feelin = evaluate(expression, { lines: "a\nb" });
      expect(ours.ok, expression).toBe(true);
      if (ours.ok) expect(ours.value, expression).toEqual(feelin.value ?? null);
    }
  });

  it("refuses, as a typed error, a valid pattern the linear-time engine cannot run", () => {
    const r = evaluateFeel('matches("aa", "(a)\\1")');
    expect(r).toMatchObject({ ok: false, error: { kind: "evaluation" } });
    if (!r.ok)
      expect(r.error.message).toContain("not supported by the linear-time regular expression engine");
    expect(evaluateFeel('matches("a", "a", "q")')).toMatchObject({
      ok: false,
      error: { message: "illegal flags: q" },
    });
  });

  it("lets a variable named like a built-in shadow it, as before", () => {
    expect(evaluateFeel("matches", { matches: 3 })).toMatchObject({ ok: true, value: 3 });
  });
});
