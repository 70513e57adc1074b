import { randomBytes } from "node:crypto";
import amqp from "amqplib";
import type { Channel, ChannelModel, ConsumeMessage } from "amqplib";

/** The RabbitMQ the integration tests use (the test command starts the local one when it is installed). */
export const amqpUrl = process.env.FLOWSTATE_TEST_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";

/** A queue name no other test run uses. */
export function uniqueQueue(label: string): string {
  return `flowstate.it.${label}.${process.pid}.${randomBytes(4).toString("hex")}`;
}

/**
 * A stand-in for an outside service on the other end of seed 001's serviceQ: consumes its queue
 * and answers each command on `reply-to` with the same correlation id, then acks (unless told to
 * die first). `kill()` closes its connection abruptly: unacked commands go back to the queue.
 */
export async function startService(
  queue: string,
  answer: (
    body: unknown,
    message: ConsumeMessage,
  ) => { output: Record<string, unknown> } | { error: unknown; final?: boolean },
  options: { ackUnless?: (count: number) => boolean } = {},
): Promise<{ received: () => number; kill(): Promise<void>; stop(): Promise<void> }> {
  const connection: ChannelModel = await amqp.connect(amqpUrl);
  connection.on("error", () => {});
  const channel: Channel = await connection.createChannel();
  channel.on("error", () => {});
  await channel.assertQueue(queue, { durable: true });
  await channel.prefetch(50);
  let received = 0;
  await channel.consume(queue, (message) => {
    if (!message) return;
    received++;
    const reply = answer(JSON.parse(message.content.toString("utf8")), message);
    channel.sendToQueue(message.properties.replyTo as string, Buffer.from(JSON.stringify(reply)), {
      correlationId: message.properties.correlationId as string,
      persistent: true,
    });
    if (!options.ackUnless || options.ackUnless(received)) channel.ack(message);
  });
  return {
    received: () => received,
    async kill() {
      // No graceful cancel: like a crashed process, the broker requeues what was not acked.
      (connection as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    },
    async stop() {
      await connection.close().catch(() => {});
    },
  };
}

/** Deletes test queues afterwards. */
export async function deleteQueues(...queues: string[]): Promise<void> {
  const connection = await amqp.connect(amqpUrl);
  const channel = await connection.createChannel();
  for (const q of queues) await channel.deleteQueue(q).catch(() => {});
  await connection.close();
}
