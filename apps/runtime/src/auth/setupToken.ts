import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database } from "../db/openDatabase.ts";

const settingKey = "admin_setup_token";
const digest = (token: string) => createHash("sha256").update(token).digest();

/**
 * First start without a configured admin: a one-time token for the setup link (`/setup?token=…`).
 * Only its digest is kept (in `setting`); issuing again replaces the previous one.
 */
export async function issueSetupToken(db: Database): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const value = digest(token).toString("base64url");
  await db.prisma.setting.upsert({ where: { key: settingKey }, create: { key: settingKey, value }, update: { value } });
  return token;
}

/** Whether `token` is the outstanding setup token (constant-time comparison). */
export async function checkSetupToken(db: Pick<Database["prisma"], "setting">, token: string): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: settingKey } });
  if (!row || token.length === 0 || token.length > 100) return false;
  const expected = Buffer.from(row.value, "base64url");
  const actual = digest(token);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Spends the token: the setup link works once. */
export async function spendSetupToken(db: Pick<Database["prisma"], "setting">): Promise<void> {
  await db.setting.deleteMany({ where: { key: settingKey } });
}
