import amqp from "amqplib";
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from "amqplib";
import { inSpan, SpanKind, traceHeaders } from "../observability/tracing.ts";
import type { Tracing } from "../observability/tracing.ts";

/** The message could not be routed to any queue (no such queue, no binding): nobody would receive it. */
export class UnroutableMessageError extends Error {
  override name = "UnroutableMessageError";
}

export interface AmqpBrokerOptions {
  url: string;
  /** Reported connection problems (the broker reconnects on its own). */
  onError?(error: unknown): void;
  /** A span per published and per consumed message (W3C `traceparent` header) when present. */
  tracing?: Tracing | undefined;
}

/**
 * One AMQP 0-9-1 connection (RabbitMQ, through `amqplib`) per runtime process: a confirm channel
 * for publishing and one channel per consumer. Connects lazily; when the connection drops, the
 * next publish reconnects and consumers are started again with a backoff.
 *
 * Publishing is **confirmed and mandatory**: `publish` resolves only once the broker has taken
 * responsibility for the message (publisher confirm) and rejects when the broker could not route
 * it (`basic.return`, which RabbitMQ sends before the confirm), so a caller never mistakes a
 * dropped message for a sent one.
 */
export class AmqpBroker {
  private connection: Promise<ChannelModel> | undefined;
  private publisher: Promise<ConfirmChannel> | undefined;
  private readonly returned = new Set<string>();
  private readonly consumers = new Set<{ start(): Promise<void> }>();
  private closed = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: AmqpBrokerOptions) {}

  private connect(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new Error("the AMQP broker connection is closed"));
    if (!this.connection) {
      const connecting = amqp
        .connect(this.options.url, { clientProperties: { connection_name: "flowstate-runtime" } })
        .then((c) => {
          c.on("error", (error: unknown) => this.options.onError?.(error));
          c.on("close", () => this.dropped(connecting));
          return c;
        });
      connecting.catch(() => this.dropped(connecting));
      this.connection = connecting;
    }
    return this.connection;
  }

  private dropped(which: Promise<ChannelModel>) {
    if (this.connection !== which) return;
    this.connection = undefined;
    this.publisher = undefined;
    if (this.closed || this.consumers.size === 0 || this.restartTimer) return;
    // Consumers come back once the broker does.
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      for (const c of this.consumers) c.start().catch((error: unknown) => this.options.onError?.(error));
    }, 1000);
  }

  private channel(): Promise<ConfirmChannel> {
    if (!this.publisher) {
      const opening = this.connect().then(async (c) => {
        const ch = await c.createConfirmChannel();
        ch.on("error", (error: unknown) => this.options.onError?.(error));
        ch.on("close", () => {
          if (this.publisher === opening) this.publisher = undefined;
        });
        ch.on("return", (message: ConsumeMessage) => {
          if (message.properties.messageId) this.returned.add(String(message.properties.messageId));
        });
        return ch;
      });
      opening.catch(() => {
        if (this.publisher === opening) this.publisher = undefined;
      });
      this.publisher = opening;
    }
    return this.publisher;
  }

  /** Publishes and waits for the broker's confirm; rejects if the message was unroutable or nacked. */
  async publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish & { messageId: string },
  ): Promise<void> {
    const name = `publish ${exchange || "(default)"} ${routingKey}`;
    const attributes = {
      "messaging.system": "rabbitmq",
      "messaging.destination.name": exchange || routingKey,
    };
    return inSpan(this.options.tracing, name, { kind: SpanKind.PRODUCER, attributes }, () =>
      this.publishConfirmed(exchange, routingKey, content, {
        ...options,
        headers: { ...(options.headers as Record<string, unknown> | undefined), ...traceHeaders() },
      }),
    );
  }

  private async publishConfirmed(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish & { messageId: string },
  ): Promise<void> {
    const ch = await this.channel();
    await new Promise<void>((resolve, reject) => {
      ch.publish(
        exchange,
        routingKey,
        content,
        { ...options, mandatory: true, persistent: true },
        (error: unknown) =>
          error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
      );
    });
    if (this.returned.delete(options.messageId)) {
      throw new UnroutableMessageError(
        `no queue took the message (exchange "${exchange || "(default)"}", routing key "${routingKey}")`,
      );
    }
  }

  /**
   * Consumes a durable queue with manual acknowledgement and at most `prefetch` unacknowledged
   * messages. `onMessage` decides ack or nack; a message neither acked nor nacked before the
   * connection drops is redelivered (at-least-once). Restarted after a reconnect.
   */
  async consume(
    queue: string,
    prefetch: number,
    onMessage: (message: ConsumeMessage, channel: Channel) => Promise<void>,
  ): Promise<{ stop(): Promise<void> }> {
    let channel: Channel | undefined;
    let tag: string | undefined;
    const consumer = {
      start: async () => {
        const c = await this.connect();
        const ch = await c.createChannel();
        ch.on("error", (error: unknown) => this.options.onError?.(error));
        await ch.assertQueue(queue, { durable: true });
        await ch.prefetch(prefetch);
        channel = ch;
        tag = (
          await ch.consume(queue, (message) => {
            if (!message) return;
            const parent = message.properties.headers as Record<string, unknown> | undefined;
            void inSpan(
              this.options.tracing,
              `receive ${queue}`,
              {
                kind: SpanKind.CONSUMER,
                parent,
                attributes: { "messaging.system": "rabbitmq", "messaging.destination.name": queue },
              },
              () => onMessage(message, ch),
            ).catch((error: unknown) => this.options.onError?.(error));
          })
        ).consumerTag;
      },
    };
    this.consumers.add(consumer);
    await consumer.start();
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        if (channel && tag) await channel.cancel(tag).catch(() => {});
        await channel?.close().catch(() => {});
      },
    };
  }

  /** Makes sure a durable queue exists (for callers that publish to the default exchange). */
  async assertQueue(queue: string): Promise<void> {
    const ch = await this.channel();
    await ch.assertQueue(queue, { durable: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const connection = this.connection;
    this.connection = undefined;
    this.publisher = undefined;
    if (connection) await (await connection.catch(() => undefined))?.close().catch(() => {});
  }
}
