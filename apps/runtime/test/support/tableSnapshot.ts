import type { Database } from "../../src/db/openDatabase.ts";

/**
 * Every table's content as one md5 each, for "a refused request changed nothing" assertions. The
 * audit log and rate-limit counters are left out (refusals write them by design).
 */
export async function tableSnapshot(db: Database): Promise<Record<string, string>> {
  const tables = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('audit_event', 'rate_limit', '_prisma_migrations') ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.prisma.$queryRawUnsafe<{ h: string }[]>(
      `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`,
    );
    out[name] = row!.h;
  }
  return out;
}
