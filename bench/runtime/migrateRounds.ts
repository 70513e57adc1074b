// The rounds of the migration benchmark (migrate.bench.ts starts this file as its own Node process,
// with the runtime's deployed Node flags, and reads the result line it prints).
//
// Migrating running instances to a new version (issue 7 §5): the runtime's migration run (plan
// checked per instance on its locked row, `engine.step(migrate)`, persisted through `stepInstances`
// — one plain pg transaction per batch of instances (the executor's defaults), items marked in the same transaction) against a raw batched
// `UPDATE instance SET version_id = … WHERE id = ANY($1)` of as many rows cloned the same way, in
// the same run, on the same Postgres. The ratio is migration rate / raw UPDATE rate, in percent; goal ≥ 50 %.
//
// Before the rounds, a warm-up migration of N instances (not measured). Setup per round (not timed): N instances on v1 are created by direct SQL inserts that clone one
// instance started through the service (its engine state with `instanceId`/`businessKey`
// rewritten, plus its state-instance row), so every clone is a valid engine state. Then:
//   1. baseline: N clones moved to v2 by the raw UPDATE, in batches of 1,000 ids (timed);
//   2. migration: N other clones, made the same way after the raw UPDATE, migrated by a run
//      created through the service (not timed), started and driven to completion by the
//      executor (timed).
// A VACUUM (not timed) before each timed phase, so that neither cleans up the other's dead rows.
//
// Environment: FLOWSTATE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres; a
// scratch database is created and dropped), FLOWSTATE_BENCH_MIGRATE_N (default 10000),
// FLOWSTATE_BENCH_MIGRATE_ROUNDS (default 5); FLOWSTATE_BENCH_MIGRATE_CHUNK / _BATCH / _CONCURRENCY
// override the executor's chunk size, batch size and batches at once (default: the runtime's defaults).
import { randomUUID } from "node:crypto";
import type { BenchResult } from "../lib/BenchResult.ts";
import { summarize } from "../lib/measure.ts";
import { openDatabase } from "../../apps/runtime/src/db/openDatabase.ts";
import type { Database } from "../../apps/runtime/src/db/openDatabase.ts";
import { applySchemaMigrations } from "../../apps/runtime/src/db/schemaMigrations.ts";
import { createRuntime } from "../../apps/runtime/src/createRuntime.ts";
import { startInstance } from "../../apps/runtime/src/instances/startInstance.ts";
import { systemClock } from "../../apps/runtime/src/clock.ts";
import { publishModel } from "../../apps/runtime/src/versions/versionService.ts";
import { MigrationExecutor } from "../../apps/runtime/src/migrations/MigrationExecutor.ts";
import { createRun, startRun } from "../../apps/runtime/src/migrations/migrationService.ts";

const adminUrl = process.env.FLOWSTATE_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const N = Number(process.env.FLOWSTATE_BENCH_MIGRATE_N ?? 10_000);
const ROUNDS = Number(process.env.FLOWSTATE_BENCH_MIGRATE_ROUNDS ?? 5);
/** Executor settings; unset: the runtime's defaults (what a migration run uses in production). */
const executorOptions = {
  ...(process.env.FLOWSTATE_BENCH_MIGRATE_CHUNK
    ? { chunkSize: Number(process.env.FLOWSTATE_BENCH_MIGRATE_CHUNK) }
    : {}),
  ...(process.env.FLOWSTATE_BENCH_MIGRATE_BATCH
    ? { batchSize: Number(process.env.FLOWSTATE_BENCH_MIGRATE_BATCH) }
    : {}),
  ...(process.env.FLOWSTATE_BENCH_MIGRATE_CONCURRENCY
    ? { concurrency: Number(process.env.FLOWSTATE_BENCH_MIGRATE_CONCURRENCY) }
    : {}),
};
const BATCH = 1000;
/** The line that carries the results to migrate.bench.ts. */
export const RESULT_PREFIX = "MIGRATE_BENCH_RESULT ";
const KEY = "bench-migrate";

/** v1: one state with two manual actions; v2: the same plus a migration action (armed for every migrated instance). */
function model(withMigrationAction: boolean) {
  return {
    formatVersion: 1,
    key: KEY,
    name: KEY,
    states: [{ id: "work", ref: "work", name: "Work", initial: true }],
    nodes: [
      { id: "review", ref: "review", name: "Review", kind: "action", mode: "manual", stateId: "work" },
      { id: "approve", ref: "approve", name: "Approve", kind: "action", mode: "manual", stateId: "work" },
      ...(withMigrationAction
        ? [
            {
              id: "migrated",
              ref: "migrated",
              name: "Migrated",
              kind: "action",
              mode: "automatic",
              handler: "noop",
              stateId: "work",
              migration: {},
            },
          ]
        : []),
    ],
    lines: [],
    transitions: [],
  };
}

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function clone(
  db: Database,
  templateId: string,
  v1: string,
  round: number | string,
  n = N,
): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (let i = 0; i < n; i += BATCH) {
    const slice = ids.slice(i, i + BATCH);
    await db.pool!.query(
      `INSERT INTO instance (id, process_id, version_id, status, business_key, active_business_key, variables, state, seq, current_state_id, has_incident, started_at, updated_at)
       SELECT g.id, t.process_id, $3::uuid, 'running', g.bk, g.bk, t.variables,
              jsonb_set(jsonb_set(t.state::jsonb, '{instanceId}', to_jsonb(g.id::text)), '{businessKey}', to_jsonb(g.bk))::json,
              t.seq, t.current_state_id, false, now(), now()
         FROM instance t, (SELECT u AS id, 'r${round}-' || u AS bk FROM unnest($2::uuid[]) u) g
        WHERE t.id = $1::uuid`,
      [templateId, slice, v1],
    );
    await db.pool!.query(
      `INSERT INTO state_instance (instance_id, key, version_id, state_id, entered_seq, reason, exited_seq, exit_reason, entered_at, exited_at)
       SELECT u, s.key, s.version_id, s.state_id, s.entered_seq, s.reason, s.exited_seq, s.exit_reason, s.entered_at, s.exited_at
         FROM state_instance s, unnest($2::uuid[]) u WHERE s.instance_id = $1::uuid`,
      [templateId, slice],
    );
  }
  await db.pool!.query("ANALYZE instance");
  return ids;
}

async function rawUpdate(db: Database, ids: string[], versionId: string): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH)
    await db.pool!.query(`UPDATE instance SET version_id = $2::uuid WHERE id = ANY($1::uuid[])`, [
      ids.slice(i, i + BATCH),
      versionId,
    ]);
}

export async function measure(): Promise<BenchResult[]> {
  const scratch = `flowstate_bench_migrate_${process.pid}`;
  const admin = await openDatabase({ kind: "postgres", url: adminUrl });
  await admin.pool!.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  await admin.pool!.query(`CREATE DATABASE "${scratch}"`);
  const db = await openDatabase({ kind: "postgres", url: urlFor(scratch) });
  const runtime = await (async () => {
    await applySchemaMigrations(db.adapterFactory);
    return createRuntime({ db, clock: systemClock, publicUrl: "http://127.0.0.1:9", worker: false });
  })();
  const rt = runtime.rt;
  try {
    await publishModel(rt, model(false));
    const template = await startInstance(rt, { processKey: KEY, businessKey: "template" }, randomUUID());
    await publishModel(rt, model(true));
    const versions = await db.prisma.version.findMany({
      where: { process: { key: KEY } },
      orderBy: { number: "asc" },
    });
    const [v1, v2] = [versions[0]!.id, versions[1]!.id];
    // The template stays out of every plan: it is cancelled (only running instances are selected).
    await db.pool!.query(
      `UPDATE instance SET status = 'cancelled', active_business_key = NULL WHERE id = $1::uuid`,
      [template.instanceId],
    );

    // Warm-up (not measured): a first migration as large as a round, so the measured rounds see the
    // runtime as it runs in production (engine and SQL paths compiled by the JIT, statements
    // prepared), as the raw UPDATE's single statement needs no such warm-up. After a 2,000-instance
    // warm-up the first measured round still spent ~40 % more Node CPU per instance than the later
    // ones (101 against 68–76 µs: the JIT kept tiering up); after a full round, ~15 % more (78
    // against 68–70 µs; 2026-11-25).
    {
      const warm = N;
      await clone(db, template.instanceId, v1, "warm", warm);
      const { runId } = await createRun(rt, {
        plan: { processKey: KEY, sourceVersionIds: [v1], targetVersionId: v2, mapping: {} },
      });
      await startRun(rt, runId);
      const report = await new MigrationExecutor(rt, executorOptions).processRun(runId);
      if (report.status !== "completed" || report.migrated !== warm)
        throw new Error(`the warm-up run ended ${report.status} with ${report.migrated}/${warm} migrated`);
    }
    const updateMs: number[] = [];
    const migrateMs: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Each timed phase on instances of its own, cloned alike, after a VACUUM: a phase leaves every
      // row it moves a dead version (and dead entries in the instance's seven indexes), which the
      // next writer of those pages cleans up. On the same rows, moved back and migrated, the
      // migration paid for the raw UPDATE's garbage (heap pruning and index clean-up were a tenth
      // of its Postgres time), and the next round's raw UPDATE for the migration's. The raw
      // UPDATE's instances stay on v2, out of the run's selection.
      const ids = await clone(db, template.instanceId, v1, `${round}-raw`);
      await db.pool!.query("VACUUM");
      let t = performance.now();
      await rawUpdate(db, ids, v2);
      const u = performance.now() - t;
      await clone(db, template.instanceId, v1, round);
      await db.pool!.query("VACUUM");

      const { runId, total } = await createRun(rt, {
        plan: { processKey: KEY, sourceVersionIds: [v1], targetVersionId: v2, mapping: {} },
      });
      if (total !== N) throw new Error(`the run selected ${total} instances, expected ${N}`);
      await startRun(rt, runId);
      const executor = new MigrationExecutor(rt, executorOptions);
      t = performance.now();
      const report = await executor.processRun(runId);
      const m = performance.now() - t;
      if (report.status !== "completed" || report.migrated !== N)
        throw new Error(
          `run ended ${report.status} with ${report.migrated}/${N} migrated, ${report.failed} failed`,
        );
      updateMs.push(u);
      migrateMs.push(m);
      ratios.push((100 * u) / m);
      console.log(
        `    round ${round + 1}: raw UPDATE ${u.toFixed(0)} ms, migration ${m.toFixed(0)} ms (${((N / m) * 1000).toFixed(0)} instances/s), ${((100 * u) / m).toFixed(2)} % of the raw UPDATE rate`,
      );
    }
    const um = summarize(updateMs).median;
    const mm = summarize(migrateMs).median;
    return [
      {
        name: `migrate ${N} instances (a migration run${Object.keys(executorOptions).length ? ` ${JSON.stringify(executorOptions)}` : ""}) vs raw batched UPDATE`,
        unit: "% of the raw UPDATE rate (goal ≥ 50 %)",
        ratio: summarize(ratios),
        detail: `${ROUNDS} rounds; medians: raw UPDATE ${um.toFixed(0)} ms (${((N / um) * 1000).toFixed(0)} rows/s), migration ${mm.toFixed(0)} ms (${((N / mm) * 1000).toFixed(0)} instances/s)`,
      },
    ];
  } finally {
    await runtime.stop();
    await db.close();
    await admin.pool!.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.close();
  }
}

if (process.argv.includes("--rounds")) {
  const results = await measure();
  console.log(`${RESULT_PREFIX}${JSON.stringify(results)}`);
}
