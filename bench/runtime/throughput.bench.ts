// Durable automatic steps per second on PostgreSQL, as ratios measured in the same run:
//  1. Flowstate (engine + outbox + worker) vs raw `pg` transactions doing the writes a step does;
//  2. the same workload with 1,000,000 history rows present vs an empty history;
//  3. the same workload vs graphile-worker running chains of 10 no-op jobs (each job queues the next).
// Workload: M instances of a 10-step automatic process, one worker process with concurrency C. Each
// contender (Flowstate empty, Flowstate with history, raw, graphile-worker) has its own scratch database.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { Logger, makeWorkerUtils, run as runGraphileWorker } from "graphile-worker";
import type { ProcessModel } from "@flowstate/model";
import { createRuntime, publishModel, stepGroupTotals, systemClock } from "@flowstate/runtime";
import type { Database, RuntimeOptions } from "@flowstate/runtime";
import type { BenchResult } from "../lib/BenchResult.ts";
import { formatRates, summarizeRatios } from "../lib/measure.ts";
import { scratchDatabase } from "./scratchDatabase.ts";
import { insertRawInstances, rawStep } from "./rawStep.ts";
import { benchStepHandler, seedInstances, untilCompleted } from "./seeding.ts";
import { oneStateModel } from "./benchModel.ts";

const steps = 10;
const instances = Number(process.env.BENCH_INSTANCES ?? 100);
const concurrency = 16;
const runs = Number(process.env.BENCH_RUNS ?? 3);

export function tenStepModel(key: string): ProcessModel {
  return oneStateModel(
    key,
    key,
    [
      ...Array.from({ length: steps }, (_, i) => ({
        id: `s${i + 1}`,
        kind: "action",
        name: `Step ${i + 1}`,
        mode: "automatic",
        handler: "bench.step",
      })),
      { id: "end", kind: "finalizer", name: "End", outcome: "succeeded" },
    ],
    [
      ...Array.from({ length: steps - 1 }, (_, i) => ({
        id: `l${i + 1}`,
        from: `s${i + 1}`,
        to: `s${i + 2}`,
      })),
      { id: `l${steps}`, from: `s${steps}`, to: "end" },
    ],
  );
}

const stepHandler = benchStepHandler(concurrency);

/**
 * Flowstate: start M instances (not timed), then time the worker driving all M×10 automatic steps
 * to the end. `options`: more for the timed runtime (metrics and tracing: `observability.bench.ts`).
 */
export async function flowstateStepsPerSecond(
  db: Database,
  key: string,
  options: Partial<RuntimeOptions> = {},
): Promise<number> {
  const ids = await seedInstances(db, key, instances, stepHandler);
  const before = { ...stepGroupTotals };
  const t0 = performance.now();
  const running = await createRuntime({
    db,
    clock: systemClock,
    publicUrl: "http://127.0.0.1:9",
    handlers: [stepHandler],
    workerOptions: { batchSize: concurrency * 2 },
    ...options,
  });
  // The end is heard, not polled: the runtime's change feed tells this process of every committed
  // step and loses no time between polls (graphile-worker's run is timed the same way, by its own
  // task counter).
  await untilCompleted(running, ids, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  await running.stop();
  const completed = await db.prisma.instance.count({ where: { id: { in: ids }, status: "completed" } });
  if (completed !== ids.length) throw new Error(`only ${completed} of ${ids.length} instances completed`);
  // Group commit: statements of the worker's steps (a group's one, or a step's own) per step.
  const statements = stepGroupTotals.statements - before.statements + (stepGroupTotals.alone - before.alone);
  lastStepsPerCommit = statements > 0 ? (instances * steps) / statements : 0;
  return (instances * steps) / seconds;
}

/** Steps per step statement (one commit each) of the last `flowstateStepsPerSecond` run. */
export let lastStepsPerCommit = 0;

/**
 * The baseline: the same writes a step does, as raw transactions from C concurrent clients
 * (lock the instance row, insert occurrence + history, update the instance, insert the next job,
 * delete the finished one), M×10 steps in all.
 */
async function rawStepsPerSecond(url: string, processId: string, versionId: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  const ids = Array.from({ length: instances }, () => randomUUID());
  await insertRawInstances(pool, processId, versionId, ids, true);
  const queue = [...ids];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const client = await pool.connect();
      try {
        for (let id = queue.pop(); id; id = queue.pop()) {
          for (let s = 1; s <= steps; s++) await rawStep(client, { id, versionId }, s, { last: s === steps });
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await pool.end();
  return (instances * steps) / seconds;
}

/**
 * graphile-worker on its own scratch database: M chains of 10 no-op jobs, each job adding the next
 * one of its chain (the same sequential shape as a 10-step instance), concurrency C; time to drain.
 */
async function graphileStepsPerSecond(url: string): Promise<number> {
  const logger = new Logger(() => () => {}); // silent: graphile-worker logs every job by default
  const utils = await makeWorkerUtils({ connectionString: url, logger });
  await utils.migrate();
  await utils.addJobs(
    Array.from({ length: instances }, (_, chain) => ({ identifier: "step", payload: { chain, n: 1 } })),
  );
  await utils.release();
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const t0 = performance.now();
  const runner = await runGraphileWorker({
    connectionString: url,
    concurrency,
    noHandleSignals: true,
    pollInterval: 5,
    logger,
    taskList: {
      step: async (payload, helpers) => {
        const { chain, n } = payload as { chain: number; n: number };
        if (n < steps) await helpers.addJob("step", { chain, n: n + 1 });
        if (++done === instances * steps) finish();
      },
    },
  });
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await runner.stop();
  return (instances * steps) / seconds;
}

async function fillHistory(url: string, processId: string, versionId: string, rows: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const holder = randomUUID();
  await c.query(
    `INSERT INTO instance (id, process_id, version_id, state, status, updated_at) VALUES ($1, $2, $3, '{}', 'completed', now())`,
    [holder, processId, versionId],
  );
  await c.query(
    `INSERT INTO history_event (instance_id, seq, type, data, at)
     SELECT $1, g, 'occurrenceCompleted', json_build_object('nodeId', 's' || (g % 10)), now() FROM generate_series(1, $2) g`,
    [holder, rows],
  );
  await c.query("ANALYZE");
  await c.end();
}

export async function run(): Promise<BenchResult[]> {
  // Every contender on its own database: none inherits the rows and dead tuples another left behind
  // (until 2026-11-24 the raw baseline ran on Flowstate's "empty" database right before it).
  const empty = await scratchDatabase("steps");
  const full = await scratchDatabase("history");
  const rawDb = await scratchDatabase("raw");
  const graphile = await scratchDatabase("graphile");
  try {
    const setup = async (db: Database) => {
      await publishModel({ db, clock: systemClock }, tenStepModel("ten"));
      const v = await db.prisma.version.findFirstOrThrow({ where: { process: { key: "ten" } } });
      return { processId: v.processId, versionId: v.id };
    };
    await setup(empty.db);
    const f = await setup(full.db);
    const r = await setup(rawDb.db);
    await fillHistory(full.url, f.processId, f.versionId, 1_000_000);

    const ours: number[] = [];
    const raw: number[] = [];
    const withHistory: number[] = [];
    const gw: number[] = [];
    const perCommit: number[] = [];
    for (let i = 0; i < runs; i++) {
      gw.push(await graphileStepsPerSecond(graphile.url));
      raw.push(await rawStepsPerSecond(rawDb.url, r.processId, r.versionId));
      ours.push(await flowstateStepsPerSecond(empty.db, "ten"));
      perCommit.push(lastStepsPerCommit);
      withHistory.push(await flowstateStepsPerSecond(full.db, "ten"));
    }
    const fmt = formatRates;
    return [
      {
        name: "durable automatic steps/s vs raw pg transactions (goal ≥ 1.5)",
        unit: "× raw",
        ratio: summarizeRatios(ours, raw),
        detail: `Flowstate ${fmt(ours)}; raw ${fmt(raw)}; ${instances}×${steps} steps, concurrency ${concurrency}, ${runs} interleaved runs; steps per commit (group commit) ${perCommit.map((c) => c.toFixed(2)).join(", ")}`,
      },
      {
        name: "durable automatic steps/s vs graphile-worker no-op job chains (goal ≥ 2)",
        unit: "× graphile-worker",
        ratio: summarizeRatios(ours, gw),
        detail: `Flowstate ${fmt(ours)}; graphile-worker ${fmt(gw)} (${instances} chains of ${steps} jobs, concurrency ${concurrency})`,
      },
      {
        name: "steps/s with 1,000,000 history rows vs empty (goal ≥ 0.95)",
        unit: "× empty",
        ratio: summarizeRatios(withHistory, ours),
        detail: `with history ${fmt(withHistory)}; empty ${fmt(ours)}`,
      },
    ];
  } finally {
    await empty.drop();
    await full.drop();
    await rawDb.drop();
    await graphile.drop();
  }
}
