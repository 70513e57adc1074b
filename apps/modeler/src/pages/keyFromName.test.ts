import { expect, it } from "vitest";
import { keyFromName } from "./keyFromName";

it("derives a URL-safe process key from a name", () => {
  expect(keyFromName("  Document voiding (Billing) ")).toBe("document-voiding-billing");
});
