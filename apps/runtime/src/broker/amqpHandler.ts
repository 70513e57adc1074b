import { z } from "zod";
import { defineHandler, FinalFailure } from "../handlers/defineHandler.ts";
import type { HandlerDefinition } from "../handlers/defineHandler.ts";
import type { AmqpBroker } from "./AmqpBroker.ts";

const amqpInput = z.object({
  /** Exchange to publish to; "" (the default exchange) routes by queue name. */
  exchange: z.string().max(255).default(""),
  /** Routing key, or the queue's name on the default exchange. */
  routingKey: z.string().min(1).max(255),
  /** The message body, sent as JSON. */
  message: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).default({}),
});

/** The longest AMQP short string (correlation-id is one). */
const maxShortString = 255;

/**
 * `amqp`: publishes the action's input to a RabbitMQ exchange/queue as a service command and
 * leaves the occurrence running until the reply arrives (seed 001's serviceQ). The message
 * carries the callback token as `correlation-id` and the runtime's reply queue as `reply-to`
 * (the usual RPC pattern: the service answers to `reply-to` with the same correlation id and a body
 * `{ output }` or `{ error, final? }`). `message-id` and the `flowstate-idempotency-key` header are
 * the attempt's idempotency key, the same on every redelivery. Publishing is confirmed; an
 * unroutable message fails the attempt (the action's retry policy decides).
 *
 * At-least-once: a worker that dies after publishing and before dropping its job publishes again
 * on redelivery (another token, the same attempt); the first reply completes the occurrence and
 * the later one is refused by the engine's attempt check, changing nothing.
 */
export function createAmqpHandler(broker: AmqpBroker, replyQueue: string): HandlerDefinition {
  return defineHandler("amqp", { input: amqpInput, timeout: 30_000, concurrency: 50 }, async (ctx) => {
    const { exchange, routingKey, message, headers } = ctx.input;
    if (Buffer.byteLength(ctx.callback.token) > maxShortString)
      throw new FinalFailure("the callback token does not fit an AMQP correlation id");
    await broker.publish(exchange, routingKey, Buffer.from(JSON.stringify(message ?? null)), {
      contentType: "application/json",
      correlationId: ctx.callback.token,
      replyTo: replyQueue,
      messageId: ctx.idempotencyKey,
      headers: {
        ...headers,
        "flowstate-idempotency-key": ctx.idempotencyKey,
        "flowstate-callback-url": ctx.callback.url,
        "flowstate-instance-id": ctx.instanceId,
        "flowstate-action-id": ctx.actionId,
      },
    });
    return { pending: true };
  }) as HandlerDefinition;
}
