import { describe, expect, it } from "vitest";
import { noMoreRows, withMoreError, withMorePage } from "./MoreRows";

const planA = '{"plan":"A"}';
const planB = '{"plan":"B"}';

describe("the dry run's further pages", () => {
  it("pages of one plan add up; the cursor is the last page's", () => {
    const one = withMorePage(noMoreRows<string>(), planA, { items: ["a51", "a52"], nextCursor: "c2" });
    const two = withMorePage(one, planA, { items: ["a101"], nextCursor: null });
    expect(two).toEqual({ planKey: planA, items: ["a51", "a52", "a101"], nextCursor: null, error: null });
  });

  it("a page of another plan starts over", () => {
    const a = withMorePage(noMoreRows<string>(), planA, { items: ["a51"], nextCursor: "ca" });
    expect(withMorePage(a, planB, { items: ["b51"], nextCursor: "cb" })).toEqual({
      planKey: planB,
      items: ["b51"],
      nextCursor: "cb",
      error: null,
    });
  });

  it("a failure for the same plan keeps its rows and cursor (Show more retries from there); a later page clears the error", () => {
    const a = withMorePage(noMoreRows<string>(), planA, { items: ["a51"], nextCursor: "ca" });
    const failed = withMoreError(a, planA, "fetch failed");
    expect(failed).toEqual({ planKey: planA, items: ["a51"], nextCursor: "ca", error: "fetch failed" });
    expect(withMorePage(failed, planA, { items: ["a101"], nextCursor: null })).toEqual({
      planKey: planA,
      items: ["a51", "a101"],
      nextCursor: null,
      error: null,
    });
  });

  it("a failure for another plan shows no rows or cursor of the previous plan under it", () => {
    const a = withMorePage(noMoreRows<string>(), planA, { items: ["a51"], nextCursor: "ca" });
    expect(withMoreError(a, planB, "fetch failed")).toEqual({
      planKey: planB,
      items: [],
      nextCursor: null,
      error: "fetch failed",
    });
  });
});
