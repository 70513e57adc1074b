import { lockedJobSchema } from "@flowstate/client";
import { z } from "zod";

/**
 * OpenAPI 3.1 description of the plain-JSON endpoints for outside systems, served at
 * /api/openapi.json. (The app itself uses tRPC at /trpc.) The whole REST API, these routes
 * included, is generated from the route table at /api/v1/openapi.json (`src/api/openApi.ts`).
 */
const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        // More about the refusal: a 400 from the input normalisation names the field
        // (`details.field`: `body.messageId`, `params.code`, `query.x`); an engine refusal its `rejection`.
        details: { type: "object" },
        // A 500 says nothing but this id; the server's log has the cause under it.
        requestId: { type: "string" },
      },
    },
  },
} as const;

// The remote-job wire type is @flowstate/client's; its JSON Schema is generated from the zod schema.
const { $schema: _dialect, ...lockedJob } = z.toJSONSchema(lockedJobSchema);

const jsonBody = (schema: object) => ({ required: true, content: { "application/json": { schema } } });
const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});
const jobRefusals = {
  "400": errorResponse("malformed body or job id"),
  "401": errorResponse("UNAUTHENTICATED: missing, unknown, revoked or expired API key"),
  "403": errorResponse(
    "FORBIDDEN: the key is not scoped to this job's handler or to the process of its instance",
  ),
  "404": errorResponse("JOB_NOT_FOUND: finished, or never existed"),
  "409": errorResponse(
    "LOCK_LOST: the lock expired and the job was handed out again (nothing changed); or the engine refused the result (its code, e.g. STALE_ATTEMPT)",
  ),
  "413": errorResponse("body too large"),
};
const jobIdParameter = [
  { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[1-9][0-9]*$" } },
];

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Flowstate runtime API",
    version: "1",
    description:
      "Endpoints for outside systems: report the result of an asynchronous action with its callback token, send signals to running instances, and work the jobs of remote handlers (fetch-and-lock, complete, fail, heartbeat). Every error is `{ error: { code, message } }` and leaves the database unchanged.",
  },
  components: {
    securitySchemes: {
      session: {
        type: "apiKey",
        in: "cookie",
        name: "flowstate_session",
        description:
          "The modeler's session cookie (sign in at /api/auth/login; `__Host-flowstate_session` over HTTPS).",
      },
      apiKey: {
        type: "http",
        scheme: "bearer",
        description:
          "An API key (or the X-Api-Key header): one created on the modeler's API keys page (`fsk_…`, shown once; scoped to signals and/or remote handlers, and to processes — a key of one process can neither signal nor work the jobs of another; revocable, may expire), or one from FLOWSTATE_API_KEYS (scoped to `signals` and/or `handler:<name>` / `handler:*`, every process).",
      },
    },
    schemas: { Error: error, LockedJob: lockedJob },
  },
  paths: {
    "/api/health": {
      get: {
        summary: "Health: database kind, migration state, version",
        responses: {
          "200": {
            description: "healthy",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    ok: { type: "boolean" },
                    database: { enum: ["postgres", "pglite"] },
                    version: { type: "string" },
                  },
                },
              },
            },
          },
          "503": { description: "unhealthy" },
        },
      },
    },
    "/api/v1/processes/{key}/versions/{n}/diagram.svg": {
      get: {
        summary: "A version's diagram as SVG",
        description:
          "The drawing the modeler exports (states, nodes, routed lines, labels), as a standalone SVG 1.1 document, for docs, tickets and e-mails. Needs a session allowed to read versions (every role). The `ETag` is a strong hash of the bytes; send it back in `If-None-Match` for a 304. A published version never changes (`Cache-Control: private, max-age=31536000, immutable`); a draft's drawing follows its saves (`private, no-cache`).",
        security: [{ session: [] }],
        parameters: [
          {
            name: "key",
            in: "path",
            required: true,
            schema: { type: "string" },
            description: "the process key",
          },
          {
            name: "n",
            in: "path",
            required: true,
            schema: { type: "integer", minimum: 1, maximum: 2147483647 },
            description: "the version number",
          },
          { name: "If-None-Match", in: "header", required: false, schema: { type: "string" } },
        ],
        responses: {
          "200": {
            description: "the drawing",
            headers: {
              ETag: { schema: { type: "string" } },
              "Cache-Control": { schema: { type: "string" } },
            },
            content: { "image/svg+xml": { schema: { type: "string" } } },
          },
          "304": { description: "not modified: the `If-None-Match` named the current ETag" },
          "400": errorResponse("BAD_REQUEST: the version number is not an integer from 1 to 2147483647"),
          "401": errorResponse("UNAUTHORIZED: not signed in"),
          "403": errorResponse("FORBIDDEN: the session's roles may not read versions"),
          "404": errorResponse("NOT_FOUND: no such process, or it has no such version"),
        },
      },
    },
    "/api/callbacks/{token}": {
      post: {
        summary: "Report the result of an asynchronous action",
        description:
          'The token identifies instance, occurrence and attempt; it is HMAC-signed, expires and is single-use. `curl -X POST $URL -H \'content-type: application/json\' -d \'{"output":{"agreementNumber":"A-17"}}\'`',
        parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  {
                    type: "object",
                    required: ["output"],
                    properties: { output: { type: "object" } },
                    additionalProperties: false,
                  },
                  {
                    type: "object",
                    required: ["error"],
                    properties: { error: {}, final: { type: "boolean" } },
                    additionalProperties: false,
                  },
                ],
              },
            },
          },
        },
        responses: {
          "200": { description: "accepted: the instance moved on" },
          "400": {
            description: "malformed body",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
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
          'Correlates to running instances by captured identifiers, or starts one when the action is in a process\'s initial state — only within the processes the API key is scoped to. `messageId` de-duplicates. `curl -X POST $URL/api/signals/auth.login -H \'authorization: Bearer $KEY\' -H \'content-type: application/json\' -d \'{"identifiers":{"userId":"u1"},"messageId":"m-1"}\'`',
        security: [{ apiKey: [] }],
        parameters: [{ name: "code", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  identifiers: {
                    type: "object",
                    additionalProperties: { type: ["string", "number", "boolean"] },
                  },
                  payload: {},
                  messageId: { type: "string" },
                },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          "200": { description: "delivered (or a duplicate of an earlier message)" },
          "400": { description: "malformed body or code" },
          "401": errorResponse("UNAUTHENTICATED: missing, unknown, revoked or expired API key"),
          "403": errorResponse(
            "FORBIDDEN: the key may not send signals; OUT_OF_SCOPE: only processes outside the key's scope have this action (nothing changed)",
          ),
          "404": { description: "no action has this code, or no instance matches and none can be started" },
          "409": {
            description: "every matching instance refused (strict action not unlocked); reasons included",
          },
        },
      },
    },
    "/api/jobs/fetch-and-lock": {
      post: {
        summary: "Fetch and lock jobs of remote handlers (long poll)",
        description:
          'Claims up to `maxJobs` due jobs of the named handlers (each must be in FLOWSTATE_REMOTE_HANDLERS and in the key\'s scopes) and locks them to this delivery for `lockDurationMs`. With `waitMs` the call waits for a job that long when none is due. A job not completed, failed or heartbeaten before its lock expires is handed out again (same attempt and idempotency key, new lock token). `curl -X POST $URL/api/jobs/fetch-and-lock -H "authorization: Bearer $KEY" -H \'content-type: application/json\' -d \'{"workerId":"billing-1","handlers":["billing.charge"],"maxJobs":10,"lockDurationMs":60000,"waitMs":20000}\'`',
        security: [{ apiKey: [] }],
        requestBody: jsonBody({
          type: "object",
          required: ["workerId", "handlers"],
          properties: {
            workerId: { type: "string", pattern: "^[\\w.:-]{1,100}$" },
            handlers: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 50 },
            maxJobs: { type: "integer", minimum: 1, maximum: 100, default: 10 },
            lockDurationMs: { type: "integer", minimum: 1000, maximum: 3600000, default: 60000 },
            waitMs: { type: "integer", minimum: 0, maximum: 30000, default: 0 },
          },
          additionalProperties: false,
        }),
        responses: {
          "200": {
            description: "the locked jobs (possibly none)",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { jobs: { type: "array", items: { $ref: "#/components/schemas/LockedJob" } } },
                },
              },
            },
          },
          "400": errorResponse("malformed body, or a handler not configured as remote (HANDLER_NOT_REMOTE)"),
          "401": errorResponse("UNAUTHENTICATED: missing, unknown, revoked or expired API key"),
          "403": errorResponse(
            "the key is not scoped to every requested handler (only jobs of the key's processes are handed out)",
          ),
        },
      },
    },
    "/api/jobs/{id}/complete": {
      post: {
        summary: "Complete a locked job with its output",
        description:
          'Recorded in the same transaction that deletes the job, and only while this lock token still holds it. `curl -X POST $URL/api/jobs/42/complete -H "authorization: Bearer $KEY" -H \'content-type: application/json\' -d \'{"lockToken":"…","output":{"chargeId":"ch_1"}}\'`',
        security: [{ apiKey: [] }],
        parameters: jobIdParameter,
        requestBody: jsonBody({
          type: "object",
          required: ["lockToken"],
          properties: { lockToken: { type: "string" }, output: { type: "object" } },
          additionalProperties: false,
        }),
        responses: { "200": { description: "accepted: `{ status, seq }` of the instance" }, ...jobRefusals },
      },
    },
    "/api/jobs/{id}/fail": {
      post: {
        summary: "Fail this attempt of a locked job",
        description:
          '`retriesLeft: 0` fails for good (an incident, or the action\'s failure line); otherwise the action\'s retry policy decides, and `backoffMs` delays the next attempt at least that long. `curl -X POST $URL/api/jobs/42/fail -H "authorization: Bearer $KEY" -H \'content-type: application/json\' -d \'{"lockToken":"…","error":{"message":"card declined"},"backoffMs":60000}\'`',
        security: [{ apiKey: [] }],
        parameters: jobIdParameter,
        requestBody: jsonBody({
          type: "object",
          required: ["lockToken", "error"],
          properties: {
            lockToken: { type: "string" },
            error: {},
            retriesLeft: { type: "integer", minimum: 0 },
            backoffMs: { type: "integer", minimum: 0 },
          },
          additionalProperties: false,
        }),
        responses: { "200": { description: "recorded: `{ status, seq }` of the instance" }, ...jobRefusals },
      },
    },
    "/api/jobs/{id}/heartbeat": {
      post: {
        summary: "Extend a locked job's lock",
        description:
          '`curl -X POST $URL/api/jobs/42/heartbeat -H "authorization: Bearer $KEY" -H \'content-type: application/json\' -d \'{"lockToken":"…","lockDurationMs":60000}\'`',
        security: [{ apiKey: [] }],
        parameters: jobIdParameter,
        requestBody: jsonBody({
          type: "object",
          required: ["lockToken"],
          properties: {
            lockToken: { type: "string" },
            lockDurationMs: { type: "integer", minimum: 1000, maximum: 3600000 },
          },
          additionalProperties: false,
        }),
        responses: { "200": { description: "`{ lockedUntil }`" }, ...jobRefusals },
      },
    },
  },
} as const;
