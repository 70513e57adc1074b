import type { Database } from "./openDatabase.ts";

/**
 * Runs `fn` while this process holds the session-level advisory lock `(lockClass, hashtext(key))`
 * on a dedicated connection; false (and `fn` not run) when another session holds it. A lock held
 * by a process that dies is gone with its connection, so no expiry or clock is needed. Used by the
 * background executors (migration runs, bulk operations) to mark "this process drives that run".
 * PGlite (one process per data folder) runs `fn` without a lock.
 */
export async function withAdvisoryLock(
  db: Database,
  lockClass: number,
  key: string,
  fn: () => Promise<void>,
): Promise<boolean> {
  const pool = db.pool;
  if (!pool) {
    await fn();
    return true;
  }
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok`,
      [lockClass, key],
    );
    if (!rows[0]?.ok) return false;
    try {
      await fn();
    } finally {
      await client
        .query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [lockClass, key])
        .catch((error: Error) => (broken = error));
    }
    return true;
  } finally {
    // A connection whose unlock failed is destroyed, not pooled (closing it releases the lock).
    client.release(broken);
  }
}
