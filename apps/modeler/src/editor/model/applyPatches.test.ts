import { describe, expect, it } from "vitest";
import { applyPatches } from "./applyPatches";
import { diffPatches } from "./diffPatches";

describe("applyPatches (immer patch format)", () => {
  it("inserts and removes array items by index and truncates by length", () => {
    const base = { list: ["a", "b", "c"], other: { x: 1 } };
    expect(applyPatches(base, [{ op: "add", path: ["list", 1], value: "z" }]).list).toEqual(["a", "z", "b", "c"]);
    expect(applyPatches(base, [{ op: "remove", path: ["list", 0] }]).list).toEqual(["b", "c"]);
    expect(applyPatches(base, [{ op: "replace", path: ["list", "length"], value: 1 }]).list).toEqual(["a"]);
    expect(base.list).toEqual(["a", "b", "c"]);
  });

  it("shares everything off the patched path", () => {
    const base = { a: { deep: [1, 2] }, b: { keep: true } };
    const next = applyPatches(base, [{ op: "replace", path: ["a", "deep", 0], value: 9 }]);
    expect(next.b).toBe(base.b);
    expect(next.a.deep).toEqual([9, 2]);
  });

  it("diffPatches and their inverse round-trip", () => {
    const before = { n: [{ id: 1, v: "a" }], d: { k1: { x: 1 } } };
    const after = { n: [{ id: 1, v: "b" }, { id: 2, v: "c" }], d: { k2: { x: 2 } } };
    expect(applyPatches(before, diffPatches(before, after))).toEqual(after);
    expect(applyPatches(after, diffPatches(after, before))).toEqual(before);
  });
});
