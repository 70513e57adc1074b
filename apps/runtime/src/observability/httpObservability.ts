import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Span } from "@opentelemetry/api";
import type { ApiKeyAuthenticator } from "../auth/apiKeyStore.ts";
import type { SessionStore } from "../auth/SessionStore.ts";
import { refuseApiKey } from "../server/apiKeyRefusal.ts";
import { hostAllowlist } from "../server/hostAllowlist.ts";
import { sessionCookie } from "../server/sessionCookie.ts";
import type { RuntimeMetrics } from "./metrics.ts";
import { otelContext, SpanKind, SpanStatusCode } from "./tracing.ts";
import type { Tracing } from "./tracing.ts";

export interface HttpObservabilityOptions {
  metrics?: RuntimeMetrics | undefined;
  tracing?: Tracing | undefined;
  sessions: SessionStore;
  apiKeys: ApiKeyAuthenticator;
  secureCookies: boolean;
  allowedHosts?: string[] | undefined;
}

const spans = new WeakMap<FastifyRequest, Span>();

/**
 * Per request: a server span (the caller's `traceparent` is its parent; the request's work runs in
 * its context, the body's stream included) and the latency histogram by route TEMPLATE — a path no
 * route matches counts as `unmatched`, so no client can create a label. Registered first, so every
 * later hook and the handler run inside the span.
 *
 * `GET /metrics`: the Prometheus text, for an API key with the `metrics` scope (configured
 * `…@metrics`, or a modeler key with `metrics: true`) or an admin's session; refused otherwise in
 * the one error shape (401 without a valid key or session, 403 for a key or user without it).
 */
export function registerHttpObservability(app: FastifyInstance, options: HttpObservabilityOptions): void {
  const { metrics, tracing } = options;
  if (tracing) {
    app.addHook("onRequest", (request, _reply, done) => {
      const route = request.routeOptions.url;
      const { span, context } = tracing.start(`${request.method} ${route ?? "unmatched"}`, {
        kind: SpanKind.SERVER,
        parent: request.headers as Record<string, unknown>,
        attributes: {
          "http.request.method": request.method,
          "http.route": route ?? "unmatched",
          "flowstate.request_id": request.id,
        },
      });
      spans.set(request, span);
      // Listeners the body parser adds later run in the span's context too.
      otelContext.bind(context, request.raw);
      otelContext.with(context, done);
    });
  }
  if (metrics || tracing) {
    app.addHook("onResponse", (request, reply, done) => {
      const status = reply.statusCode;
      metrics?.httpRequest(request.routeOptions.url, request.method, status, reply.elapsedTime / 1000);
      const span = spans.get(request);
      if (span) {
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      done();
    });
  }
  if (!metrics) return;
  const cookie = sessionCookie(options.secureCookies);
  const hostAllowed = hostAllowlist(options.allowedHosts ?? []);
  app.get("/metrics", async (request, reply) => {
    const token = request.cookies[cookie.name];
    if (token !== undefined && !request.headers.authorization && !request.headers["x-api-key"]) {
      const actor = hostAllowed(request.host) ? await options.sessions.resolve(token, request.ip) : undefined;
      if (!actor)
        return reply.status(401).send({
          error: { code: "UNAUTHORIZED", message: "sign in, or present an API key with the metrics scope" },
        });
      if (!actor.roles.includes("admin"))
        return reply.status(403).send({
          error: {
            code: "FORBIDDEN",
            message: "reading metrics needs the admin role or a metrics-scoped API key",
          },
        });
    } else {
      const key = await options.apiKeys.authenticate(request.headers);
      if (!key.ok) return refuseApiKey(request, reply, key);
      request.apiKey = { id: key.grant.id, name: key.grant.name, prefix: key.grant.prefix };
      if (!key.grant.metrics)
        return reply
          .status(403)
          .send({ error: { code: "FORBIDDEN", message: "this API key has no metrics scope" } });
    }
    return reply.type("text/plain; version=0.0.4; charset=utf-8").send(await metrics.text());
  });
}
