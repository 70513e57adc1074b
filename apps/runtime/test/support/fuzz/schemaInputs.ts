import fc from "fast-check";
import { z } from "zod";

/** Real values of the fuzzed server (ids, keys, codes) that valid-looking inputs pick from, so calls reach the services. */
export interface SeedPool {
  uuids: string[];
  processKeys: string[];
  /** Anything else worth passing as a string: signal codes, usernames, a valid model… */
  strings: string[];
  /** Whole values for `{}` (any) fields, e.g. a valid process model. */
  anything: unknown[];
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** The JSON Schema (input side) of a procedure's zod input; `{}` when it has none. */
export function inputSchemaOf(inputs: readonly unknown[] | undefined): JsonSchema {
  const first = inputs?.[0];
  if (!first) return {};
  try {
    return z.toJSONSchema(first as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
  } catch {
    return {};
  }
}

const plainJson = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));

/**
 * A fast-check arbitrary of values that mostly satisfy `schema` (so a hostile change to one part
 * of them reaches the code behind the validation), drawing ids and keys from the server's own.
 */
export function validish(schema: JsonSchema, pool: SeedPool, name = "", depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return plainJson;
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((s) => validish(s, pool, name, depth + 1)));
  if (schema.allOf?.length) return validish(schema.allOf[0]!, pool, name, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const keys = Object.keys(props);
      if (keys.length === 0) {
        const valueSchema =
          typeof schema.additionalProperties === "object" ? schema.additionalProperties : {};
        return fc.dictionary(
          fc.constantFrom("a", "orderId", "amount", "name", "x"),
          validish(valueSchema, pool, "", depth + 1),
          { maxKeys: 3 },
        );
      }
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) record[k] = validish(props[k]!, pool, k, depth + 1);
      return fc.record(record, { requiredKeys: keys.filter((k) => required.has(k)) });
    }
    case "array": {
      const min = schema.minItems ?? 0;
      const max = Math.max(min, Math.min(schema.maxItems ?? 3, 3));
      return fc.array(validish(schema.items ?? {}, pool, name, depth + 1), {
        minLength: min,
        maxLength: max,
      });
    }
    case "string":
      return stringFor(schema, pool, name);
    case "integer":
    case "number": {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000);
      return fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) });
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      // Any JSON (a model, a payload, variables): a real model now and then, else small JSON.
      return pool.anything.length
        ? fc.oneof(fc.constantFrom(...pool.anything), fc.jsonValue({ maxDepth: 2 }))
        : fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: JsonSchema, pool: SeedPool, name: string): fc.Arbitrary<unknown> {
  if (schema.format === "uuid" || (/id$/i.test(name) && schema.pattern?.includes("[0-9a-fA-F]{8}"))) {
    return pool.uuids.length ? fc.oneof(fc.constantFrom(...pool.uuids), fc.uuid()) : fc.uuid();
  }
  if (/processKey|^key$/i.test(name) && pool.processKeys.length)
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...pool.processKeys) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
    );
  if (schema.format === "uri" || schema.format === "url")
    return fc.constantFrom("https://example.com/hook", "http://127.0.0.1:9/x", "https://93.184.216.34/");
  if (schema.format === "date-time") return fc.constantFrom("2026-03-02T08:00:00Z", "1970-01-01T00:00:00Z");
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 24, 24));
  if (schema.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .map((s) => (s.length > (schema.maxLength ?? Infinity) ? s.slice(0, schema.maxLength) : s));
    } catch {
      // an engine-specific pattern: plain strings below
    }
  }
  const plain = fc.string({ minLength: min, maxLength: max });
  const fitting = pool.strings.filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
  return fitting.length
    ? fc.oneof({ weight: 3, arbitrary: plain }, { weight: 1, arbitrary: fc.constantFrom(...fitting) })
    : plain;
}
