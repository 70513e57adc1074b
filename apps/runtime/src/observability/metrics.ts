import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/openDatabase.ts";

/**
 * The runtime's Prometheus metrics (`prom-client`, one registry per runtime). Counters and
 * histograms move as work happens; the gauges that need SQL (queue depth and oldest due job per
 * handler, open incidents, timers due, migration progress) are read at scrape time, one bounded
 * query each (index scans, counts capped). Labels are closed sets: the handler names and job kinds
 * this runtime knows (capped),
 * HTTP route templates (never raw paths), method and status class.
 */

/** At most this many label values per scrape-time gauge (a hostile or broken model cannot blow up a scrape). */
const maxSeries = 100;

const httpMethods = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

export class RuntimeMetrics {
  readonly registry = new Registry();
  private readonly steps: Counter;
  private readonly stepSeconds: Histogram;
  private readonly jobLag: Histogram;
  private readonly httpSeconds: Histogram;

  constructor(db: Database, names: QueueNames) {
    const registers = [this.registry];
    this.steps = new Counter({
      name: "flowstate_steps_total",
      help: "Steps written (starts and events stepped into instances).",
      registers,
    });
    this.stepSeconds = new Histogram({
      name: "flowstate_step_duration_seconds",
      help: "Time to write a statement of steps (one step, or a batch), in seconds.",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.jobLag = new Histogram({
      name: "flowstate_job_lag_seconds",
      help: "From a job's due time to a worker starting it (claimed or handed over), per handler (or job kind), in seconds.",
      labelNames: ["handler"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: "flowstate_http_request_duration_seconds",
      help: "HTTP request latency by route template, method and status class, in seconds.",
      labelNames: ["route", "method", "status"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    registerScrapeGauges(this.registry, db, names);
  }

  stepsWritten(count: number, seconds: number): void {
    if (count > 0) this.steps.inc(count);
    this.stepSeconds.observe(seconds);
  }

  jobClaimed(handler: string, lagSeconds: number): void {
    this.jobLag.observe({ handler }, Math.max(0, lagSeconds));
  }

  /** `route`: the matched route's template (`/api/jobs/:id/complete`), or undefined when none matched. */
  httpRequest(route: string | undefined, method: string, status: number, seconds: number): void {
    this.httpSeconds.observe(
      {
        route: route ?? "unmatched",
        method: httpMethods.has(method) ? method : "OTHER",
        status: `${Math.floor(status / 100)}xx`,
      },
      seconds,
    );
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Counts stop here: a scrape reads at most this many rows per count (the value then means "at least"). */
const maxCounted = 1_000_000;

/** What the runtime's queue holds jobs of: handler names (in-process and remote) and system job kinds. */
export interface QueueNames {
  handlers(): string[];
  kinds: readonly string[];
}

function registerScrapeGauges(registry: Registry, db: Database, names: QueueNames): void {
  const registers = [registry];
  const read = <T>(name: string, sql: string, values: unknown[] = []) => db.query<T>(name, sql, values);
  // One index range scan (job: handler, run_at) per handler and kind this runtime knows, capped.
  const perQueue = <T>(name: string, handlerSql: string, kindSql: string) =>
    read<T & { handler: string }>(
      name,
      `SELECT h AS handler, ${handlerSql} FROM unnest($1::text[]) AS h
       UNION ALL SELECT k, ${kindSql} FROM unnest($2::text[]) AS k`,
      [names.handlers().slice(0, maxSeries), [...names.kinds]],
    );
  new Gauge({
    name: "flowstate_queue_depth",
    help: `Jobs in the queue per handler (or job kind for timers, compensations, locks), counted up to ${maxCounted}.`,
    labelNames: ["handler"],
    registers,
    async collect() {
      this.reset();
      const rows = await perQueue<{ n: number }>(
        "flowstate_metrics_queue_depth",
        `(SELECT count(*) FROM (SELECT 1 FROM job WHERE job.handler = h LIMIT ${maxCounted}) AS x)::int AS n`,
        `(SELECT count(*) FROM (SELECT 1 FROM job WHERE job.handler IS NULL AND job.kind = k LIMIT ${maxCounted}) AS x)::int`,
      );
      for (const r of rows) this.set({ handler: r.handler }, Number(r.n));
    },
  });
  const due = "job.run_at <= now() AND (job.locked_until IS NULL OR job.locked_until < now())";
  new Gauge({
    name: "flowstate_queue_oldest_due_seconds",
    help: "Age of the oldest due, unleased job per handler (or job kind), in seconds: the queue's lag now.",
    labelNames: ["handler"],
    registers,
    async collect() {
      this.reset();
      const rows = await perQueue<{ s: number | null }>(
        "flowstate_metrics_oldest_due",
        `extract(epoch FROM now() - (SELECT min(job.run_at) FROM job WHERE job.handler = h AND ${due}))::float8 AS s`,
        `extract(epoch FROM now() - (SELECT min(job.run_at) FROM job WHERE job.handler IS NULL AND job.kind = k AND ${due}))::float8`,
      );
      for (const r of rows) this.set({ handler: r.handler }, r.s === null ? 0 : Math.max(0, Number(r.s)));
    },
  });
  new Gauge({
    name: "flowstate_incidents_open",
    help: "Open incidents (occurrences that failed for good with no failure flow).",
    registers,
    async collect() {
      const [row] = await read<{ n: number }>(
        "flowstate_metrics_incidents",
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM incident WHERE status = 'open' LIMIT ${maxCounted}) AS x`,
      );
      this.set(Number(row?.n ?? 0));
    },
  });
  new Gauge({
    name: "flowstate_timers_due",
    help: "Timer jobs that are due now (waiting for a worker).",
    registers,
    async collect() {
      const [row] = await read<{ n: number }>(
        "flowstate_metrics_timers_due",
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM job WHERE handler IS NULL AND kind = 'timer' AND run_at <= now() LIMIT ${maxCounted}) AS x`,
      );
      this.set(Number(row?.n ?? 0));
    },
  });
  new Gauge({
    name: "flowstate_migration_items",
    help: "Items of running instance migrations, by run and state (total, done, failed).",
    labelNames: ["run", "state"],
    registers,
    async collect() {
      this.reset();
      const rows = await read<{ id: string; total: number; done: number; failed: number }>(
        "flowstate_metrics_migrations",
        `SELECT id::text, total, done, failed FROM migration_run WHERE status = 'running' ORDER BY created_at LIMIT 20`,
      );
      for (const r of rows) {
        this.set({ run: r.id, state: "total" }, Number(r.total));
        this.set({ run: r.id, state: "done" }, Number(r.done));
        this.set({ run: r.id, state: "failed" }, Number(r.failed));
      }
    },
  });
  new Gauge({
    name: "flowstate_db_pool_connections",
    help: "The database pool's connections by state (total, idle, waiting clients); absent on PGlite.",
    labelNames: ["state"],
    registers,
    collect() {
      const pool = db.pool;
      if (!pool) return;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
}
