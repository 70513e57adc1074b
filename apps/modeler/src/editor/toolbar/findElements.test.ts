import { expect, it } from "vitest";
import { documentVoiding } from "@flowstate/model/fixtures";
import { findElements } from "./findElements";

it("finds states and nodes by name, exact and prefix matches first, and actions by handler", () => {
  expect(findElements(documentVoiding, "document voided").map((r) => r.id)).toEqual([
    "documentVoided",
    "endDocumentVoided",
  ]);
  expect(findElements(documentVoiding, "reports.markDoc").map((r) => r.id)).toEqual(["markDocumentAsVoided"]);
  expect(findElements(documentVoiding, "  ")).toEqual([]);
});
