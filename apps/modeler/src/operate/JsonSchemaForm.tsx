import type { ReactNode } from "react";
import Form from "@rjsf/core";
import { cspSafeValidator as validator } from "./cspSafeValidator.ts";
import type { RJSFSchema } from "@rjsf/utils";

/**
 * A form generated from a JSON Schema (react-jsonschema-form), validated (`cspSafeValidator`: no eval, CSP-safe) before
 * `onSubmit` is called. Loaded on demand (`PerformDialog`), so the form library and Ajv stay out
 * of the main bundle.
 */
export function JsonSchemaForm({
  schema,
  disabled,
  onSubmit,
  children,
}: {
  schema: Record<string, unknown>;
  disabled: boolean;
  onSubmit: (data: unknown) => void;
  children: ReactNode;
}) {
  return (
    <Form
      schema={schema as RJSFSchema}
      validator={validator}
      disabled={disabled}
      showErrorList={false}
      onSubmit={({ formData }) => onSubmit(formData)}
      noHtml5Validate
    >
      {children}
    </Form>
  );
}
