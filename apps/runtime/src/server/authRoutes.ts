import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { InnerContext } from "../trpc/context.ts";
import type { SessionStore } from "../auth/SessionStore.ts";
import { decoyHash, verifyPassword } from "../auth/passwordHash.ts";
import { anonymousActor } from "../auth/Actor.ts";
import { PendingAudit, auditRow, recordAudit } from "../auth/auditLog.ts";
import { auditedDatabase } from "../boundary/auditedDatabase.ts";
import { tooManyRequests } from "./RateLimits.ts";
import type { RateLimits } from "./RateLimits.ts";
import { sessionCookie } from "./sessionCookie.ts";
import { checkSetupToken, createFirstAdmin } from "../auth/setupToken.ts";
import { setPassword } from "../auth/userAccounts.ts";
import { DomainError, httpStatusOf } from "../errors/DomainError.ts";

const loginBody = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().max(200),
});
const setupBody = z.strictObject({
  token: z.string().min(1).max(100),
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export interface AuthRouteDeps {
  context: InnerContext;
  sessions: SessionStore;
  rateLimits: RateLimits;
  secureCookies: boolean;
}

/**
 * A sign-in replaces the browser's session cookie: the session that cookie held (if still valid; the
 * request guard resolved it into `request.actor`) is revoked, so it cannot be replayed from a copy.
 * Whether it was the same user or another one. Returns whether one was revoked.
 */
export async function revokeReplacedSession(
  sessions: SessionStore,
  request: FastifyRequest,
): Promise<boolean> {
  const previous = request.actor.kind === "user" ? request.actor.sessionId : undefined;
  if (!previous) return false;
  await sessions.revoke(previous);
  return true;
}

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

/**
 * `POST /api/auth/login` (JSON username + password → session cookie) and `POST /api/auth/logout`
 * (revokes the session). Every attempt is audited; a failed login never says which half was wrong.
 */
export async function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const { context, sessions, rateLimits } = deps;
  const cookie = sessionCookie(deps.secureCookies);

  app.post("/api/auth/login", async (request: FastifyRequest, reply) => {
    const body = loginBody.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, 400, "BAD_REQUEST", "give username and password");
    const { username, password } = body.data;
    const actor = { ...anonymousActor(request.ip), name: username };
    const limit = await rateLimits.consume("login", `${request.ip}|${username.toLowerCase()}`);
    if (!limit.ok) {
      await recordAudit(context, { actor, action: "POST /api/auth/login", outcome: "rateLimited" });
      return tooManyRequests(reply, limit.retryAfterSeconds, "too many sign-in attempts");
    }
    const user = await context.db.prisma.appUser.findUnique({
      where: { username },
      select: { id: true, username: true, displayName: true, passwordHash: true, disabled: true },
    });
    const ok = user?.passwordHash
      ? await verifyPassword(password, user.passwordHash)
      : await verifyPassword(password, await decoyHash).then(() => false);
    if (!user || !ok || user.disabled) {
      await recordAudit(context, {
        actor,
        action: "POST /api/auth/login",
        outcome: "unauthenticated",
        detail: { reason: user?.disabled ? "disabled" : "bad credentials" },
      });
      return refuse(reply, 401, "UNAUTHENTICATED", "wrong username or password");
    }
    const session = await sessions.create(user.id, {
      ip: request.ip,
      userAgent: request.headers["user-agent"],
    });
    const replaced = await revokeReplacedSession(sessions, request);
    await recordAudit(context, {
      actor: { kind: "user", id: user.id, name: user.username, roles: [], groups: [], ip: request.ip },
      action: "POST /api/auth/login",
      outcome: "ok",
      ...(replaced ? { detail: { revokedPreviousSession: true } } : {}),
    });
    void reply.setCookie(cookie.name, session.token, { ...cookie.options, expires: session.expiresAt });
    return reply.status(200).send({ username: user.username, displayName: user.displayName });
  });

  // The one-time setup link: creates the first admin while none exists, then signs them in.
  app.post("/api/auth/setup", async (request: FastifyRequest, reply) => {
    const body = setupBody.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, 400, "BAD_REQUEST", "give token, username and password");
    const { token, username, password } = body.data;
    const actor = { ...anonymousActor(request.ip), name: username };
    const limit = await rateLimits.consume("login", `${request.ip}|setup`);
    if (!limit.ok) {
      await recordAudit(context, { actor, action: "POST /api/auth/setup", outcome: "rateLimited" });
      return tooManyRequests(reply, limit.retryAfterSeconds, "too many attempts");
    }
    // A cheap read-only check first (no scrypt for a wrong token); the decision is createFirstAdmin's
    // transaction, which spends the token and creates the admin together (concurrent requests: one wins).
    const hasAdmin = await context.db.prisma.appUser.findFirst({
      where: { roles: { has: "admin" } },
      select: { id: true },
    });
    const unauthenticated = async (reason: string) => {
      await recordAudit(context, {
        actor,
        action: "POST /api/auth/setup",
        outcome: "unauthenticated",
        detail: { reason },
      });
      return refuse(
        reply,
        401,
        "UNAUTHENTICATED",
        "this setup link is not valid (already used, replaced, or an admin exists)",
      );
    };
    if (hasAdmin || !(await checkSetupToken(context.db.prisma, token)))
      return unauthenticated(hasAdmin ? "admin exists" : "bad token");
    let user: { id: string; username: string };
    // The `ok` record commits with the new admin and the spent token (or neither happens).
    const pending = new PendingAudit(
      auditRow({
        actor: { ...actor, kind: "user", roles: ["admin"] },
        action: "POST /api/auth/setup",
        outcome: "ok",
      }),
      (r) => ((r as { ok?: boolean }).ok ? { actorId: (r as { user: { id: string } }).user.id } : false),
    );
    try {
      const created = await createFirstAdmin(auditedDatabase(context.db, pending, context.clock), token, {
        username,
        password,
      });
      if (!created.ok) return unauthenticated(created.reason);
      user = created.user;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await recordAudit(context, {
        actor,
        action: "POST /api/auth/setup",
        outcome: "failed",
        detail: { code: error.code },
      });
      return refuse(reply, httpStatusOf[error.code], error.code, error.message);
    }
    const session = await sessions.create(user.id, {
      ip: request.ip,
      userAgent: request.headers["user-agent"],
    });
    await revokeReplacedSession(sessions, request);
    void reply.setCookie(cookie.name, session.token, { ...cookie.options, expires: session.expiresAt });
    return reply.status(200).send({ username: user.username });
  });

  // A signed-in user changes their own password: the current one is required (checked like a
  // sign-in, with the same rate limit), the new one follows the account policy, and every OTHER
  // session of the user is revoked (this one stays signed in). Audited either way.
  app.post("/api/auth/password", async (request, reply) => {
    const actor = request.actor;
    const action = "POST /api/auth/password";
    const body = passwordBody.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, 400, "BAD_REQUEST", "give currentPassword and newPassword");
    if (actor.kind !== "user" || !actor.id || !actor.sessionId) {
      await recordAudit(context, {
        actor,
        action,
        outcome: "failed",
        detail: { reason: "no password account" },
      });
      return refuse(
        reply,
        400,
        "BAD_REQUEST",
        "only a user signed in with a password can change it (not the demo admin)",
      );
    }
    const limit = await rateLimits.consume("login", `${request.ip}|${actor.name.toLowerCase()}`);
    if (!limit.ok) {
      await recordAudit(context, { actor, action, outcome: "rateLimited" });
      return tooManyRequests(reply, limit.retryAfterSeconds, "too many attempts");
    }
    const user = await context.db.prisma.appUser.findUnique({
      where: { id: actor.id },
      select: { passwordHash: true },
    });
    const ok = user?.passwordHash
      ? await verifyPassword(body.data.currentPassword, user.passwordHash)
      : await verifyPassword(body.data.currentPassword, await decoyHash).then(() => false);
    if (!ok) {
      await recordAudit(context, {
        actor,
        action,
        outcome: "denied",
        detail: { reason: "wrong current password" },
      });
      return refuse(reply, 403, "WRONG_PASSWORD", "the current password is wrong");
    }
    let revokedSessions: number;
    // The `ok` record commits with the new password hash and the revoked sessions (or neither happens).
    const pending = new PendingAudit(auditRow({ actor, action, outcome: "ok" }), (r) => ({
      detail: { revokedSessions: (r as { revokedSessions: number }).revokedSessions },
    }));
    try {
      ({ revokedSessions } = await setPassword(
        { ...context, db: auditedDatabase(context.db, pending, context.clock) },
        actor.id,
        body.data.newPassword,
        actor.sessionId,
      ));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await recordAudit(context, { actor, action, outcome: "failed", detail: { code: error.code } });
      return refuse(reply, httpStatusOf[error.code], error.code, error.message);
    }
    if (!pending.recorded)
      await recordAudit(context, { actor, action, outcome: "ok", detail: { revokedSessions } });
    return reply.status(200).send({ changed: true, revokedSessions });
  });

  app.post("/api/auth/logout", async (request, reply) => {
    const actor = request.actor;
    if (actor.sessionId) {
      await sessions.revoke(actor.sessionId);
      await recordAudit(context, { actor, action: "POST /api/auth/logout", outcome: "ok" });
    }
    void reply.clearCookie(cookie.name, cookie.options);
    return reply.status(200).send({ signedOut: true });
  });
}
