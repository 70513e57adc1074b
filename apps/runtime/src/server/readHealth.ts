import type { InnerContext } from "../trpc/context.ts";
import { schemaMigrationState } from "../db/schemaMigrationState.ts";

export interface Health {
  ok: boolean;
  version: string;
  database: InnerContext["db"]["kind"];
  schemaMigrations: Awaited<ReturnType<typeof schemaMigrationState>>;
  time: string;
  error?: string;
}

/** Health as `/api/health` and `health.get` report it: ok only when the database answers and its schema migrations are all applied. */
export async function readHealth(ctx: InnerContext): Promise<Health> {
  const base = { version: ctx.appVersion, database: ctx.db.kind, time: ctx.clock.now().toISOString() };
  try {
    await ctx.db.prisma.$queryRawUnsafe("SELECT 1");
    const schemaMigrations = await schemaMigrationState(ctx.db);
    return { ok: schemaMigrations.upToDate, ...base, schemaMigrations };
  } catch (error) {
    return {
      ok: false,
      ...base,
      schemaMigrations: { applied: 0, pending: [], latest: null, upToDate: false },
      error: error instanceof Error ? error.message.split("\n")[0] : String(error),
    };
  }
}
