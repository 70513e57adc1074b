import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type amqp from "amqplib";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { amqpUrl, deleteQueues, startService, uniqueQueue } from "./support/rabbitmq.ts";
import { ancestorsOf, startOtlpReceiver } from "./support/otlpReceiver.ts";
import { eventually } from "./support/eventually.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { Tracing } from "../src/observability/tracing.ts";

// Traces over real RabbitMQ: the `amqp` handler's command carries its publish span as `traceparent`,
// and the reply the runtime consumes has a span of its own with the step it causes under it.

describe("tracing of AMQP messages", () => {
  let t: TestContext;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let tracing: Tracing;
  const serviceQueue = uniqueQueue("traced-service");
  const replyQueue = uniqueQueue("traced-replies");

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = Tracing.otlp(receiver.url, "flowstate-test");
    t = await createTestContext("amqp_traced", new Date(), {
      worker: true,
      workerOptions: { pollMs: 50 },
      amqp: { url: amqpUrl, replyQueue },
      tracing,
    });
    await publishModel(
      t.ctx,
      buildModel({
        key: "traced",
        nodes: [
          {
            id: "command",
            kind: "action",
            mode: "automatic",
            handler: "amqp",
            input: { routingKey: JSON.stringify(serviceQueue), message: "{ n: 1 }" },
          },
          { id: "end", kind: "finalizer", outcome: "succeeded" },
        ],
        lines: [{ from: "command", to: "end" }],
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await tracing?.shutdown();
    await receiver?.close();
    await deleteQueues(serviceQueue, replyQueue);
  });

  it("sends the publish span as the command's traceparent and traces the reply's consumption", async () => {
    const seen: amqp.ConsumeMessage[] = [];
    const service = await startService(
      serviceQueue,
      (_body, message) => (seen.push(message), { output: {} }),
    );
    try {
      const { instanceId } = await t.caller.instance.start({ processKey: "traced" });
      await eventually(
        () => t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }),
        (i) => i.status === "completed",
      );
      const traceparent = String(seen[0]!.properties.headers?.traceparent);
      const [, traceId, parentId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(traceparent) ?? [];
      expect(traceId).toBeDefined();
      await tracing.flush();
      const spans = await eventually(
        async () => [...receiver.spans],
        (list) =>
          list.some((s) => s.spanId === parentId) && list.some((s) => s.name === `receive ${replyQueue}`),
      );
      const publish = spans.find((s) => s.spanId === parentId)!;
      expect(publish.name).toBe(`publish (default) ${serviceQueue}`);
      expect(publish.traceId).toBe(traceId);
      const trace = spans.filter((s) => s.traceId === traceId);
      const names = ancestorsOf(publish, trace).map((id) => trace.find((s) => s.spanId === id)!.name);
      expect(names).toEqual(["handler amqp", "job amqp", "step"]);
      // The reply carried no trace context: its consumption starts a trace, the step it causes under it.
      const receive = spans.find((s) => s.name === `receive ${replyQueue}`)!;
      expect(receive.parentSpanId ?? "").toBe("");
      expect(spans.some((s) => s.name === "step" && s.parentSpanId === receive.spanId)).toBe(true);
    } finally {
      await service.stop();
    }
  });
});
