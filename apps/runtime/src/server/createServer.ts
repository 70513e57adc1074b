import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import Fastify from "fastify";
import type { FastifyInstance, FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";
import { fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import type { FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { appRouter } from "../trpc/appRouter.ts";
import type { AppRouter } from "../trpc/appRouter.ts";
import type { InnerContext } from "../trpc/context.ts";
import { readHealth } from "./readHealth.ts";
import { DomainError, httpStatusOf } from "../errors/DomainError.ts";
import { registerRestRoutes } from "./restRoutes.ts";
import { ApiKeys } from "../auth/apiKeys.ts";
import { ApiKeyAuthenticator } from "../auth/apiKeyStore.ts";
import { registerJobRoutes } from "./jobRoutes.ts";
import { registerV1Routes } from "../api/registerV1Routes.ts";
import fastifyCookie from "@fastify/cookie";
import { SessionStore } from "../auth/SessionStore.ts";
import type { Actor } from "../auth/Actor.ts";
import { RateLimits } from "./RateLimits.ts";
import type { RateLimitSettings } from "./RateLimits.ts";
import { registerRequestGuards } from "./requestGuards.ts";
import { registerSecurityHeaders } from "./securityHeaders.ts";
import { registerInputGuard } from "./inputGuard.ts";
import { registerAuthRoutes } from "./authRoutes.ts";
import { sessionCacheOf } from "../auth/sessionCache.ts";
import { registerOidcRoutes } from "./oidcRoutes.ts";
import type { OidcConfig } from "../config/oidc.ts";
import type { TrustProxy } from "../config/network.ts";
import { logRedaction, requestSerializer } from "./logRedaction.ts";
import { registerHttpObservability } from "../observability/httpObservability.ts";
import { traceLogFields } from "../observability/tracing.ts";

export interface ServerOptions {
  context: InnerContext;
  /** Folder with the built modeler (index.html + assets); the API alone is served when missing. */
  staticDir?: string;
  logLevel?: string;
  /** Where the log goes (default stdout); tests capture it to prove secrets are redacted. */
  logStream?: NodeJS.WritableStream;
  /** Largest request body accepted anywhere, in bytes. */
  bodyLimit?: number;
  /** Keys outside systems present to send signals or work remote jobs (`FLOWSTATE_API_KEYS` entries). */
  apiKeys?: string[];
  /** Demo mode: requests without a session act as this user (the modeler says so on screen). */
  demoActor?: Actor;
  /** Session lifetime in ms (default 8 hours). */
  sessionTtlMs?: number;
  /** Secure + `__Host-` session cookie (when the app is reached over HTTPS). */
  secureCookies?: boolean;
  /** Origins besides the request's own that may send mutations (the public URL behind a proxy). */
  allowedOrigins?: string[];
  /**
   * Host names besides loopback (localhost, 127.0.0.1, [::1]) that cookie-authenticated and demo
   * requests may name (FLOWSTATE_PUBLIC_URL's host, FLOWSTATE_ALLOWED_HOSTS); others get 421.
   */
  allowedHosts?: string[];
  rateLimits?: RateLimitSettings;
  /** Optional OIDC sign-in (`FLOWSTATE_OIDC_*`); off when undefined. */
  oidc?: OidcConfig | undefined;
  /**
   * Reverse proxies whose `X-Forwarded-For` (and `-Proto`/`-Host`) to believe (`FLOWSTATE_TRUST_PROXY`);
   * default none, so a client cannot choose the address rate limits and the audit log see.
   */
  trustProxy?: TrustProxy;
  /** Called for every route as it is registered (tests compare the REST routes with the permission table). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

/** One HTTP server: the modeler's static files, tRPC at /trpc and plain JSON under /api. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // Secrets never reach the log: cookies, Authorization/API-key headers and callback tokens in URLs are redacted.
    logger:
      options.logLevel && options.logLevel !== "silent"
        ? {
            level: options.logLevel,
            redact: logRedaction,
            serializers: { req: requestSerializer },
            // Lines logged inside a traced request or job carry its trace and span ids.
            mixin: traceLogFields,
            ...(options.logStream ? { stream: options.logStream } : {}),
          }
        : false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
    trustProxy: options.trustProxy ?? false,
    // Unguessable and unique across processes: a 500 answers with it, the log has the cause under it.
    genReqId: () => randomUUID(),
    // The router's own refusals (a malformed percent-encoding in the path, an over-long parameter)
    // answer in the one error shape too, before any hook runs.
    // Node's HTTP parser refuses some requests before Fastify sees them (headers or URL over ~16 KB,
    // a malformed request line): answered in the one error shape as well, then the socket closes.
    clientErrorHandler: (error: Error & { code?: string }, socket) => {
      if (!socket.writable) return void socket.destroy();
      const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
      const status = tooLarge ? 431 : 400;
      const body = JSON.stringify({
        error: {
          code: tooLarge ? "HEADERS_TOO_LARGE" : "BAD_REQUEST",
          message: tooLarge ? "the request's URL and headers exceed 16 KB" : "malformed HTTP request",
        },
      });
      socket.end(
        `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    frameworkErrors: (error, _request, reply) => {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      void (reply as unknown as FastifyReply).status(status).send({
        error: {
          code: status === 414 ? "URI_TOO_LONG" : "BAD_REQUEST",
          message:
            error.code === "FST_ERR_BAD_URL" ? "the URL's path is not valid percent-encoding" : error.message,
        },
      });
    },
  });

  if (options.onRoute) {
    const listener = options.onRoute;
    app.addHook("onRoute", (route) => listener({ method: route.method, url: route.url }));
  }

  // Every error leaves as `{ error: { code, message, details? } }` with a 4xx/5xx status, never a stack.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof DomainError) {
      return void reply.status(httpStatusOf[error.code]).send({
        error: { code: error.code, message: error.message, ...(error.data ? { details: error.data } : {}) },
      });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      // A 500 carries a request id and nothing else; the cause goes to the log under that id.
      request.log.error({ err: error }, "internal error");
      return void reply
        .status(500)
        .send({ error: { code: "INTERNAL", message: "internal error", requestId: request.id } });
    }
    const code =
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? "PAYLOAD_TOO_LARGE"
        : error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
          ? "UNSUPPORTED_MEDIA_TYPE"
          : status === 400
            ? "BAD_REQUEST"
            : (error.code ?? "ERROR");
    void reply.status(status).send({ error: { code, message: error.message } });
  });

  registerSecurityHeaders(app);

  const sessions = new SessionStore(options.context, options.sessionTtlMs ?? 8 * 60 * 60 * 1000);
  // Signed-in requests skip the session query while nothing about the session changed (Postgres).
  const sessionCache = sessionCacheOf(options.context.db);
  await sessionCache.start();
  app.addHook("onClose", async () => sessionCache.stop());
  const rateLimits = new RateLimits(
    options.context.db,
    options.rateLimits ?? { loginPerMinute: 10, apiPerMinute: 600 },
  );
  const secureCookies = options.secureCookies ?? false;
  await app.register(fastifyCookie);
  // Before the guards: every request's work runs in its span; latency by route; GET /metrics.
  registerHttpObservability(app, {
    metrics: options.context.rt.metrics,
    tracing: options.context.rt.tracing,
    sessions,
    apiKeys: new ApiKeyAuthenticator(new ApiKeys(options.apiKeys ?? []), options.context),
    secureCookies,
    allowedHosts: options.allowedHosts,
  });
  registerRequestGuards(app, {
    context: options.context,
    sessions,
    rateLimits,
    secureCookies,
    demoActor: options.demoActor,
    allowedOrigins: options.allowedOrigins ?? [],
    allowedHosts: options.allowedHosts,
  });
  registerInputGuard(app);
  await registerAuthRoutes(app, { context: options.context, sessions, rateLimits, secureCookies });
  await registerOidcRoutes(app, {
    context: options.context,
    sessions,
    rateLimits,
    secureCookies,
    oidc: options.oidc,
  });

  app.get("/api/health", async (_request, reply) => {
    const health = await readHealth(options.context);
    return reply.status(health.ok ? 200 : 503).send(health);
  });

  // Configured keys (FLOWSTATE_API_KEYS, every process) and the modeler's keys (table api_key, scoped).
  const apiKeys = new ApiKeyAuthenticator(new ApiKeys(options.apiKeys ?? []), options.context);
  await registerRestRoutes(app, options.context.rt, apiKeys);
  await registerJobRoutes(app, options.context.rt, apiKeys);
  await registerV1Routes(app, options.context, apiKeys);

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      // The inner context with the actor of this request (its session, the demo admin, or anonymous).
      createContext: ({ req }) => ({ ...options.context, actor: req.actor, requestId: req.id }),
      onError({ error, path, req }) {
        // The answer carries only the request id (trpc.ts' error formatter); the cause is logged under it.
        if (error.code === "INTERNAL_SERVER_ERROR")
          req.log.error({ path, err: error.cause ?? error }, "trpc error");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  const staticDir = options.staticDir && existsSync(options.staticDir) ? options.staticDir : undefined;
  if (staticDir) {
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: "/",
      wildcard: false,
      index: ["index.html"],
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "/";
    if (
      request.method === "GET" &&
      staticDir &&
      !url.startsWith("/api/") &&
      !url.startsWith("/trpc/") &&
      !/\.[a-z0-9]+$/i.test(url)
    ) {
      // Client-side routes: the modeler's router handles them after index.html loads.
      return reply.type("text/html").sendFile("index.html");
    }
    return reply
      .status(404)
      .send({ error: { code: "NOT_FOUND", message: `no route ${request.method} ${url}` } });
  });

  return app;
}
