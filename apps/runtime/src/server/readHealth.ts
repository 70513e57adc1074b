import type { InnerContext } from "../trpc/context.ts";
import { migrationState } from "../db/migrationState.ts";

export interface Health {
  ok: boolean;
  version: string;
  database: InnerContext["db"]["kind"];
  migrations: Awaited<ReturnType<typeof migrationState>>;
  time: string;
  error?: string;
}

/** Health as `/api/health` and `health.get` report it: ok only when the database answers and is migrated. */
export async function readHealth(ctx: InnerContext): Promise<Health> {
  const base = { version: ctx.appVersion, database: ctx.db.kind, time: ctx.clock.now().toISOString() };
  try {
    await ctx.db.prisma.$queryRawUnsafe("SELECT 1");
    const migrations = await migrationState(ctx.db);
    return { ok: migrations.upToDate, ...base, migrations };
  } catch (error) {
    return {
      ok: false,
      ...base,
      migrations: { applied: 0, pending: [], latest: null, upToDate: false },
      error: error instanceof Error ? error.message.split("\n")[0] : String(error),
    };
  }
}
