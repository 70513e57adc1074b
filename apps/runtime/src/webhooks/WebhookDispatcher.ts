import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { signatureHeader, signWebhookPayload } from "@flowstate/client";
import type { Runtime } from "../instances/Runtime.ts";
import { claimDeliveries, recordDeliveryAttempt } from "../queue/queueSql.ts";
import type { ClaimedDelivery } from "../queue/queueSql.ts";
import { guardedRequest, TargetRefused } from "./targetGuard.ts";
import type { Resolve } from "./targetGuard.ts";
import { inSpan, SpanKind, traceHeaders } from "../observability/tracing.ts";
import { PollingJob } from "../PollingJob.ts";

/** A webhook "URL" that publishes to the runtime's RabbitMQ: `amqp:<exchange>/<routing key>`. */
export const brokerTarget = /^amqp:([^/\s]{0,255})\/(\S{1,255})$/;

/** Attempts before a delivery is given up (`dead`). */
export const maxDeliveryAttempts = 10;

/** Wait before the next attempt after `attempts` failed ones: 1 s, 2 s, 4 s … capped at 1 h. */
export function deliveryBackoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

export interface WebhookDispatcherOptions {
  pollMs?: number;
  /** Per request. */
  timeoutMs?: number;
  batchSize?: number;
  /** Name resolution for targets (tests point a name at an address); default: the system's. */
  resolve?: Resolve;
  onError?(error: unknown): void;
}

/** A delivery's status: `failed` = the last attempt failed and another is scheduled; `dead` = given up. */
export const deliveryStatuses = ["pending", "delivered", "failed", "dead"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * Sends pending webhook deliveries (the outbox `persistStep` fills): POST of the event JSON (or a
 * publish to RabbitMQ for `amqp:<exchange>/<routing key>` targets) with
 * `flowstate-signature` (HMAC-SHA256 over `<t>.<body>` with the webhook's secret),
 * `flowstate-event`, `flowstate-delivery` (the delivery id, for the receiver to de-duplicate) and,
 * when tracing is on, `traceparent` (the delivery's span, in the trace of the step that made it).
 * A 2xx answer delivers it; anything else (or no answer) makes it `failed` with the next attempt
 * scheduled with exponential backoff, until `maxDeliveryAttempts`, then `dead`. Every attempt is
 * appended to the delivery's log. HTTP targets go through the SSRF guard (`targetGuard.ts`): the
 * socket connects only to addresses checked at this attempt, unless `rt.webhookAllowPrivate`. Deliveries are leased (`claimDeliveries`), so several runtime processes share
 * the work and a crash mid-send only means the delivery is sent again (at-least-once).
 */
export class WebhookDispatcher extends PollingJob<number> {
  private readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

  constructor(
    private readonly rt: Runtime,
    private readonly options: WebhookDispatcherOptions = {},
  ) {
    super(options.pollMs ?? 500, options.onError);
  }

  /** At once again after a pass that sent something (more may be due), else after `pollMs`. */
  protected override delayAfter(sent: number | undefined): number {
    return (sent ?? 0) > 0 ? 0 : this.pollMs;
  }

  /** Sends one batch of due deliveries; returns how many were attempted. */
  async runOnce(): Promise<number> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const due = await claimDeliveries(this.rt.db, {
      dispatcherId: this.id,
      limit: this.options.batchSize ?? 20,
      leaseMs: timeoutMs + 30_000,
      now: this.rt.clock.now(),
    });
    await Promise.all(
      due.map((d) =>
        // A span per delivery attempt, in the trace of the step that made the delivery.
        inSpan(
          this.rt.tracing,
          `webhook ${d.event}`,
          {
            kind: SpanKind.PRODUCER,
            parent: d.traceParent,
            attributes: { "flowstate.delivery_id": d.id, "flowstate.webhook_id": d.webhookId },
          },
          () => this.send(d, timeoutMs),
        ),
      ),
    );
    return due.length;
  }

  private async send(delivery: ClaimedDelivery, timeoutMs: number): Promise<void> {
    const body = JSON.stringify({ id: delivery.id, ...(delivery.payload as object) });
    const started = Date.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    const headers = {
      "flowstate-event": delivery.event,
      "flowstate-delivery": delivery.id,
      ...traceHeaders(),
      [signatureHeader]: signWebhookPayload(
        delivery.secret,
        body,
        Math.floor(this.rt.clock.now().getTime() / 1000),
      ),
    };
    const target = brokerTarget.exec(delivery.url);
    try {
      if (target) {
        // To the broker: a confirmed, mandatory publish with the same headers as over HTTP.
        if (!this.rt.broker) throw new Error("no broker configured (FLOWSTATE_AMQP_URL)");
        await this.rt.broker.publish(target[1]!, target[2]!, Buffer.from(body), {
          messageId: delivery.id,
          contentType: "application/json",
          headers,
        });
      } else {
        httpStatus = await this.post(delivery.url, body, headers, timeoutMs);
        if (httpStatus < 200 || httpStatus > 299) error = `answered ${httpStatus}`;
      }
    } catch (e) {
      error =
        e instanceof TargetRefused
          ? e.message
          : e instanceof Error
            ? e.name === "TimeoutError"
              ? `no answer in ${timeoutMs} ms`
              : e.message || e.name
            : String(e);
    }
    const now = this.rt.clock.now();
    const attempts = delivery.attempts + 1;
    const status: Exclude<DeliveryStatus, "pending"> =
      error === null ? "delivered" : attempts >= maxDeliveryAttempts ? "dead" : "failed";
    await recordDeliveryAttempt(this.rt.db, {
      id: delivery.id,
      dispatcherId: this.id,
      status,
      nextAttemptAt: status === "failed" ? new Date(now.getTime() + deliveryBackoffMs(attempts)) : now,
      httpStatus,
      error,
      now,
      ms: Date.now() - started,
    });
  }

  /** One POST through the SSRF guard (`guardedRequest`); resolves with the HTTP status once the answer's body was read. */
  private async post(
    rawUrl: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<number> {
    const answer = await guardedRequest(rawUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      allowPrivate: this.rt.webhookAllowPrivate ?? false,
      signal: AbortSignal.timeout(timeoutMs),
      userAgent: "flowstate-webhooks",
      ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
    });
    return answer.status;
  }
}
