import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/openDatabase.ts";

/**
 * The runtime's Prometheus metrics (`prom-client`, one registry per runtime). Counters and
 * histograms move as work happens; the gauges that need SQL (queue depth and oldest due job per
 * handler, open incidents, timers due, migration progress) are read at scrape time, one bounded
 * query each. Labels are closed sets: handler names a worker claims or the job table holds (capped),
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

  constructor(db: Database) {
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
    registerScrapeGauges(this.registry, db);
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

function registerScrapeGauges(registry: Registry, db: Database): void {
  const registers = [registry];
  const read = <T>(name: string, sql: string) => db.query<T>(name, sql, []);
  new Gauge({
    name: "flowstate_queue_depth",
    help: "Jobs in the queue per handler (or job kind for timers, compensations, locks).",
    labelNames: ["handler"],
    registers,
    async collect() {
      this.reset();
      const rows = await read<{ handler: string; n: number }>(
        "flowstate_metrics_queue_depth",
        `SELECT coalesce(handler, kind) AS handler, count(*)::int AS n FROM job GROUP BY 1 ORDER BY 2 DESC LIMIT ${maxSeries}`,
      );
      for (const r of rows) this.set({ handler: r.handler }, Number(r.n));
    },
  });
  new Gauge({
    name: "flowstate_queue_oldest_due_seconds",
    help: "Age of the oldest due, unleased job per handler (or job kind), in seconds: the queue's lag now.",
    labelNames: ["handler"],
    registers,
    async collect() {
      this.reset();
      const rows = await read<{ handler: string; s: number }>(
        "flowstate_metrics_oldest_due",
        `SELECT coalesce(handler, kind) AS handler, extract(epoch FROM now() - min(run_at))::float8 AS s FROM job
          WHERE run_at <= now() AND (locked_until IS NULL OR locked_until < now()) GROUP BY 1 ORDER BY 2 DESC LIMIT ${maxSeries}`,
      );
      for (const r of rows) this.set({ handler: r.handler }, Math.max(0, Number(r.s)));
    },
  });
  new Gauge({
    name: "flowstate_incidents_open",
    help: "Open incidents (occurrences that failed for good with no failure flow).",
    registers,
    async collect() {
      const [row] = await read<{ n: number }>(
        "flowstate_metrics_incidents",
        `SELECT count(*)::int AS n FROM incident WHERE status = 'open'`,
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
        `SELECT count(*)::int AS n FROM job WHERE handler IS NULL AND kind = 'timer' AND run_at <= now()`,
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
