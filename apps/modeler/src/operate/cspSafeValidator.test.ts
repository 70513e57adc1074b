import { describe, expect, it } from "vitest";
import type { RJSFSchema } from "@rjsf/utils";
import { cspSafeValidator, schemaErrors } from "./cspSafeValidator";

const claim: RJSFSchema = {
  type: "object",
  required: ["amount", "reference"],
  properties: {
    amount: { type: "number", minimum: 0 },
    reference: { type: "string", minLength: 3 },
    items: { type: "array", items: { type: "integer" } },
  },
};

describe("the form validator (no eval)", () => {
  it("accepts valid data", () => {
    expect(schemaErrors(claim, { amount: 10, reference: "ABC", items: [1, 2] })).toEqual([]);
    expect(cspSafeValidator.isValid(claim, { amount: 0, reference: "XYZ" }, claim)).toBe(true);
  });

  it("reports each failing field with rjsf's property path, and an error schema per field", () => {
    const { errors, errorSchema } = cspSafeValidator.validateFormData(
      { amount: -5, reference: "A", items: [1, "x"] },
      claim,
    );
    expect(errors.map((e) => [e.property, e.name])).toEqual(
      expect.arrayContaining([
        [".amount", "minimum"],
        [".reference", "minLength"],
        [".items.1", "type"],
      ]),
    );
    expect(errors.every((e) => !["properties", "items"].includes(e.name ?? ""))).toBe(true);
    expect(errorSchema.amount?.__errors?.[0]).toMatch(/0/);
    expect(cspSafeValidator.isValid(claim, { amount: -5, reference: "ABC" }, claim)).toBe(false);
  });

  it("reports a missing required field and runs the form's own checks on top", () => {
    const { errors, errorSchema } = cspSafeValidator.validateFormData(
      { amount: 1 },
      claim,
      (data, handler) => {
        handler.amount?.addError("must be even");
        return handler;
      },
    );
    expect(errors.some((e) => e.name === "required")).toBe(true);
    expect(errorSchema.amount?.__errors).toContain("must be even");
  });
});
