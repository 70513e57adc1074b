import type { ConsumeMessage } from "amqplib";
import { deliverCallback } from "../callbacks/deliverCallback.ts";
import type { Runtime } from "../instances/Runtime.ts";
import type { AmqpBroker } from "./AmqpBroker.ts";

export interface AmqpReplyConsumerOptions {
  queue: string;
  /** Unacknowledged replies in flight per runtime process. */
  prefetch?: number;
  /** Replies that were refused for a reason other than being a duplicate, and processing errors. */
  onError?(error: unknown): void;
}

/**
 * Consumes the runtime's reply queue: each reply's `correlation-id` is a callback token and its
 * body `{ output }` or `{ error, final? }`; it is recorded through `deliverCallback`, the same path
 * as `POST /api/callbacks/:token`, which marks the token used in the step's transaction. The
 * message is acknowledged only after that transaction commits (or the reply was refused for
 * good), so a consumer that dies mid-way loses nothing: RabbitMQ redelivers the unacknowledged
 * replies, and a reply that was already recorded is refused as TOKEN_ALREADY_USED and acked.
 * A database error nacks the reply back to the queue.
 */
export async function startAmqpReplyConsumer(
  rt: Runtime,
  broker: AmqpBroker,
  options: AmqpReplyConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const report = options.onError ?? (() => {});
  return broker.consume(options.queue, options.prefetch ?? 32, async (message: ConsumeMessage, channel) => {
    const token = message.properties.correlationId ? String(message.properties.correlationId) : "";
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString("utf8"));
    } catch {
      report(new Error(`reply on ${options.queue} is not JSON; dropped`));
      channel.ack(message);
      return;
    }
    try {
      const result = await deliverCallback(rt, token, body);
      if (!result.ok && result.code !== "TOKEN_ALREADY_USED")
        report(new Error(`reply on ${options.queue} refused: ${result.code}: ${result.message}`));
      channel.ack(message);
    } catch (error) {
      report(error);
      // Back to the queue after a pause, for this or another runtime process.
      setTimeout(() => {
        try {
          channel.nack(message, false, true);
        } catch {
          // the channel closed: the broker redelivers the reply anyway
        }
      }, 500);
    }
  });
}
