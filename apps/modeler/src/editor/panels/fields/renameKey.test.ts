import { expect, it } from "vitest";
import { renameKey } from "./renameKey";

it("renames a mapping target in place", () => {
  expect(Object.keys(renameKey({ a: 1, b: 2, c: 3 }, "b", "z"))).toEqual(["a", "z", "c"]);
});
