import { expect, it } from "vitest";
import { formatVersionList, parseVersionList } from "./versionList";

it("parses and formats source version lists", () => {
  expect(parseVersionList("1, 3,4")).toEqual([1, 3, 4]);
  expect(parseVersionList("  ")).toBeUndefined();
  expect(parseVersionList("1, x")).toBeNull();
  expect(formatVersionList([2, 5])).toBe("2, 5");
});
