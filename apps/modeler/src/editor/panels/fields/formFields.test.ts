import { expect, it } from "vitest";
import { formFields, withFormField } from "./formFields";

it("adds required fields to a form and lists them", () => {
  const form = withFormField(withFormField(undefined, "reason", "string"), "amount", "number");
  expect(formFields(form)).toEqual([
    { name: "reason", type: "string", required: true },
    { name: "amount", type: "number", required: true },
  ]);
});
