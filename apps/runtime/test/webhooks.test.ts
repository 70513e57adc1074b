import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { verifyWebhookSignature } from "@flowstate/client";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { maxDeliveryAttempts } from "../src/webhooks/WebhookDispatcher.ts";

// Outbound webhooks against a local HTTP receiver, with the runtime's dispatcher on a manual clock
// (retries are due when the clock says so).

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() - t0 > ms) return v;
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe("outbound webhooks", () => {
  let t: TestContext;
  let receiver: Server;
  let base: string;
  const received: Received[] = [];
  /** Per path: how many requests still answer 500. */
  const failuresLeft = new Map<string, number>();

  const start = async (processKey = "hooked") => (await t.caller.instance.start({ processKey })).instanceId;
  const finish = (instanceId: string) => t.caller.instance.perform({ instanceId, actionId: "go" });
  const deliveriesOf = (webhookId: string) => t.caller.webhook.deliveries({ webhookId });

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const path = req.url ?? "/";
        received.push({ path, headers: req.headers, body });
        const left = failuresLeft.get(path) ?? 0;
        if (left > 0) failuresLeft.set(path, left - 1);
        res.statusCode = left > 0 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    t = await createTestContext("webhooks", new Date("2026-03-02T08:00:00Z"), { worker: true, workerOptions: { pollMs: 30 }, webhookPollMs: 30 });
    const model = (key: string) =>
      buildModel({ key, nodes: [{ id: "go", kind: "action", mode: "manual" }, { id: "end", kind: "finalizer", outcome: "succeeded" }], lines: [{ from: "go", to: "end" }] });
    await publishModel(t.ctx, model("hooked"));
    await publishModel(t.ctx, model("flaky"));
    await publishModel(t.ctx, model("unheard"));
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => receiver?.close(r));
  });

  it("delivers signed instance lifecycle and action events that verify with the secret", async () => {
    const hook = await t.caller.webhook.create({ url: `${base}/lifecycle`, events: ["instance.started", "action.completed", "instance.completed"], processKey: "hooked" });
    expect(hook.secret.length).toBeGreaterThan(30);
    expect(await t.caller.webhook.list()).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    const instanceId = await start();
    await finish(instanceId);
    const mine = () => received.filter((r) => r.path === "/lifecycle");
    await until(async () => mine().length, (n) => n === 3);
    const events = mine().map((r) => JSON.parse(r.body) as { id: string; event: string; instanceId: string; actionId?: string; processKey: string });
    expect(events.map((e) => e.event).sort()).toEqual(["action.completed", "instance.completed", "instance.started"]);
    expect(events.every((e) => e.instanceId === instanceId && e.processKey === "hooked")).toBe(true);
    expect(events.find((e) => e.event === "action.completed")?.actionId).toBe("go");
    const now = Math.floor(t.clock.now().getTime() / 1000);
    for (const r of mine()) {
      const signature = r.headers["flowstate-signature"] as string;
      expect(verifyWebhookSignature(hook.secret, r.body, signature, now)).toBe(true);
      expect(verifyWebhookSignature(hook.secret, r.body.replace(instanceId, "00000000-0000-4000-8000-000000000000"), signature, now)).toBe(false);
      expect(verifyWebhookSignature("another-secret", r.body, signature, now)).toBe(false);
      expect(verifyWebhookSignature(hook.secret, r.body, signature, now + 3600)).toBe(false);
      expect(r.headers["flowstate-delivery"]).toBe(JSON.parse(r.body).id);
      expect(r.headers["flowstate-event"]).toBe(JSON.parse(r.body).event);
    }
    const log = await until(() => deliveriesOf(hook.id), (d) => d.every((x) => x.status === "delivered"));
    expect(log).toHaveLength(3);
    expect(log.every((d) => d.attempts === 1 && d.lastStatus === 204)).toBe(true);
  });

  it("retries a failing receiver with exponential backoff and logs every attempt", async () => {
    failuresLeft.set("/flaky", 2);
    const hook = await t.caller.webhook.create({ url: `${base}/flaky`, events: ["instance.started"], processKey: "flaky" });
    await start("flaky");
    const attempts = (n: number) => until(() => deliveriesOf(hook.id), (d) => d[0]?.attempts === n);
    let [delivery] = await attempts(1);
    expect(delivery).toMatchObject({ status: "pending", lastStatus: 500, lastError: "answered 500" });
    expect(delivery!.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(1000);
    // Not due yet: nothing is sent before the backoff passes.
    await new Promise((r) => setTimeout(r, 300));
    expect((await deliveriesOf(hook.id))[0]!.attempts).toBe(1);
    t.clock.advance(1000);
    [delivery] = await attempts(2);
    expect(delivery!.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(2000);
    t.clock.advance(2000);
    [delivery] = await until(() => deliveriesOf(hook.id), (d) => d[0]?.status === "delivered");
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 204 });
    expect((delivery!.log as { status: number }[]).map((a) => a.status)).toEqual([500, 500, 204]);
    // The receiver saw the same delivery id three times (it de-duplicates by it).
    expect(new Set(received.filter((r) => r.path === "/flaky").map((r) => r.headers["flowstate-delivery"])).size).toBe(1);
  });

  it(`gives up after ${maxDeliveryAttempts} attempts, and an operator can send it again`, async () => {
    const hook = await t.caller.webhook.create({ url: "http://127.0.0.1:9/closed", events: ["instance.started"], processKey: "unheard" });
    await start("unheard");
    for (let n = 1; n <= maxDeliveryAttempts; n++) {
      await until(() => deliveriesOf(hook.id), (d) => d[0]?.attempts === n);
      t.clock.advance(3600_000);
    }
    const [failed] = await until(() => deliveriesOf(hook.id), (d) => d[0]?.status === "failed");
    expect(failed).toMatchObject({ status: "failed", attempts: maxDeliveryAttempts, lastStatus: null });
    expect((failed!.log as unknown[]).length).toBe(maxDeliveryAttempts);
    await t.caller.webhook.redeliver({ deliveryId: failed!.id });
    const [again] = await until(() => deliveriesOf(hook.id), (d) => d[0]?.attempts === 1);
    expect(again!.status).toBe("pending");
    await t.caller.webhook.deactivate({ id: hook.id });
  });

  it("filters by process and action, stops after deactivation, and refuses bad subscriptions without writing", async () => {
    const onlyOther = await t.caller.webhook.create({ url: `${base}/other`, events: ["action.completed"], actions: ["other"] });
    const anyProcess = await t.caller.webhook.create({ url: `${base}/any`, events: ["instance.completed"] });
    const id = await start();
    await finish(id);
    await until(() => deliveriesOf(anyProcess.id), (d) => d.length === 1 && d[0]!.status === "delivered");
    expect(await deliveriesOf(onlyOther.id)).toEqual([]);
    await t.caller.webhook.deactivate({ id: anyProcess.id });
    await finish(await start());
    await new Promise((r) => setTimeout(r, 200));
    expect(await deliveriesOf(anyProcess.id)).toHaveLength(1);

    const before = { hooks: await t.db.prisma.webhook.count(), deliveries: await t.db.prisma.webhookDelivery.count() };
    const refused = await Promise.all([
      t.caller.webhook.create({ url: "ftp://example.com/x", events: ["instance.started"] }).catch((e: unknown) => e),
      t.caller.webhook.create({ url: `${base}/x`, events: ["instance.exploded" as "instance.started"] }).catch((e: unknown) => e),
      t.caller.webhook.create({ url: `${base}/x`, events: [] }).catch((e: unknown) => e),
      t.caller.webhook.create({ url: `${base}/x`, events: ["instance.started"], processKey: "nope" }).catch((e: unknown) => e),
      t.caller.webhook.deactivate({ id: "00000000-0000-4000-8000-000000000000" }).catch((e: unknown) => e),
      t.caller.webhook.redeliver({ deliveryId: "00000000-0000-4000-8000-000000000000" }).catch((e: unknown) => e),
    ]);
    expect(refused.map((e) => (e instanceof TRPCError ? e.code : String(e)))).toEqual(["BAD_REQUEST", "BAD_REQUEST", "BAD_REQUEST", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    expect({ hooks: await t.db.prisma.webhook.count(), deliveries: await t.db.prisma.webhookDelivery.count() }).toEqual(before);
  });
});
