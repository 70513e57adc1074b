import { z } from "zod";
import { errorSchema, v1Routes } from "@flowstate/client";
import type { OperationId, RouteSpec } from "@flowstate/client";

type JsonSchema = Record<string, unknown>;

/** Shared definitions (recursive schemas such as JSON values), gathered into `components.schemas`. */
const definitions: Record<string, JsonSchema> = {};
/** A definition's text with its references to itself made neutral → its name in `components.schemas`. */
const namesByShape = new Map<string, string>();
/** What `z.json()` becomes: any JSON value, defined recursively. */
const jsonValueShape = JSON.stringify({
  anyOf: [
    { type: "string" },
    { type: "number" },
    { type: "boolean" },
    { type: "null" },
    { type: "array", items: { $ref: "#self" } },
    { type: "object", propertyNames: { type: "string" }, additionalProperties: { $ref: "#self" } },
  ],
});

/** Points `#/$defs/x` at `#/components/schemas/<name>` throughout a generated schema. */
function relocate(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => relocate(v, names));
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string" && names.has(v) ? names.get(v) : relocate(v, names),
    ]),
  );
}

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a request sends it or a response holds it. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  const names = new Map<string, string>();
  for (const [name, definition] of Object.entries($defs ?? {})) {
    // Same definition, same name (JSON values recur in many routes, each generation calls its own
    // copy by another local name); otherwise a numbered one.
    const shape = JSON.stringify(definition).replaceAll(`"#/$defs/${name}"`, '"#self"');
    const existing = namesByShape.get(shape);
    const target = existing ?? (shape === jsonValueShape ? "JsonValue" : `Def${namesByShape.size + 1}`);
    names.set(`#/$defs/${name}`, `#/components/schemas/${target}`);
    if (!existing) {
      namesByShape.set(shape, target);
      definitions[target] = definition as JsonSchema;
    }
  }
  for (const [target, definition] of Object.entries(definitions))
    definitions[target] = relocate(definition, names) as JsonSchema;
  return relocate(rest, names) as JsonSchema;
}

const errorRef = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorRef } },
});

function parameters(route: RouteSpec) {
  const out: JsonSchema[] = [];
  for (const [part, schema] of [
    ["path", route.params],
    ["query", route.query],
  ] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, "input") as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(object.properties ?? {}))
      out.push({
        name,
        in: part,
        required: part === "path" || (object.required ?? []).includes(name),
        schema: property,
      });
  }
  if (route.idempotent)
    out.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Repeats with the same key and body answer the first success again; another body under the key is 409 IDEMPOTENCY_KEY_REUSED.",
      schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,200}$" },
    });
  return out;
}

function security(route: RouteSpec) {
  if (route.auth === "token") return [];
  if (route.auth === "session") return [{ session: [] }];
  return [{ apiKey: [] }];
}

function operation(operationId: OperationId, route: RouteSpec) {
  const status = String(route.status ?? 200);
  const content =
    route.produces === "image/svg+xml"
      ? { "image/svg+xml": { schema: { type: "string" } } }
      : { "application/json": { schema: jsonSchema(route.output, "output") } };
  return {
    operationId,
    summary: route.summary,
    tags: [route.tag],
    description: `Authorization: ${route.auth === "token" ? "the task token in the path" : route.auth === "session" ? "a signed-in session" : `an API key with scope \`${route.auth}\``}.`,
    "x-flowstate-auth": route.auth,
    security: security(route),
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(route.body, "input") } },
          },
        }
      : {}),
    responses: {
      [status]: { description: "success", content },
      "400": errorResponse(
        "BAD_REQUEST: the request does not match this operation's schema (details.issues)",
      ),
      "401": errorResponse("UNAUTHENTICATED: missing, unknown, revoked or expired credential"),
      "403": errorResponse("FORBIDDEN: the credential lacks the scope or the process"),
      "404": errorResponse("NOT_FOUND: no such resource"),
      "409": errorResponse(
        "CONFLICT (e.g. the engine refused the event, details.rejection), IDEMPOTENCY_KEY_REUSED",
      ),
      "500": errorResponse("INTERNAL: the answer carries only the request id; the log has the cause"),
    },
  };
}

/** `/api/v1/openapi.json`: OpenAPI 3.1, generated from the route table (`v1Routes` of `@flowstate/client`). */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(v1Routes) as [OperationId, RouteSpec][]) {
    const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(operationId, route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Flowstate REST API",
      version: "1",
      description:
        "Processes, versions, instances, tasks, migrations, signals, callbacks and remote jobs for outside systems. Every error is `{ error: { code, message, details? } }`; see docs/api.md.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "an API key (Authorization: Bearer fsk_…)" },
        session: { type: "apiKey", in: "cookie", name: "flowstate_session" },
      },
      schemas: { Error: jsonSchema(errorSchema, "output"), ...definitions },
    },
    paths,
  };
}
