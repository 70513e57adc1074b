import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../auth/Actor.ts";
import { anonymousActor } from "../auth/Actor.ts";
import { decideAccess } from "../auth/authorize.ts";
import { isExternalCredential, restPermissions } from "../auth/permissions.ts";
import type { ExternalCredential } from "../auth/permissions.ts";
import { PendingAudit, auditRow, recordAudit } from "../auth/auditLog.ts";
import type { AuditOutcome } from "../auth/auditLog.ts";
import type { InnerContext } from "../trpc/context.ts";
import type { SessionStore } from "../auth/SessionStore.ts";
import { tooManyRequests } from "./RateLimits.ts";
import type { RateLimitKind, RateLimits } from "./RateLimits.ts";
import { sessionCookie } from "./sessionCookie.ts";
import "./apiKeyRefusal.ts";
import { hostAllowlist } from "./hostAllowlist.ts";
import { storableText } from "../boundary/storableInput.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is asking (set by the first hook): the session's user, the demo admin, or anonymous. */
    actor: Actor;
    /** A token route's `ok` audit record, offered to the change (written with it: then not again here). */
    pendingAudit?: PendingAudit;
  }
}

export interface GuardOptions {
  context: InnerContext;
  sessions: SessionStore;
  rateLimits: RateLimits;
  secureCookies: boolean;
  /** Demo mode: requests without a session act as this user (said on screen). */
  demoActor?: Actor | undefined;
  /** Origins allowed besides the request's own (e.g. FLOWSTATE_PUBLIC_URL behind a proxy). */
  allowedOrigins: string[];
  /** Host names besides loopback that people reach the server by (FLOWSTATE_PUBLIC_URL's, FLOWSTATE_ALLOWED_HOSTS). */
  allowedHosts?: string[] | undefined;
}

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

/** `POST /trpc/a.b,c.d?batch=1` → ["a.b", "c.d"], from the path parameter the router decoded (as the tRPC adapter reads it). */
function trpcPaths(request: FastifyRequest): string[] {
  const path = (request.params as { path?: unknown }).path;
  return typeof path === "string" ? path.split(",").filter(Boolean) : [];
}

/** The route the router matched, when it is one of the API's (`/api/…`, `/trpc/:path`); undefined otherwise. */
function apiRoute(request: FastifyRequest): string | undefined {
  const route = request.routeOptions.url;
  return route !== undefined && (route.startsWith("/api/") || route.startsWith("/trpc/")) ? route : undefined;
}

/**
 * The request-level guards, in order (issue 8 §1, §2, §4; issue 18 D2, D5). They are keyed by the
 * route the router MATCHED (`request.routeOptions.url`), never by the raw URL: `/%61pi/…` is routed
 * to `/api/…` and guarded as such; a spelling that matches no route reaches no handler (404).
 * 0. Host: a cookie-authenticated or demo-login request needs an allowed Host (`hostAllowlist.ts`,
 *    421 otherwise) — an Origin equal to a rebound Host proves nothing;
 * 1. actor: the session cookie's user, else the demo admin in demo mode, else anonymous;
 * 2. CSRF for every unsafe method under /trpc and /api: a foreign `Origin` (or
 *    `Sec-Fetch-Site: cross-site`) is refused, and the body must be `application/json` — a content
 *    type an HTML form or a no-CORS fetch cannot send, so a cross-site page cannot make one;
 * 3. REST routes are looked up in the permission table (unknown ⇒ 403);
 * 4. rate limits on signals, callbacks and instance starts (429 + Retry-After);
 * 5. token / API-key routes (callbacks, signals) are audited from their response status.
 */
export function registerRequestGuards(app: FastifyInstance, options: GuardOptions): void {
  const { context, sessions, rateLimits } = options;
  const cookie = sessionCookie(options.secureCookies);
  const audit = (actor: Actor, action: string, outcome: AuditOutcome, detail?: Record<string, unknown>) =>
    recordAudit(context, { actor, action, outcome, ...(detail ? { detail } : {}) });

  app.decorateRequest("actor", undefined as unknown as Actor);

  const hostAllowed = hostAllowlist(options.allowedHosts ?? []);

  app.addHook("onRequest", async (request, reply) => {
    const route = apiRoute(request);
    if (route === undefined) {
      request.actor = anonymousActor(request.ip);
      return;
    }
    const key = routeKey(request)!;
    const permission = route.startsWith("/api/") ? routePermission(key) : undefined;
    const sessionToken = request.cookies[cookie.name];
    // Outside systems' routes authenticate with their own credential (task token, API key), never as a person.
    if (
      (sessionToken !== undefined || options.demoActor) &&
      !isExternalCredential(permission) &&
      !hostAllowed(request.host)
    ) {
      request.actor = anonymousActor(request.ip);
      await audit(request.actor, key, "denied", {
        reason: "host",
        host: storableText(request.host ?? "", 200),
      });
      return refuse(
        reply,
        421,
        "MISDIRECTED_REQUEST",
        "this server does not answer for that Host name (see FLOWSTATE_ALLOWED_HOSTS)",
      );
    }
    const fromSession = await sessions.resolve(sessionToken, request.ip);
    request.actor =
      fromSession ??
      (options.demoActor ? { ...options.demoActor, ip: request.ip } : anonymousActor(request.ip));

    if (unsafeMethods.has(request.method)) {
      const origin = request.headers.origin;
      const own = `${request.protocol}://${request.host}`;
      const foreignOrigin =
        origin !== undefined && origin !== own && !options.allowedOrigins.includes(origin);
      if (foreignOrigin || request.headers["sec-fetch-site"] === "cross-site") {
        await audit(request.actor, key, "denied", { reason: "cross-origin", origin: origin?.slice(0, 200) });
        return refuse(reply, 403, "FORBIDDEN", "cross-origin requests are refused");
      }
      const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== "application/json") {
        await audit(request.actor, key, "denied", {
          reason: "content-type",
          contentType: type.slice(0, 100),
        });
        return refuse(reply, 415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
      }
    }

    if (route.startsWith("/api/")) {
      if (isExternalCredential(permission)) {
        if (permission === "workerKey") return;
        const kind: RateLimitKind =
          permission === "token" ? "callback" : permission === "v1Key" ? "rest" : "signal";
        const decision = await rateLimits.consume(kind, request.ip);
        if (!decision.ok) {
          await audit(externalActor(request, permission), key, "rateLimited");
          return tooManyRequests(reply, decision.retryAfterSeconds);
        }
        return;
      }
      const access = decideAccess(request.actor, permission, key);
      if (!access.ok) {
        await audit(request.actor, key, access.code === "UNAUTHORIZED" ? "unauthenticated" : "denied");
        return refuse(reply, access.code === "UNAUTHORIZED" ? 401 : 403, access.code, access.message);
      }
      return;
    }

    // /trpc: starts are rate limited per actor (the procedure itself is authorized by tRPC's middleware),
    // one point per `instance.start` of a batch (`/trpc/instance.start,instance.start?batch=1`): a batch
    // with more starts than points left is refused whole, so batching cannot multiply the limit.
    const paths = trpcPaths(request);
    const starts = request.method === "POST" ? paths.filter((p) => p === "instance.start").length : 0;
    if (starts > 0) {
      const decision = await rateLimits.consume(
        "start",
        request.actor.kind === "anonymous" ? request.ip : `u:${request.actor.name}`,
        starts,
      );
      if (!decision.ok) {
        await audit(request.actor, "instance.start", "rateLimited", starts > 1 ? { starts } : undefined);
        return tooManyRequests(reply, decision.retryAfterSeconds);
      }
    }
  });

  // Callbacks (task token) and signals (API key) change state on behalf of outside systems:
  // one audit record per request, from the status the handler answered, written before the answer
  // leaves (so a client that got its answer finds the record).
  app.addHook("onSend", async (request, reply, payload) => {
    const key = routeKey(request);
    if (key === undefined || !apiRoute(request)?.startsWith("/api/")) return payload;
    const permission = routePermission(key);
    if (!isExternalCredential(permission)) return payload;
    const status = reply.statusCode;
    // A /api/v1 call that reached its procedure is audited there; here only refused keys and scopes.
    if (permission === "v1Key" && status !== 401 && status !== 403) return payload;
    // Refused by the guards above (CSRF, content type, rate limit): audited there. A 403 after an
    // API key was identified is the key's scope refusing (another process, handler, or no signals).
    if (status === 429 || status === 415 || (status === 403 && !request.apiKey)) return payload;
    // Written with the change itself (a callback's step): that is the request's one record.
    if (status < 300 && request.pendingAudit?.recorded) return payload;
    const outcome: AuditOutcome =
      status < 300
        ? "ok"
        : status === 401 || status === 410
          ? "unauthenticated"
          : status === 403
            ? "denied"
            : "failed";
    const code = permission === "apiKey" ? (request.params as { code?: string }).code : undefined;
    const apiKey = request.apiKey;
    const keyDetail = apiKey
      ? {
          ...(apiKey.prefix ? { keyPrefix: apiKey.prefix } : {}),
          ...(apiKey.refused ? { reason: apiKey.refused } : {}),
        }
      : {};
    try {
      await audit(externalActor(request, permission), key, outcome, {
        status,
        ...(code ? { signal: code.slice(0, 200) } : {}),
        ...keyDetail,
      });
    } catch (error) {
      request.log.error({ err: error }, "could not write the audit record");
    }
    return payload;
  });
}

/** The request's route as the permission table names it (`POST /api/callbacks/:token`); undefined when no route matched. */
function routeKey(request: FastifyRequest): string | undefined {
  const route = request.routeOptions.url;
  return route === undefined ? undefined : `${request.method} ${route}`;
}

/** The permission table's line for a route key (own keys only). */
function routePermission(key: string): (typeof restPermissions)[string] | undefined {
  return Object.hasOwn(restPermissions, key) ? restPermissions[key] : undefined;
}

/**
 * The `ok` audit record of a callback (task token) request, for the step to write with the change
 * (`deliverCallback(…, { audit })`); the same record `onSend` writes otherwise.
 */
export function pendingCallbackAudit(request: FastifyRequest): PendingAudit {
  const key = routeKey(request) ?? `${request.method} ${request.url.split("?")[0]}`;
  request.pendingAudit = new PendingAudit(
    auditRow({ actor: externalActor(request, "token"), action: key, outcome: "ok", detail: { status: 200 } }),
  );
  return request.pendingAudit;
}

/** The outside system as the audit log shows it: `api-key:<name>` (with the key's id) once its key is known. */
function externalActor(request: FastifyRequest, permission: ExternalCredential): Actor {
  const generic = permission === "token" ? "callback" : permission === "workerKey" ? "worker-key" : "api-key";
  const apiKey = request.apiKey;
  const name = apiKey?.id && apiKey.name ? `${generic}:${apiKey.name}` : generic;
  return {
    kind: "system",
    name,
    ...(apiKey?.id ? { id: apiKey.id } : {}),
    roles: [],
    groups: [],
    ip: request.ip,
  };
}
