import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Clock } from "./clock.ts";
import type { Database } from "./db/openDatabase.ts";
import { loadServerSecret } from "./callbacks/serverSecret.ts";
import { builtinHandlers } from "./handlers/builtinHandlers.ts";
import type { HandlerDefinition } from "./handlers/defineHandler.ts";
import { ChangeFeed } from "./live/ChangeFeed.ts";
import { Worker } from "./queue/Worker.ts";
import { InstanceRowCache } from "./instances/InstanceRowCache.ts";
import { ModelCache } from "./instances/ModelCache.ts";
import { createJobProcessor, systemJobKinds } from "./instances/processJob.ts";
import type { Runtime } from "./instances/Runtime.ts";
import { startMigrationExecutor } from "./migrations/MigrationExecutor.ts";
import { BulkExecutor } from "./bulk/BulkExecutor.ts";
import type { BulkExecutorOptions } from "./bulk/BulkExecutor.ts";
import type { MigrationExecutorOptions } from "./migrations/MigrationExecutor.ts";
import { AmqpBroker } from "./broker/AmqpBroker.ts";
import { createAmqpHandler } from "./broker/amqpHandler.ts";
import { startAmqpReplyConsumer } from "./broker/AmqpReplyConsumer.ts";
import { Scheduler } from "./schedules/Scheduler.ts";
import { RetentionJob } from "./retention/RetentionJob.ts";
import { WebhookDispatcher } from "./webhooks/WebhookDispatcher.ts";
import { RuntimeMetrics } from "./observability/metrics.ts";
import type { Tracing } from "./observability/tracing.ts";
import type { ClaimedJob } from "./queue/queueSql.ts";

export interface RuntimeOptions {
  db: Database;
  clock: Clock;
  publicUrl: string;
  secret?: string;
  /** Handlers beyond the built-ins (`http`, `setVariables`, `noop`); a function gets the runtime they run in. */
  handlers?: HandlerDefinition[] | ((rt: Runtime) => HandlerDefinition[]);
  callbackTtlMs?: number;
  /** RabbitMQ (AMQP 0-9-1): enables the `amqp` handler and, where a worker runs, the reply consumer. */
  amqp?: { url: string; replyQueue?: string; prefetch?: number };
  /** Handler names run by remote workers over HTTP (configuration: `FLOWSTATE_REMOTE_HANDLERS`). */
  remoteHandlers?: string[];
  /** Run a worker in this process (default true). */
  worker?: boolean;
  workerOptions?: { batchSize?: number; leaseMs?: number; pollMs?: number };
  /** How often this process looks for due webhook deliveries (where a worker runs; default 500 ms). */
  webhookPollMs?: number;
  /** Webhook targets on loopback/private/link-local addresses are allowed (default false: SSRF guard). */
  webhookAllowPrivate?: boolean;
  /** The `http` handler may call loopback/private/link-local addresses (default false: SSRF guard; `FLOWSTATE_HTTP_ALLOW_PRIVATE`). */
  httpAllowPrivate?: boolean;
  /** How often this process looks for due schedule ticks (where a worker runs; default 2 s). */
  schedulerPollMs?: number;
  /** How often this process runs the retention job (where a worker runs; default 10 minutes). */
  retentionPollMs?: number;
  /** The migration executor's chunk/batch sizes and batches at once (where a worker runs; default: its own). */
  migrationOptions?: Pick<MigrationExecutorOptions, "chunkSize" | "batchSize" | "concurrency">;
  /** The bulk operation executor's options where a worker runs; `false`: none here (tests drive runs by hand). */
  bulkOptions?: false | Pick<BulkExecutorOptions, "chunkSize" | "concurrency" | "pollMs">;
  /** A worker's failure, with the job it happened to (when there was one). */
  onWorkerError?(error: unknown, job?: ClaimedJob): void;
  /** Count Prometheus metrics (`/metrics`; default off: the server then has no `/metrics`). */
  metrics?: boolean;
  /** OpenTelemetry traces (the caller owns and shuts it down); no spans when absent. */
  tracing?: Tracing;
}

export interface RunningRuntime {
  rt: Runtime;
  worker?: Worker;
  stop(): Promise<void>;
}

/** Builds the runtime's services and (optionally) starts this process's worker and change feed. */
export async function createRuntime(options: RuntimeOptions): Promise<RunningRuntime> {
  const handlers = new Map<string, HandlerDefinition>();
  const register = (list: HandlerDefinition[]) => {
    for (const h of list) {
      if (handlers.has(h.name)) throw new Error(`handler "${h.name}" is registered twice`);
      handlers.set(h.name, h);
    }
  };
  register(builtinHandlers({ allowPrivate: options.httpAllowPrivate ?? false }));
  const feed = new ChangeFeed(options.db);
  let worker: Worker | undefined;
  const onError = options.onWorkerError ?? (() => {});
  const replyQueue = options.amqp?.replyQueue ?? "flowstate.replies";
  const broker = options.amqp
    ? new AmqpBroker({ url: options.amqp.url, onError, tracing: options.tracing })
    : undefined;
  const rt: Runtime = {
    db: options.db,
    clock: options.clock,
    models: new ModelCache(options.db),
    rows: new InstanceRowCache(),
    feed,
    secret: await loadServerSecret(options.db, options.secret),
    publicUrl: options.publicUrl.replace(/\/$/, ""),
    handlers,
    remoteHandlers: new Set(options.remoteHandlers ?? []),
    callbackTtlMs: options.callbackTtlMs ?? 7 * 24 * 3600_000,
    wake: () => worker?.wake(),
    ...(broker ? { broker } : {}),
    webhookAllowPrivate: options.webhookAllowPrivate ?? false,
    ...(options.metrics
      ? {
          metrics: new RuntimeMetrics(options.db, {
            handlers: () => [...handlers.keys(), ...(options.remoteHandlers ?? [])],
            kinds: systemJobKinds,
          }),
        }
      : {}),
    ...(options.tracing ? { tracing: options.tracing } : {}),
  };
  register(typeof options.handlers === "function" ? options.handlers(rt) : (options.handlers ?? []));
  if (broker) register([createAmqpHandler(broker, replyQueue)]);
  for (const name of rt.remoteHandlers) {
    // One place runs a handler's jobs: a name is either remote or in-process, never both.
    if (handlers.has(name))
      throw new Error(`handler "${name}" is configured as remote and also registered in this process`);
  }
  await feed.start();
  if (options.worker !== false) {
    const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    worker = new Worker({
      db: options.db,
      clock: options.clock,
      workerId,
      handlers: [...handlers.values()],
      kinds: systemJobKinds,
      process: createJobProcessor(rt, workerId),
      ...options.workerOptions,
      onError: options.onWorkerError ?? (() => {}),
      metrics: rt.metrics,
    });
    await worker.start();
  }
  // Instance migration runs (resumes `running` runs at start-up); only where a worker runs.
  const migrations = worker
    ? startMigrationExecutor(rt, { ...options.migrationOptions, onError })
    : undefined;
  // Bulk operations (resumes `running` runs at start-up); only where a worker runs.
  const bulk =
    worker && options.bulkOptions !== false
      ? new BulkExecutor(rt, { ...options.bulkOptions, onError }).start()
      : undefined;
  // The polling jobs' options: the runtime's onError, and `pollMs` when the caller sets one (else each job's default).
  const polled = (pollMs: number | undefined) => ({ onError, ...(pollMs ? { pollMs } : {}) });
  // Schedules start instances where a worker runs (exactly once per tick across processes).
  const scheduler = worker ? new Scheduler(rt, polled(options.schedulerPollMs)).start() : undefined;
  // Finished instances past their process's retention are anonymised or deleted where a worker runs.
  const retention = worker ? new RetentionJob(rt, polled(options.retentionPollMs)).start() : undefined;
  // Webhook deliveries (the outbox persistStep fills) are sent where a worker runs.
  const webhooks = worker ? new WebhookDispatcher(rt, polled(options.webhookPollMs)).start() : undefined;
  // Replies to `amqp` actions are consumed where a worker runs.
  const replies =
    broker && worker
      ? await startAmqpReplyConsumer(rt, broker, {
          queue: replyQueue,
          ...(options.amqp?.prefetch ? { prefetch: options.amqp.prefetch } : {}),
          onError,
        })
      : undefined;
  return {
    rt,
    ...(worker ? { worker } : {}),
    async stop() {
      await migrations?.stop();
      await bulk?.stop();
      await scheduler?.stop();
      await retention?.stop();
      await webhooks?.stop();
      await replies?.stop();
      await worker?.stop();
      await broker?.close();
      await feed.stop();
    },
  };
}
