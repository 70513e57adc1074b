import type { FastifyInstance, FastifyReply } from "fastify";
import type { CookieSerializeOptions } from "@fastify/cookie";
import type { InnerContext } from "../trpc/context.ts";
import type { SessionStore } from "../auth/SessionStore.ts";
import { anonymousActor } from "../auth/Actor.ts";
import { recordAudit } from "../auth/auditLog.ts";
import { oidcFlowTtlMs, OidcSignIn, OidcUnavailableError } from "../auth/oidcSignIn.ts";
import type { OidcConfig } from "../config/oidc.ts";
import type { RateLimits } from "./RateLimits.ts";
import { revokeReplacedSession } from "./authRoutes.ts";
import { sessionCookie } from "./sessionCookie.ts";

export interface OidcRouteDeps {
  context: InnerContext;
  sessions: SessionStore;
  rateLimits: RateLimits;
  secureCookies: boolean;
  /** Undefined: OIDC is off (`/api/auth/oidc` says so; login and callback answer 404). */
  oidc?: OidcConfig | undefined;
}

/** The browser's half of a sign-in in flight: its state, HttpOnly, SameSite=Lax (sent on the provider's redirect back). */
export function oidcFlowCookie(secure: boolean): { name: string; options: CookieSerializeOptions } {
  return {
    name: secure ? "__Host-flowstate_oidc" : "flowstate_oidc",
    options: { httpOnly: true, sameSite: "lax", secure, path: "/" },
  };
}

/** Where the browser goes after a refused sign-in: the login page, with the reason as `oidcError`. */
function toLoginPage(reply: FastifyReply, code: string) {
  return reply.redirect(`/?oidcError=${encodeURIComponent(code)}`, 302);
}

/**
 * The optional OIDC sign-in: `GET /api/auth/oidc` (is it on, the button's label), `GET
 * /api/auth/oidc/login` (302 to the provider) and `GET /api/auth/oidc/callback` (the provider's
 * redirect back: a session exactly like a password sign-in, or the login page with `oidcError`).
 * Both are browser navigations, so they answer with redirects, never JSON; every callback is
 * audited once (`ok`, `unauthenticated` with the reason, or `rateLimited`).
 */
export async function registerOidcRoutes(app: FastifyInstance, deps: OidcRouteDeps): Promise<void> {
  const { context, sessions, rateLimits } = deps;

  app.get("/api/auth/oidc", async (_request, reply) =>
    reply.send(deps.oidc ? { enabled: true, name: deps.oidc.name } : { enabled: false }),
  );
  if (!deps.oidc) return;

  const signIn = new OidcSignIn(deps.oidc, context);
  const cookie = sessionCookie(deps.secureCookies);
  const flowCookie = oidcFlowCookie(deps.secureCookies);

  app.get("/api/auth/oidc/login", async (request, reply) => {
    const limit = await rateLimits.consume("login", `${request.ip}|oidc`);
    if (!limit.ok) {
      await recordAudit(context, {
        actor: anonymousActor(request.ip),
        action: "GET /api/auth/oidc/login",
        outcome: "rateLimited",
      });
      return toLoginPage(reply, "rate_limited");
    }
    let started: { url: URL; state: string };
    try {
      started = await signIn.start();
    } catch (error) {
      if (!(error instanceof OidcUnavailableError)) throw error;
      request.log.warn(error.message);
      return toLoginPage(reply, "unavailable");
    }
    void reply.setCookie(flowCookie.name, started.state, {
      ...flowCookie.options,
      maxAge: Math.floor(oidcFlowTtlMs / 1000),
    });
    return reply.header("cache-control", "no-store").redirect(started.url.href, 302);
  });

  app.get("/api/auth/oidc/callback", async (request, reply) => {
    const action = "GET /api/auth/oidc/callback";
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
    const cookieState = request.cookies[flowCookie.name];
    // The flow cookie is spent whatever happens next.
    void reply.clearCookie(flowCookie.name, flowCookie.options).header("cache-control", "no-store");
    const limit = await rateLimits.consume("login", `${request.ip}|oidc`);
    if (!limit.ok) {
      await recordAudit(context, { actor: anonymousActor(request.ip), action, outcome: "rateLimited" });
      return toLoginPage(reply, "rate_limited");
    }
    const result = await signIn.finish(query, cookieState);
    if (!result.ok) {
      if (result.reason === "unavailable") request.log.warn(String(result.detail?.message));
      const actor = {
        ...anonymousActor(request.ip),
        ...(result.username ? { name: result.username } : {}),
        ...(result.userId ? { id: result.userId } : {}),
      };
      await recordAudit(context, {
        actor,
        action,
        outcome: "unauthenticated",
        detail: { reason: result.reason, ...result.detail },
      });
      return toLoginPage(reply, result.reason);
    }
    const { user } = result;
    const session = await sessions.create(user.id, {
      ip: request.ip,
      userAgent: request.headers["user-agent"],
    });
    const replaced = await revokeReplacedSession(sessions, request);
    await recordAudit(context, {
      actor: {
        kind: "user",
        id: user.id,
        name: user.username,
        roles: user.roles,
        groups: user.groups,
        ip: request.ip,
      },
      action,
      outcome: "ok",
      detail: {
        created: result.created,
        roles: user.roles,
        ...(replaced ? { revokedPreviousSession: true } : {}),
      },
    });
    void reply.setCookie(cookie.name, session.token, { ...cookie.options, expires: session.expiresAt });
    return reply.redirect("/", 302);
  });
}
