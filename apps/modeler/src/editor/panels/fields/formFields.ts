/** The simple field types the quick form editor offers. */
export type FormFieldType = "string" | "number" | "integer" | "boolean";

/** The top-level properties of a JSON Schema object form, for display. */
export function formFields(
  schema: Record<string, unknown> | undefined,
): { name: string; type: string; required: boolean }[] {
  const properties = schema?.properties;
  if (typeof properties !== "object" || properties === null) return [];
  const required = Array.isArray(schema?.required) ? (schema.required as unknown[]) : [];
  return Object.entries(properties as Record<string, unknown>).map(([name, p]) => ({
    name,
    type:
      typeof p === "object" && p !== null && typeof (p as { type?: unknown }).type === "string"
        ? String((p as { type: string }).type)
        : "any",
    required: required.includes(name),
  }));
}

/** The form with one more (required) property. */
export function withFormField(
  schema: Record<string, unknown> | undefined,
  name: string,
  type: FormFieldType,
): Record<string, unknown> {
  const base = schema ?? { type: "object", properties: {} };
  const properties =
    typeof base.properties === "object" && base.properties !== null
      ? (base.properties as Record<string, unknown>)
      : {};
  const required = Array.isArray(base.required) ? (base.required as unknown[]) : [];
  return {
    ...base,
    type: "object",
    properties: { ...properties, [name]: { type } },
    required: [...required.filter((r) => r !== name), name],
  };
}
