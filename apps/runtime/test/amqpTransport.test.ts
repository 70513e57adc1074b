import { afterAll, beforeAll, describe, expect, it } from "vitest";
import amqp from "amqplib";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { startRuntime } from "./support/startRuntime.ts";
import type { RunningRuntime } from "./support/startRuntime.ts";
import { amqpUrl, deleteQueues, startService, uniqueQueue } from "./support/rabbitmq.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { issueTaskToken } from "../src/callbacks/taskToken.ts";
import { recordsPerInstance } from "./support/historyRecords.ts";
import { verifyWebhookSignature } from "@flowstate/client";
import { eventually } from "./support/eventually.ts";
import { watchStatements } from "./support/waits.ts";

// Service actions over real RabbitMQ: the `amqp` handler publishes a command with the callback
// token as correlation id and the runtime's reply queue as reply-to; a stand-in service answers;
// the runtime's reply consumer completes the occurrence through the callback path.

const serviceModel = (key: string, queue: string) =>
  buildModel({
    key,
    nodes: [
      {
        id: "command",
        kind: "action",
        mode: "automatic",
        handler: "amqp",
        input: { routingKey: JSON.stringify(queue), message: "{ n: 7 }" },
        output: { reply: "result" },
        retry: { maxAttempts: 2, backoff: { initial: "PT1S" } },
      },
      { id: "end", kind: "finalizer", outcome: "succeeded" },
    ],
    lines: [{ from: "command", to: "end" }],
  });

describe("amqp handler and reply consumer (in process)", () => {
  let t: TestContext;
  const serviceQueue = uniqueQueue("service");
  const replyQueue = uniqueQueue("replies");
  const errors: unknown[] = [];
  const status = (id: string) => t.db.prisma.instance.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    t = await createTestContext("amqp_inproc", new Date(), {
      worker: true,
      workerOptions: { pollMs: 50 },
      webhookPollMs: 30,
      amqp: { url: amqpUrl, replyQueue },
      onWorkerError: (e) => errors.push(e),
    });
    await publishModel(t.ctx, serviceModel("service", serviceQueue));
    await publishModel(t.ctx, serviceModel("nowhere", uniqueQueue("missing")));
  });
  afterAll(async () => {
    await t?.close();
    await deleteQueues(serviceQueue, replyQueue);
  });

  it("publishes the command with token, reply-to and idempotency key, and completes from the reply", async () => {
    const seen: amqp.ConsumeMessage[] = [];
    const service = await startService(
      serviceQueue,
      (body, message) => (seen.push(message), { output: { got: body } }),
    );
    try {
      const { instanceId } = await t.caller.instance.start({ processKey: "service" });
      const done = await eventually(
        () => status(instanceId),
        (i) => i.status === "completed",
      );
      expect(done.status).toBe("completed");
      expect(done.variables).toEqual({ reply: { got: { n: 7 } } });
      const props = seen[0]!.properties;
      expect(props.replyTo).toBe(replyQueue);
      expect(props.messageId).toBe(`${instanceId}:command:o1:1`);
      expect(props.headers).toMatchObject({
        "flowstate-idempotency-key": `${instanceId}:command:o1:1`,
        "flowstate-instance-id": instanceId,
      });
      // The correlation id is the signed callback token: it is now used, and a replayed reply changes nothing.
      expect(await t.db.prisma.usedTaskToken.count({ where: { instanceId } })).toBe(1);
      const seq = done.seq;
      const replay = watchStatements(t.db, /"used_task_token"/);
      const connection = await amqp.connect(amqpUrl);
      const channel = await connection.createConfirmChannel();
      channel.sendToQueue(replyQueue, Buffer.from(JSON.stringify({ output: { got: "again" } })), {
        correlationId: props.correlationId as string,
      });
      await channel.waitForConfirms();
      await connection.close();
      await replay.seen(1); // the consumer read the token's use and refused the reply
      expect((await status(instanceId)).seq).toBe(seq);
      expect((await status(instanceId)).variables).toEqual({ reply: { got: { n: 7 } } });
    } finally {
      await service.stop();
    }
  });

  it("fails the occurrence from an error reply", async () => {
    const service = await startService(serviceQueue, () => ({
      error: { message: "no such customer" },
      final: true,
    }));
    try {
      const { instanceId } = await t.caller.instance.start({ processKey: "service" });
      const failed = await eventually(
        () => status(instanceId),
        (i) => i.hasIncident,
      );
      expect(failed.hasIncident).toBe(true);
      expect((await t.db.prisma.incident.findFirstOrThrow({ where: { instanceId } })).error).toMatchObject({
        message: "no such customer",
      });
    } finally {
      await service.stop();
    }
  });

  it("fails the attempt when no queue takes the command (mandatory publish); the retry policy schedules the next", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "nowhere" });
    const first = await eventually(
      () => t.db.prisma.job.findFirst({ where: { instanceId, kind: "timer" } }),
      (j) => j !== null,
    );
    expect(first).not.toBeNull();
    const history = await t.db.prisma.historyEvent.findMany({
      where: { instanceId },
      orderBy: { seq: "asc" },
      select: { data: true },
    });
    expect(JSON.stringify(history.map((h) => h.data))).toContain("no queue took the message");
  });

  it("publishes signed webhook events to the broker (amqp:<exchange>/<routing key>)", async () => {
    const eventsQueue = uniqueQueue("events");
    const connection = await amqp.connect(amqpUrl);
    try {
      const channel = await connection.createChannel();
      await channel.assertQueue(eventsQueue, { durable: false, autoDelete: false });
      const hook = await t.caller.webhook.create({
        url: `amqp:/${eventsQueue}`,
        events: ["instance.started"],
        processKey: "nowhere",
      });
      const { instanceId } = await t.caller.instance.start({ processKey: "nowhere" });
      const m = (await eventually(
        () => channel.get(eventsQueue, { noAck: true }),
        (message) => message !== false,
      )) as amqp.GetMessage;
      const body = m.content.toString("utf8");
      expect(JSON.parse(body)).toMatchObject({
        event: "instance.started",
        instanceId,
        processKey: "nowhere",
      });
      expect(
        verifyWebhookSignature(
          hook.secret,
          body,
          m.properties.headers?.["flowstate-signature"] as string,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(true);
      expect(m.properties.messageId).toBe(JSON.parse(body).id);
      const [delivery] = await eventually(
        async () => (await t.caller.webhook.deliveries({ webhookId: hook.id })).items,
        (d) => d[0]?.status === "delivered",
      );
      expect(delivery).toMatchObject({ status: "delivered", attempts: 1 });
      await t.caller.webhook.deactivate({ id: hook.id });
      await channel.deleteQueue(eventsQueue);
    } finally {
      await connection.close();
    }
  });

  it("drops forged and malformed replies without changing anything", async () => {
    // No service this time: the command waits in its queue and the instance keeps running.
    const { instanceId } = await t.caller.instance.start({ processKey: "service" });
    const connection = await amqp.connect(amqpUrl);
    try {
      const channel = await connection.createConfirmChannel();
      await eventually(
        async () => (await channel.checkQueue(serviceQueue)).messageCount,
        (n) => n >= 1,
      );
      const before = await status(instanceId);
      errors.length = 0;
      const forged = issueTaskToken(
        "not-the-server-secret-not-the-server-secret",
        { instanceId, occurrenceId: "o1", attempt: 1 },
        new Date(),
        60_000,
      );
      channel.sendToQueue(replyQueue, Buffer.from(JSON.stringify({ output: { forged: true } })), {
        correlationId: forged,
      });
      channel.sendToQueue(replyQueue, Buffer.from("{not json"), { correlationId: "x" });
      channel.sendToQueue(replyQueue, Buffer.from(JSON.stringify({ output: {} })));
      await channel.waitForConfirms();
      await eventually(
        async () => errors.length,
        (n) => n >= 3,
        5000,
      );
      expect((await channel.checkQueue(replyQueue)).messageCount).toBe(0);
      expect(errors.map((e) => String(e))).toEqual(
        expect.arrayContaining([
          expect.stringContaining("TOKEN_BAD_SIGNATURE"),
          expect.stringContaining("not JSON"),
          expect.stringContaining("TOKEN_MALFORMED"),
        ]),
      );
      const after = await status(instanceId);
      expect(after.seq).toBe(before.seq);
      expect(after.status).toBe("running");
      expect(await t.db.prisma.usedTaskToken.count({ where: { instanceId } })).toBe(0);
    } finally {
      await connection.close();
    }
  });
});

describe("1,000 service actions through RabbitMQ while the service and the runtime die mid-way", () => {
  let t: TestContext;
  const serviceQueue = uniqueQueue("bulk");
  const replyQueue = uniqueQueue("bulk.replies");
  const runtimes: RunningRuntime[] = [];

  const env = () => ({
    DATABASE_URL: t.url,
    FLOWSTATE_AMQP_URL: amqpUrl,
    FLOWSTATE_AMQP_REPLY_QUEUE: replyQueue,
    FLOWSTATE_WORKER_LEASE_MS: "3000",
    FLOWSTATE_DEMO: "false",
    FLOWSTATE_PROCESSES_DIR: "/nonexistent/flowstate-processes",
  });

  beforeAll(async () => {
    t = await createTestContext("amqp_bulk");
    await publishModel(t.ctx, serviceModel("bulk", serviceQueue));
  });
  afterAll(async () => {
    for (const r of runtimes) await r.stop("SIGKILL");
    await t?.close();
    await deleteQueues(serviceQueue, replyQueue);
  });

  it("every instance completes exactly once", { timeout: 240_000 }, async () => {
    const total = 1000;
    // The service dies after answering (before acking) commands 301–320; RabbitMQ hands them to
    // its restarted copy, which answers them again: duplicate replies.
    let service = await startService(serviceQueue, (body) => ({ output: { echo: body } }), {
      ackUnless: (n) => n <= 300,
    });
    runtimes.push(await startRuntime(env()));
    const ids: string[] = [];
    for (let i = 0; i < total; i += 25)
      ids.push(
        ...(await Promise.all(
          Array.from(
            { length: 25 },
            async () => (await t.caller.instance.start({ processKey: "bulk" })).instanceId,
          ),
        )),
      );

    await eventually(
      async () => service.received(),
      (n) => n >= 320,
      60_000,
    );
    await service.kill();
    const firstReceived = service.received();
    service = await startService(serviceQueue, (body) => ({ output: { echo: body } }));

    // The runtime (publisher and reply consumer) is SIGKILLed mid-way and another one starts.
    const completed = () => t.db.prisma.instance.count({ where: { id: { in: ids }, status: "completed" } });
    await eventually(completed, (n) => n >= 500, 60_000);
    await runtimes[0]!.stop("SIGKILL");
    runtimes.push(await startRuntime(env()));

    const done = await eventually(completed, (n) => n === total, 180_000);
    await service.stop();
    expect(done).toBe(total);
    // 0 duplicate transitions: one recorded completion per instance, and every instance took the same steps.
    const completions = await recordsPerInstance(t.db, {
      instanceIds: ids,
      type: "event",
      actor: "callback",
    });
    expect(completions.size).toBe(total);
    expect([...completions.values()].filter((n) => n !== 1)).toEqual([]);
    const seqs = await t.db.prisma.instance.groupBy({
      by: ["seq"],
      where: { id: { in: ids } },
      _count: true,
    });
    expect(seqs).toHaveLength(1);
    expect(await t.db.prisma.usedTaskToken.count({ where: { instanceId: { in: ids } } })).toBe(total);
    // The service really did answer some commands twice (its unacked ones were redelivered).
    expect(firstReceived + service.received()).toBeGreaterThanOrEqual(total + 20);
    expect(await t.db.prisma.job.count()).toBe(0);
  });
});
