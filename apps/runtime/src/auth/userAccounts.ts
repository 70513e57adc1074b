import type { Database } from "../db/openDatabase.ts";
import { DomainError } from "../errors/DomainError.ts";
import { hashPassword } from "./passwordHash.ts";
import { isRole } from "./permissions.ts";
import { sessionCacheOf } from "./sessionCache.ts";
import type { Role } from "./permissions.ts";

export interface NewUser {
  username: string;
  displayName?: string;
  password: string;
  roles: Role[];
  groups?: string[];
}

/** Creates a local account (password hashed with scrypt). CONFLICT when the username is taken. */
export async function createUser(db: Database, user: NewUser): Promise<{ id: string; username: string }> {
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(user.username))
    throw new DomainError(
      "BAD_REQUEST",
      "a username uses letters, digits, '.', '_', '@' or '-' (at most 100)",
    );
  checkPasswordPolicy(user.password);
  if (!user.roles.every(isRole)) throw new DomainError("BAD_REQUEST", "unknown role");
  const existing = await db.prisma.appUser.findUnique({
    where: { username: user.username },
    select: { id: true },
  });
  if (existing) throw new DomainError("CONFLICT", `a user "${user.username}" exists already`);
  return db.prisma.appUser.create({
    data: {
      username: user.username,
      displayName: user.displayName ?? user.username,
      passwordHash: await hashPassword(user.password),
      roles: user.roles,
      groups: user.groups ?? [],
    },
    select: { id: true, username: true },
  });
}

/** The password policy (account creation, password change and reset): 12 to 200 characters. */
export function checkPasswordPolicy(password: string): void {
  if (password.length < 12 || password.length > 200)
    throw new DomainError("BAD_REQUEST", "a password has 12 to 200 characters");
}

/**
 * Sets a user's password (policy checked) and revokes their sessions — all of them, or all but
 * `keepSessionId` (the session that changed its own password stays signed in).
 */
export async function setPassword(
  deps: { db: Database; clock: { now(): Date } },
  userId: string,
  password: string,
  keepSessionId?: string,
): Promise<{ revokedSessions: number }> {
  checkPasswordPolicy(password);
  // An OIDC account signs in only through its provider: a password would be a second, unmanaged way in.
  const account = await deps.db.prisma.appUser.findUnique({
    where: { id: userId },
    select: { oidcSubject: true },
  });
  if (account?.oidcSubject)
    throw new DomainError(
      "BAD_REQUEST",
      "this user signs in through the identity provider (OIDC) and has no password",
    );
  const passwordHash = await hashPassword(password);
  const result = await deps.db.prisma.$transaction(async (tx) => {
    const updated = await tx.appUser.updateMany({ where: { id: userId }, data: { passwordHash } });
    if (updated.count === 0) throw new DomainError("NOT_FOUND", `no user with id "${userId}"`);
    const revoked = await tx.userSession.updateMany({
      where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
      data: { revokedAt: deps.clock.now() },
    });
    return { revokedSessions: revoked.count };
  });
  sessionCacheOf(deps.db).forgetUser(userId);
  return result;
}

/**
 * First start: creates the admin from `FLOWSTATE_ADMIN_USERNAME`/`FLOWSTATE_ADMIN_PASSWORD` when no
 * admin exists yet. Returns what happened so `main` can say it.
 */
export async function ensureAdmin(
  db: Database,
  admin: { username: string; password: string } | undefined,
): Promise<"created" | "exists" | "missing"> {
  const any = await db.prisma.appUser.findFirst({ where: { roles: { has: "admin" } }, select: { id: true } });
  if (any) return "exists";
  if (!admin) return "missing";
  await createUser(db, {
    username: admin.username,
    displayName: "Administrator",
    password: admin.password,
    roles: ["admin"],
  });
  return "created";
}

/** The demo admin of the embedded demo mode (no password: it cannot sign in, it is the auto-login actor). */
export const demoAdminName = "demo-admin";
