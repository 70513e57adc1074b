import type { Clock } from "../clock.ts";
import type { Database } from "../db/openDatabase.ts";
import type { HandlerDefinition } from "../handlers/defineHandler.ts";
import type { ChangeFeed } from "../live/ChangeFeed.ts";
import type { ModelCache } from "./ModelCache.ts";
import type { InstanceRowCache } from "./InstanceRowCache.ts";
import type { AmqpBroker } from "../broker/AmqpBroker.ts";
import type { RuntimeMetrics } from "../observability/metrics.ts";
import type { Tracing } from "../observability/tracing.ts";

/**
 * What the instance services need, built once by `main` (or a test) and passed down explicitly.
 * `wake` tells this process's worker that jobs were committed (Postgres also gets a NOTIFY).
 */
export interface Runtime {
  db: Database;
  clock: Clock;
  models: ModelCache;
  /** Running instances' rows as this process last wrote them: an API step's first try reads none. */
  rows: InstanceRowCache;
  feed: ChangeFeed;
  /** Signs callback task tokens. */
  secret: string;
  /** Base URL outside systems use to reach this runtime (for callback URLs). */
  publicUrl: string;
  handlers: Map<string, HandlerDefinition>;
  /** Handlers whose jobs remote workers fetch over HTTP (`/api/jobs/*`); never run in this process. */
  remoteHandlers: ReadonlySet<string>;
  /** How long a callback token stays valid. */
  callbackTtlMs: number;
  wake(): void;
  /** RabbitMQ, when `FLOWSTATE_AMQP_URL` is set (the `amqp` handler, replies, webhook events to the broker). */
  broker?: AmqpBroker;
  /** Webhooks may target loopback/private/link-local addresses (`FLOWSTATE_WEBHOOK_ALLOW_PRIVATE`; off by default). */
  webhookAllowPrivate?: boolean;
  /** Prometheus metrics (`/metrics`); steps, job claims and HTTP requests are counted when present. */
  metrics?: RuntimeMetrics;
  /** OpenTelemetry traces (`OTEL_EXPORTER_OTLP_ENDPOINT`); no span is made when absent. */
  tracing?: Tracing;
}
