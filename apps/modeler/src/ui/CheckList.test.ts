import { describe, expect, it } from "vitest";
import { toggled } from "./CheckList.tsx";

describe("toggled", () => {
  it("adds an item once and removes it", () => {
    expect(toggled(["a"], "b", true)).toEqual(["a", "b"]);
    expect(toggled(["a", "b"], "b", true)).toEqual(["a", "b"]);
    expect(toggled(["a", "b"], "a", false)).toEqual(["b"]);
    expect(toggled([], "a", false)).toEqual([]);
  });
});
