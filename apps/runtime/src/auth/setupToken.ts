import { randomBytes, timingSafeEqual } from "node:crypto";
import { sha256Digest } from "./sha256Digest.ts";
import type { Database } from "../db/openDatabase.ts";
import { DomainError } from "../errors/DomainError.ts";
import { hashPassword } from "./passwordHash.ts";
import { checkPasswordPolicy } from "./userAccounts.ts";

const settingKey = "admin_setup_token";
const digest = sha256Digest;

/**
 * First start without a configured admin: a one-time token for the setup link (`/setup?token=…`).
 * Only its digest is kept (in `setting`); issuing again replaces the previous one.
 */
export async function issueSetupToken(db: Database): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const value = digest(token).toString("base64url");
  await db.prisma.setting.upsert({
    where: { key: settingKey },
    create: { key: settingKey, value },
    update: { value },
  });
  return token;
}

/** Whether `token` is the outstanding setup token (constant-time comparison). */
export async function checkSetupToken(
  db: Pick<Database["prisma"], "setting">,
  token: string,
): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: settingKey } });
  if (!row || token.length === 0 || token.length > 100) return false;
  const expected = Buffer.from(row.value, "base64url");
  const actual = digest(token);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Why the setup link did not create the admin (the route answers 401 and audits the reason). */
export type SetupRefusal = "bad token" | "admin exists";

/**
 * The setup link's one effect, atomic: in ONE transaction the token is spent with a conditional
 * delete (`DELETE … WHERE key AND value = digest`) that must remove exactly one row, no admin may
 * exist, and the admin is created. Concurrent requests with the same token queue on the setting
 * row's lock; the first one's commit leaves the others deleting nothing (refused), and a failure
 * (username taken, …) rolls the token back with the rest. The password is checked and hashed
 * before (scrypt does not hold the lock). DomainError for a bad username/password.
 */
export async function createFirstAdmin(
  db: Database,
  token: string,
  account: { username: string; password: string },
): Promise<{ ok: true; user: { id: string; username: string } } | { ok: false; reason: SetupRefusal }> {
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(account.username))
    throw new DomainError(
      "BAD_REQUEST",
      "a username uses letters, digits, '.', '_', '@' or '-' (at most 100)",
    );
  checkPasswordPolicy(account.password);
  if (token.length === 0 || token.length > 100) return { ok: false, reason: "bad token" };
  const passwordHash = await hashPassword(account.password);
  return db.prisma.$transaction(async (tx) => {
    const spent = await tx.setting.deleteMany({
      where: { key: settingKey, value: digest(token).toString("base64url") },
    });
    if (spent.count !== 1) return { ok: false, reason: "bad token" } as const;
    const admin = await tx.appUser.findFirst({ where: { roles: { has: "admin" } }, select: { id: true } });
    // Throwing rolls the spend back (the link stays as it was); an admin exists: the link is dead anyway.
    if (admin) return { ok: false, reason: "admin exists" } as const;
    const taken = await tx.appUser.findUnique({
      where: { username: account.username },
      select: { id: true },
    });
    if (taken) throw new DomainError("CONFLICT", `a user "${account.username}" exists already`);
    const user = await tx.appUser.create({
      data: {
        username: account.username,
        displayName: "Administrator",
        passwordHash,
        roles: ["admin"],
        groups: [],
      },
      select: { id: true, username: true },
    });
    return { ok: true, user } as const;
  });
}
