import { randomBytes } from "node:crypto";
import { sha256Digest } from "./sha256Digest.ts";
import type { Database } from "../db/openDatabase.ts";
import type { Clock } from "../clock.ts";
import type { Actor } from "./Actor.ts";
import { isRole } from "./permissions.ts";
import { sessionCacheOf } from "./sessionCache.ts";
import type { ResolvedSession } from "./sessionCache.ts";

/** Digest stored for a session token: a database leak gives no usable cookie. */
function digest(token: string): string {
  return sha256Digest(token).toString("base64url");
}

/**
 * Server-side sessions (OWASP ASVS V7): a 256-bit random token in the cookie, its digest in
 * `user_session`, an absolute expiry, revocation on logout (and for every session of a disabled user).
 */
export class SessionStore {
  constructor(
    private readonly deps: { db: Database; clock: Clock },
    /** Absolute lifetime of a session, in milliseconds. */
    readonly ttlMs: number,
  ) {}

  async create(
    userId: string,
    meta: { ip?: string | undefined; userAgent?: string | undefined },
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.deps.db.prisma.userSession.create({
      data: {
        id: digest(token),
        userId,
        createdAt: now,
        expiresAt,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 500) ?? null,
      },
    });
    return { token, expiresAt };
  }

  /**
   * The actor of a valid session, or undefined (unknown, expired, revoked, disabled user). Every
   * signed-in request asks this: one named statement (session joined with its user), or none while
   * the session is in the process's short cache (`sessionCache.ts`: dropped on any change).
   */
  async resolve(token: string | undefined, ip?: string): Promise<Actor | undefined> {
    if (!token || token.length > 100) return undefined;
    const id = digest(token);
    const now = this.deps.clock.now();
    const cache = sessionCacheOf(this.deps.db);
    let session = cache.get(id, now.getTime());
    if (!session) {
      const generation = cache.begin();
      const [row] = await this.deps.db.query<{
        id: string;
        user_id: string;
        username: string;
        roles: string[];
        groups: string[];
        expires_at: Date;
      }>(
        "flowstate_resolve_session_v2",
        `SELECT s.id, u.id::text AS user_id, u.username, u.roles, u.groups, s.expires_at FROM user_session s JOIN app_user u ON u.id = s.user_id
          WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2::timestamptz AND NOT u.disabled`,
        [id, now],
      );
      if (!row) return undefined;
      session = {
        id: row.id,
        userId: row.user_id,
        username: row.username,
        roles: row.roles,
        groups: row.groups,
        expiresAt: new Date(row.expires_at).getTime(),
      } satisfies ResolvedSession;
      cache.put(id, session, now.getTime(), generation);
    }
    return {
      kind: "user",
      id: session.userId,
      name: session.username,
      roles: session.roles.filter(isRole),
      groups: session.groups,
      sessionId: session.id,
      ...(ip ? { ip } : {}),
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.deps.db.prisma.userSession.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: this.deps.clock.now() },
    });
    sessionCacheOf(this.deps.db).forgetSession(sessionId);
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.deps.db.prisma.userSession.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: this.deps.clock.now() },
    });
    sessionCacheOf(this.deps.db).forgetUser(userId);
  }
}
