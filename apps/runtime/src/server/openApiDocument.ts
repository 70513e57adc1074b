/**
 * OpenAPI 3.1 description of the plain-JSON endpoints for outside systems, served at
 * /api/openapi.json. (The app itself uses tRPC at /trpc.)
 */
const error = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
} as const;

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Flowstate runtime API",
    version: "1",
    description:
      "Endpoints for outside systems: report the result of an asynchronous action with its callback token, and send signals to running instances. Every error is `{ error: { code, message } }` and leaves the database unchanged.",
  },
  components: {
    securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key from FLOWSTATE_API_KEYS (or X-Api-Key header)." } },
    schemas: { Error: error },
  },
  paths: {
    "/api/health": {
      get: {
        summary: "Health: database kind, migration state, version",
        responses: {
          "200": { description: "healthy", content: { "application/json": { schema: { type: "object", properties: { ok: { type: "boolean" }, database: { enum: ["postgres", "pglite"] }, version: { type: "string" } } } } } },
          "503": { description: "unhealthy" },
        },
      },
    },
    "/api/callbacks/{token}": {
      post: {
        summary: "Report the result of an asynchronous action",
        description:
          "The token identifies instance, occurrence and attempt; it is HMAC-signed, expires and is single-use. `curl -X POST $URL -H 'content-type: application/json' -d '{\"output\":{\"agreementNumber\":\"A-17\"}}'`",
        parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  { type: "object", required: ["output"], properties: { output: { type: "object" } }, additionalProperties: false },
                  { type: "object", required: ["error"], properties: { error: {}, final: { type: "boolean" } }, additionalProperties: false },
                ],
              },
            },
          },
        },
        responses: {
          "200": { description: "accepted: the instance moved on" },
          "400": { description: "malformed body", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
          "401": { description: "forged or malformed token" },
          "409": { description: "already used (the earlier outcome is returned) or stale attempt" },
          "410": { description: "expired token" },
          "413": { description: "body too large" },
        },
      },
    },
    "/api/signals/{code}": {
      post: {
        summary: "Send an outside event to the action with this code",
        description:
          "Correlates to running instances by captured identifiers, or starts one when the action is in a process's initial state. `messageId` de-duplicates. `curl -X POST $URL/api/signals/auth.login -H 'authorization: Bearer $KEY' -H 'content-type: application/json' -d '{\"identifiers\":{\"userId\":\"u1\"},\"messageId\":\"m-1\"}'`",
        security: [{ apiKey: [] }],
        parameters: [{ name: "code", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { identifiers: { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } }, payload: {}, messageId: { type: "string" } },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          "200": { description: "delivered (or a duplicate of an earlier message)" },
          "400": { description: "malformed body or code" },
          "401": { description: "missing or wrong API key" },
          "404": { description: "no action has this code, or no instance matches and none can be started" },
          "409": { description: "every matching instance refused (strict action not unlocked); reasons included" },
        },
      },
    },
  },
} as const;
