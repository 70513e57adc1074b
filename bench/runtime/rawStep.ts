// The baseline every runtime benchmark compares against: the writes one durable step does, as one
// raw `pg` transaction (lock the instance row, insert an occurrence and a history event, update the
// instance; optionally hand the next job over: insert the next job, delete the finished one).
import type pg from "pg";

export interface RawInstance {
  id: string;
  versionId: string;
}

/** Inserts raw instances (and, with `withJob`, their first job) for `rawStep` to advance. */
export async function insertRawInstances(
  pool: pg.Pool,
  processId: string,
  versionId: string,
  ids: string[],
  withJob: boolean,
): Promise<void> {
  const state = JSON.stringify({
    seq: 0,
    nodes: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i + 1}`, {}])),
  });
  for (const id of ids) {
    await pool.query(
      `INSERT INTO instance (id, process_id, version_id, state, updated_at) VALUES ($1, $2, $3, $4, now())`,
      [id, processId, versionId, state],
    );
    if (withJob)
      await pool.query(
        `INSERT INTO job (kind, instance_id, handler, run_at, idempotency_key) VALUES ('handler', $1, 'raw', now(), $2)`,
        [id, `raw:${id}:0`],
      );
  }
}

/** Step `s` (1-based) of a raw instance in one transaction; `nextJob` also moves the job along. */
export async function rawStep(
  client: pg.PoolClient,
  instance: RawInstance,
  s: number,
  jobs?: { last: boolean },
): Promise<void> {
  const { id, versionId } = instance;
  await client.query("BEGIN");
  try {
    const row = await client.query(`SELECT state FROM instance WHERE id = $1 FOR UPDATE`, [id]);
    const next = { ...row.rows[0].state, seq: s };
    await client.query(
      `INSERT INTO occurrence (instance_id, id, state_instance_key, version_id, node_id, status, reason, updated_at) VALUES ($1, $2, 's1', $3, $4, 'completed', 'flow', now())`,
      [id, `o${s}`, versionId, `s${((s - 1) % 10) + 1}`],
    );
    await client.query(
      `INSERT INTO history_event (instance_id, seq, type, data, at) VALUES ($1, $2, 'occurrenceCompleted', $3, now())`,
      [id, s, JSON.stringify({ nodeId: `s${s}` })],
    );
    await client.query(`UPDATE instance SET state = $2, seq = $3, updated_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(next),
      s,
    ]);
    if (jobs) {
      if (!jobs.last)
        await client.query(
          `INSERT INTO job (kind, instance_id, handler, run_at, idempotency_key) VALUES ('handler', $1, 'raw', now(), $2)`,
          [id, `raw:${id}:${s}`],
        );
      await client.query(`DELETE FROM job WHERE idempotency_key = $1`, [`raw:${id}:${s - 1}`]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/**
 * One raw step on instance `id` per call, on a connection from `pool`; numbers each instance's steps
 * itself (1, 2, …), as the runtime's sequence would.
 */
export function rawStepper(pool: pg.Pool, versionId: string): (id: string) => Promise<void> {
  const seq = new Map<string, number>();
  return async (id) => {
    const client = await pool.connect();
    try {
      const s = (seq.get(id) ?? 0) + 1;
      seq.set(id, s);
      await rawStep(client, { id, versionId }, s);
    } finally {
      client.release();
    }
  };
}
