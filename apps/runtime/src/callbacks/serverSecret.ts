import { randomBytes } from "node:crypto";
import type { Database } from "../db/openDatabase.ts";

/**
 * The secret that signs callback task tokens: `FLOWSTATE_SECRET` when configured, else one
 * generated on first start and kept in the `setting` table, so every runtime process sharing the
 * database verifies the same tokens. Two processes racing at first start agree on the first write.
 */
export async function loadServerSecret(db: Database, configured?: string): Promise<string> {
  if (configured) return configured;
  const fresh = randomBytes(32).toString("base64url");
  await db.prisma.setting.createMany({
    data: [{ key: "callback_secret", value: fresh }],
    skipDuplicates: true,
  });
  const row = await db.prisma.setting.findUniqueOrThrow({ where: { key: "callback_secret" } });
  return row.value;
}
