import { appRouter } from "../../../src/trpc/appRouter.ts";
import { isRole, procedurePermissions, restPermissions, rolesAllow } from "../../../src/auth/permissions.ts";
import type { ExternalCredential, Permission } from "../../../src/auth/permissions.ts";
import { openApiDocument } from "../../../src/server/openApiDocument.ts";
import { inputSchemaOf } from "./schemaInputs.ts";

type JsonSchema = ReturnType<typeof inputSchemaOf>;

export type Target =
  | {
      kind: "trpc";
      name: string;
      path: string;
      type: "query" | "mutation" | "subscription";
      permission: Permission;
      schema: JsonSchema;
      hasInput: boolean;
    }
  | {
      kind: "rest";
      name: string;
      method: string;
      url: string;
      params: string[];
      permission: Permission | ExternalCredential;
      schema: JsonSchema;
      hasInput: boolean;
    };

/** Bodies of the REST routes the OpenAPI document leaves out (sign-in): the fields their handlers read. */
const authBodies: Record<string, JsonSchema> = {
  "POST /api/auth/login": {
    type: "object",
    properties: {
      username: { type: "string", minLength: 1, maxLength: 100 },
      password: { type: "string", minLength: 1, maxLength: 200 },
    },
    required: ["username", "password"],
  },
  "POST /api/auth/setup": {
    type: "object",
    properties: {
      token: { type: "string" },
      username: { type: "string" },
      password: { type: "string", minLength: 12 },
    },
    required: ["token", "username", "password"],
  },
  "POST /api/auth/password": {
    type: "object",
    properties: { currentPassword: { type: "string" }, newPassword: { type: "string", minLength: 12 } },
    required: ["currentPassword", "newPassword"],
  },
};

/** The request body schema the OpenAPI document gives a route (`/api/jobs/{id}/fail`), `{}` when none. */
function openApiBody(method: string, url: string): JsonSchema | undefined {
  const paths = (
    openApiDocument as unknown as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
      >;
    }
  ).paths;
  const op = paths[url.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
  const schema = op?.requestBody?.content?.["application/json"]?.schema;
  return schema && !("$ref" in schema) ? schema : undefined;
}

/**
 * Every tRPC procedure of the app router and every `/api` route the server registered (`routes`:
 * `METHOD /url` from Fastify's onRoute), each with the JSON Schema of its input.
 */
export function collectTargets(routes: readonly string[]): Target[] {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: "query" | "mutation" | "subscription"; inputs?: unknown[] } }
  >;
  const trpc: Target[] = Object.keys(procedures)
    .sort()
    .map((path) => {
      const def = procedures[path]!._def;
      return {
        kind: "trpc",
        name: path,
        path,
        type: def.type,
        permission: procedurePermissions[path]!,
        schema: inputSchemaOf(def.inputs),
        hasInput: (def.inputs?.length ?? 0) > 0,
      };
    });
  const rest: Target[] = routes
    .filter((r) => r.split(" ")[1]!.startsWith("/api/"))
    .sort()
    .map((route) => {
      const [method, url] = route.split(" ") as [string, string];
      const schema = authBodies[route] ?? openApiBody(method, url) ?? {};
      return {
        kind: "rest",
        name: route,
        method,
        url,
        params: [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
        permission: restPermissions[route]!,
        schema,
        hasInput: method !== "GET",
      };
    });
  return [...trpc, ...rest];
}

/**
 * What the router makes of a raw request path: Fastify (find-my-way) decodes percent-escapes other
 * than `/ ? # %` and matches case-sensitively, segment by segment; no dot-segment resolution, no
 * duplicate-slash folding. Returns the REST target or tRPC procedure the request reaches, if any.
 */
export function routedTarget(
  method: string,
  rawPath: string,
  targets: readonly Target[],
): Target | "trpc-unknown" | undefined {
  const path = decodePath(rawPath.split("?")[0]!);
  if (path === undefined) return undefined;
  const trpc = /^\/trpc\/([^/]+)$/.exec(path);
  if (trpc) {
    // The tRPC plugin registers `/trpc/:path` for every method (a wrong one is its 405).
    const procedure = targets.find((t) => t.kind === "trpc" && t.path === trpc[1]);
    return procedure ?? "trpc-unknown";
  }
  return targets.find((t) => {
    if (t.kind !== "rest" || (t.method !== method && !(t.method === "GET" && method === "HEAD")))
      return false;
    const pattern = new RegExp(
      `^${t.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:(\w+)/g, "[^/]+")}$`,
    );
    return pattern.test(path);
  });
}

function decodePath(path: string): string | undefined {
  try {
    return path.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
      // Keep the reserved escapes encoded, decode the rest (as UTF-8 runs).
      return run
        .replace(/%(2f|3f|23|25)/gi, "\u0000$1")
        .split("\u0000")
        .map((part, i) =>
          i === 0 ? decodeURIComponent(part) : `%${part.slice(0, 2)}${decodeURIComponent(part.slice(2))}`,
        )
        .join("");
    });
  } catch {
    return undefined;
  }
}

/** A parsed error body in one of the documented shapes: REST `{ error: { code, message } }` or a tRPC error envelope. */
export function errorShape(body: unknown): "rest" | "trpc" | undefined {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (!error || typeof error !== "object") return undefined;
  if (typeof error.code === "string" && typeof error.message === "string") return "rest";
  const data = error.data as { code?: unknown; httpStatus?: unknown } | undefined;
  if (
    typeof error.code === "number" &&
    typeof error.message === "string" &&
    typeof data?.code === "string" &&
    typeof data.httpStatus === "number"
  )
    return "trpc";
  return undefined;
}

export interface Answer {
  status: number;
  body: unknown;
}

/**
 * How many audit records a refused request (3xx/4xx) writes, read from the code:
 * - the request guards (`requestGuards.ts`): a cross-origin request or a body that is not JSON on an
 *   unsafe method → one `denied` record; a rate-limited request → one `rateLimited`; a session route
 *   refused by the permission table → one `unauthenticated`/`denied`;
 * - token / API-key / worker-key routes: one record per refusal (`onSend`), whatever the handler said;
 * - sign-in routes: a failed sign-in (401), a bad setup link (401), a wrong current password (403)
 *   → one; an unreadable body (400) → none; the OIDC callback's redirect → one;
 * - tRPC (`trpc.ts` middleware): a refusal by the permission table → one; any failed mutation → one
 *   `failed`; a failed query → none unless FORBIDDEN; an unknown procedure, a wrong method or a body
 *   Fastify could not parse (REST-shaped answer) never reaches the middleware → none.
 * Anything that matched no route → none.
 */
export function expectedAuditRows(
  method: string,
  reached: ReturnType<typeof routedTarget>,
  answer: Answer,
): number {
  const { status } = answer;
  const error = (
    answer.body as { error?: { code?: unknown; message?: unknown; data?: { code?: unknown } } } | undefined
  )?.error;
  const message = typeof error?.message === "string" ? error.message : "";
  const unsafe = method === "POST" || method === "PUT" || method === "PATCH" || method === "DELETE";
  if (status === 415 && unsafe && reached !== undefined) return 1;
  if (status === 403 && /cross-origin/.test(message)) return 1;
  if (status === 429) return 1;
  // The Host allowlist (issue 18 D5) refuses a cookie request for a foreign Host with one `denied` record.
  if (status === 421) return 1;
  if (reached === undefined || reached === "trpc-unknown") return 0;
  if (reached.kind === "rest") {
    if (
      reached.permission === "token" ||
      reached.permission === "apiKey" ||
      reached.permission === "workerKey"
    )
      return status >= 400 ? 1 : 0;
    // /api/v1: a refused key or scope is audited by the route's guard; a call that reaches its
    // procedure is audited there (the fuzzed keys hold no /api/v1 scope, so none does here).
    if (reached.permission === "v1Key") return status === 401 || status === 403 ? 1 : 0;
    if ((status === 401 && error?.code === "UNAUTHORIZED") || (status === 403 && error?.code === "FORBIDDEN"))
      return 1;
    switch (reached.name) {
      case "POST /api/auth/login":
      case "POST /api/auth/setup":
        return status === 401 ? 1 : 0;
      case "POST /api/auth/password":
        return status === 403 || /only a user signed in with a password/.test(message) ? 1 : 0;
      case "GET /api/auth/oidc/callback":
        return status >= 300 && status < 400 ? 1 : 0;
      default:
        return 0;
    }
  }
  if (errorShape(answer.body) !== "trpc") return 0;
  const expectedMethod = reached.type === "mutation" ? "POST" : "GET";
  if (method !== expectedMethod) return 0;
  const code = error?.data?.code;
  if (code === "UNAUTHORIZED" || code === "FORBIDDEN") return 1;
  return reached.type === "mutation" ? 1 : 0;
}

/**
 * How many audit records an accepted request (2xx) writes: every change exactly one `ok` record —
 * a tRPC mutation, a token / API-key / worker-key route, a sign-in, a password change, a sign-out of
 * a session — and a read none.
 */
export function expectedAuditRowsOfSuccess(
  method: string,
  reached: ReturnType<typeof routedTarget>,
  hadSession: boolean,
): number {
  if (reached === undefined || reached === "trpc-unknown") return 0;
  if (reached.kind === "trpc") return reached.type === "mutation" && method === "POST" ? 1 : 0;
  if (reached.method === "GET") return 0;
  if (reached.name === "POST /api/auth/logout") return hadSession ? 1 : 0;
  return 1;
}

/** Whether a caller (a role's session, or none: anonymous and API keys, which tRPC and session routes ignore) holds `permission`. */
export function callerMay(caller: string, permission: Permission): boolean {
  if (permission === "public") return true;
  if (!isRole(caller)) return false;
  return permission === "signedIn" || rolesAllow([caller], permission);
}

/**
 * The guard on the path the router matched (issue 18 D2): a caller without the permission of the
 * procedure or session route it reached, however the path was spelled, is refused before any
 * handler — tRPC never answers it 2xx; a session route answers only the guards' statuses (401/403,
 * or 415/421/429 from the checks before them). Undefined when the answer is consistent with that.
 */
export function unguardedAnswer(
  caller: string,
  reached: ReturnType<typeof routedTarget>,
  status: number,
): string | undefined {
  if (reached === undefined || reached === "trpc-unknown") return undefined;
  if (reached.kind === "trpc") {
    return status < 300 && !callerMay(caller, reached.permission)
      ? `${caller} lacks "${reached.permission}" for ${reached.name} but got ${status}`
      : undefined;
  }
  const permission = reached.permission;
  if (
    permission === "token" ||
    permission === "apiKey" ||
    permission === "workerKey" ||
    permission === "v1Key" ||
    callerMay(caller, permission)
  )
    return undefined;
  return [401, 403, 415, 421, 429].includes(status)
    ? undefined
    : `${caller} lacks "${permission}" for ${reached.name}: the guard must refuse (401/403), got ${status}`;
}
