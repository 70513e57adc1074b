import { Validator } from "@cfworker/json-schema";
import type { Schema } from "@cfworker/json-schema";
import { createErrorHandler, toErrorSchema, unwrapErrorHandler, validationDataMerge } from "@rjsf/utils";
import type { RJSFSchema, RJSFValidationError, ValidationData, ValidatorType } from "@rjsf/utils";

/** Errors that only say "a part below failed" (the part itself reports the real error). */
const wrappers = new Set([
  "properties",
  "items",
  "prefixItems",
  "additionalProperties",
  "allOf",
  "$ref",
  "then",
  "else",
]);

/** `/amount/0` → `.amount.0` (rjsf's property path). */
function propertyOf(instanceLocation: string): string {
  const parts = instanceLocation
    .replace(/^#/, "")
    .split("/")
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.length ? `.${parts.join(".")}` : "";
}

function validate(schema: RJSFSchema, data: unknown, rootSchema?: RJSFSchema) {
  const withDefinitions = rootSchema ? ({ ...rootSchema, ...schema } as RJSFSchema) : schema;
  return new Validator(withDefinitions as Schema, "2020-12", false).validate(
    data === undefined ? null : data,
  );
}

export function schemaErrors(schema: RJSFSchema, data: unknown): RJSFValidationError[] {
  const result = validate(schema, data);
  return result.errors
    .filter((e) => !wrappers.has(e.keyword))
    .map((e) => {
      const property = propertyOf(e.instanceLocation);
      const message = e.error.replace(/^Instance /, "");
      return {
        name: e.keyword,
        property,
        message,
        stack: `${property || "(root)"} ${message}`.trim(),
        schemaPath: e.keywordLocation,
      };
    });
}

/**
 * A react-jsonschema-form validator that never evaluates generated code. rjsf's Ajv validator
 * compiles each schema with `new Function`, which the app's Content-Security-Policy (no
 * `unsafe-eval`) forbids; `@cfworker/json-schema` interprets the schema instead. Forms are small
 * (one manual action's input), so interpreting costs nothing noticeable.
 */
export const cspSafeValidator: ValidatorType = {
  validateFormData(formData, schema, customValidate, transformErrors, uiSchema): ValidationData<unknown> {
    let errors = schemaErrors(schema, formData);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const data: ValidationData<unknown> = { errors, errorSchema: toErrorSchema(errors) };
    if (!customValidate) return data;
    const handler = customValidate(formData, createErrorHandler(formData), uiSchema);
    return validationDataMerge(data, unwrapErrorHandler(handler));
  },
  isValid(schema, formData, rootSchema) {
    return validate(schema, formData, rootSchema).valid;
  },
  rawValidation<Result>(schema: RJSFSchema, formData?: unknown) {
    return { errors: validate(schema, formData).errors as Result[] };
  },
};
