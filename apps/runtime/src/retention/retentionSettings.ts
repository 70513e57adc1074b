import { z } from "zod";
import { ProcessKeySchema } from "@flowstate/model";
import { DomainError } from "../errors/DomainError.ts";
import type { Database } from "../db/openDatabase.ts";

/** The longest retention (100 years); the database refuses more too. */
export const maxRetentionDays = 36_500;

/** A process's retention: keep finished instances `retentionDays` days (null = forever), then anonymise or delete them. */
export const RetentionSettingsSchema = z.strictObject({
  retentionDays: z.int().min(0).max(maxRetentionDays).nullable(),
  retentionMode: z.enum(["anonymise", "delete"]),
});

export const SetRetentionInputSchema = RetentionSettingsSchema.extend({ key: ProcessKeySchema.max(100) });

/** Sets a process's retention (admins and analysts: `process.setRetention`). */
export async function setRetention(db: Database, input: z.output<typeof SetRetentionInputSchema>) {
  const updated = await db.prisma.process.updateMany({
    where: { key: input.key },
    data: { retentionDays: input.retentionDays, retentionMode: input.retentionMode },
  });
  if (updated.count === 0) throw new DomainError("NOT_FOUND", `no process with key "${input.key}"`);
  return { key: input.key, retentionDays: input.retentionDays, retentionMode: input.retentionMode };
}
