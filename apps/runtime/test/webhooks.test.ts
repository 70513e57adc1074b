import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { RequestListener, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { verifyWebhookSignature } from "@flowstate/client";
import { useTestContext } from "./support/useTestContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { oneAction } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { maxDeliveryAttempts } from "../src/webhooks/WebhookDispatcher.ts";
import { eventually } from "./support/eventually.ts";
import { claimOfDeliveries, watchStatements } from "./support/waits.ts";

// Outbound webhooks against a local HTTP receiver, with the runtime's dispatcher on a manual clock
// (retries are due when the clock says so).

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A local HTTP receiver for the describe block, answering with `handle`: listening before its tests
 * (`port` then), closed after them — after the test context, whose hooks come later.
 */
function useReceiver(handle: RequestListener): { readonly port: number } {
  let receiver: Server | undefined;
  let port = 0;
  beforeAll(async () => {
    receiver = createServer(handle);
    await new Promise<void>((r) => receiver!.listen(0, "127.0.0.1", r));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => receiver?.close(r));
  });
  return {
    get port() {
      return port;
    },
  };
}

/** The suites' test context: a worker and the webhook dispatcher polling every 30 ms, on 2026-03-02 08:00 UTC. */
const useWebhookContext = (
  label: string,
  setup: (t: TestContext) => Promise<unknown>,
  extra: { webhookAllowPrivate?: boolean } = {},
) =>
  useTestContext(label, setup, new Date("2026-03-02T08:00:00Z"), {
    worker: true,
    workerOptions: { pollMs: 30 },
    webhookPollMs: 30,
    ...extra,
  });

describe("outbound webhooks", () => {
  let base: string;
  const received: Received[] = [];
  /** Per path: how many requests still answer 500. */
  const failuresLeft = new Map<string, number>();

  const start = async (processKey = "hooked") => (await t.caller.instance.start({ processKey })).instanceId;
  const finish = (instanceId: string) => t.caller.instance.perform({ instanceId, actionId: "go" });
  const deliveriesOf = async (webhookId: string) => (await t.caller.webhook.deliveries({ webhookId })).items;

  const receiver = useReceiver((req, res) => {
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
  // A local receiver: this suite allows private targets (the SSRF guard's own tests are below).
  const t = useWebhookContext(
    "webhooks",
    async (t) => {
      base = `http://127.0.0.1:${receiver.port}`;
      const model = (key: string) => oneAction(key);
      await publishModel(t.ctx, model("hooked"));
      await publishModel(t.ctx, model("flaky"));
      await publishModel(t.ctx, model("unheard"));
    },
    { webhookAllowPrivate: true },
  );

  it("delivers signed instance lifecycle and action events that verify with the secret", async () => {
    const hook = await t.caller.webhook.create({
      url: `${base}/lifecycle`,
      events: ["instance.started", "action.completed", "instance.completed"],
      processKey: "hooked",
    });
    expect(hook.secret.length).toBeGreaterThan(30);
    expect(await t.caller.webhook.list()).toEqual([
      expect.not.objectContaining({ secret: expect.anything() }),
    ]);
    expect((await t.caller.webhook.list())[0]!.lastDelivery).toBeNull();
    const instanceId = await start();
    await finish(instanceId);
    const mine = () => received.filter((r) => r.path === "/lifecycle");
    await eventually(
      async () => mine().length,
      (n) => n === 3,
    );
    const events = mine().map(
      (r) =>
        JSON.parse(r.body) as {
          id: string;
          event: string;
          instanceId: string;
          actionId?: string;
          processKey: string;
        },
    );
    expect(events.map((e) => e.event).sort()).toEqual([
      "action.completed",
      "instance.completed",
      "instance.started",
    ]);
    expect(events.every((e) => e.instanceId === instanceId && e.processKey === "hooked")).toBe(true);
    expect(events.find((e) => e.event === "action.completed")?.actionId).toBe("go");
    const now = Math.floor(t.clock.now().getTime() / 1000);
    for (const r of mine()) {
      const signature = r.headers["flowstate-signature"] as string;
      expect(verifyWebhookSignature(hook.secret, r.body, signature, now)).toBe(true);
      expect(
        verifyWebhookSignature(
          hook.secret,
          r.body.replace(instanceId, "00000000-0000-4000-8000-000000000000"),
          signature,
          now,
        ),
      ).toBe(false);
      expect(verifyWebhookSignature("another-secret", r.body, signature, now)).toBe(false);
      expect(verifyWebhookSignature(hook.secret, r.body, signature, now + 3600)).toBe(false);
      expect(r.headers["flowstate-delivery"]).toBe(JSON.parse(r.body).id);
      expect(r.headers["flowstate-event"]).toBe(JSON.parse(r.body).event);
    }
    const log = await eventually(
      () => deliveriesOf(hook.id),
      (d) => d.every((x) => x.status === "delivered"),
    );
    expect(log).toHaveLength(3);
    expect(log.every((d) => d.attempts === 1 && d.lastStatus === 204)).toBe(true);
    expect((await t.caller.webhook.list()).find((h) => h.id === hook.id)!.lastDelivery).toMatchObject({
      status: "delivered",
      lastStatus: 204,
    });
  });

  it("retries a failing receiver with exponential backoff and logs every attempt", async () => {
    failuresLeft.set("/flaky", 2);
    const hook = await t.caller.webhook.create({
      url: `${base}/flaky`,
      events: ["instance.started"],
      processKey: "flaky",
    });
    await start("flaky");
    const attempts = (n: number) =>
      eventually(
        () => deliveriesOf(hook.id),
        (d) => d[0]?.attempts === n,
      );
    let [delivery] = await attempts(1);
    expect(delivery).toMatchObject({ status: "failed", lastStatus: 500, lastError: "answered 500" });
    expect(delivery!.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(1000);
    // Not due yet: nothing is sent before the backoff passes (the dispatcher looked twice more).
    await watchStatements(t.db, claimOfDeliveries).seen(2);
    expect((await deliveriesOf(hook.id))[0]!.attempts).toBe(1);
    t.clock.advance(1000);
    [delivery] = await attempts(2);
    expect(delivery!.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(2000);
    t.clock.advance(2000);
    [delivery] = await eventually(
      () => deliveriesOf(hook.id),
      (d) => d[0]?.status === "delivered",
    );
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 204 });
    expect(delivery!.log.map((a) => a.status)).toEqual([500, 500, 204]);
    // A delivered one may be sent again; a pending one may not (CONFLICT, nothing changes).
    const pendingId = await t.db.prisma.webhookDelivery.create({
      data: {
        id: "00000000-0000-4000-8000-0000000000aa",
        webhookId: hook.id,
        event: "instance.started",
        eventKey: "manual",
        instanceId: "00000000-0000-4000-8000-0000000000bb",
        payload: {},
        status: "pending",
        nextAttemptAt: new Date(t.clock.now().getTime() + 3600_000),
        createdAt: t.clock.now(),
      },
    });
    const before = await t.db.prisma.webhookDelivery.findUnique({ where: { id: pendingId.id } });
    await expect(t.caller.webhook.redeliver({ deliveryId: pendingId.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await t.db.prisma.webhookDelivery.findUnique({ where: { id: pendingId.id } })).toEqual(before);
    await t.db.prisma.webhookDelivery.delete({ where: { id: pendingId.id } });
    // The receiver saw the same delivery id three times (it de-duplicates by it).
    expect(
      new Set(received.filter((r) => r.path === "/flaky").map((r) => r.headers["flowstate-delivery"])).size,
    ).toBe(1);
  });

  it(`gives up after ${maxDeliveryAttempts} attempts (dead), and an operator can send it again`, async () => {
    const hook = await t.caller.webhook.create({
      url: "http://127.0.0.1:9/closed",
      events: ["instance.started"],
      processKey: "unheard",
    });
    await start("unheard");
    for (let n = 1; n <= maxDeliveryAttempts; n++) {
      await eventually(
        () => deliveriesOf(hook.id),
        (d) => d[0]?.attempts === n,
      );
      t.clock.advance(3600_000);
    }
    const [dead] = await eventually(
      () => deliveriesOf(hook.id),
      (d) => d[0]?.status === "dead",
    );
    expect(dead).toMatchObject({ status: "dead", attempts: maxDeliveryAttempts, lastStatus: null });
    expect(dead!.log.length).toBe(maxDeliveryAttempts);
    expect(
      dead!.log.every(
        (a) =>
          a.status === null && typeof a.error === "string" && a.ms >= 0 && !Number.isNaN(Date.parse(a.at)),
      ),
    ).toBe(true);
    expect(
      (await t.caller.webhook.deliveries({ webhookId: hook.id, status: "dead" })).items.map((d) => d.id),
    ).toEqual([dead!.id]);
    expect((await t.caller.webhook.deliveries({ webhookId: hook.id, status: "pending" })).items).toEqual([]);
    const audited = await t.db.prisma.auditEvent.count({
      where: { action: "webhook.redeliver", outcome: "ok" },
    });
    await t.caller.webhook.redeliver({ deliveryId: dead!.id });
    expect(
      await t.db.prisma.auditEvent.count({ where: { action: "webhook.redeliver", outcome: "ok" } }),
    ).toBe(audited + 1);
    const [again] = await eventually(
      () => deliveriesOf(hook.id),
      (d) => d[0]?.attempts === 1,
    );
    // A fresh set of attempts; the earlier ones stay in the log.
    expect(again!.status).toBe("failed");
    expect(again!.log.length).toBe(maxDeliveryAttempts + 1);
    await t.caller.webhook.deactivate({ id: hook.id });
  });

  it("pages the delivery log newest first with a cursor (ties on the creation time broken by id)", async () => {
    const hook = await t.caller.webhook.create({ url: `${base}/paged`, events: ["instance.cancelled"] });
    const at = (s: number) => new Date(Date.parse("2026-01-01T00:00:00Z") + s * 1000);
    const rows = [0, 1, 1, 1, 2, 3, 3].map((s, i) => ({
      id: randomUUID(),
      webhookId: hook.id,
      event: "instance.cancelled",
      eventKey: `paged:${i}`,
      instanceId: randomUUID(),
      payload: {},
      status: "delivered",
      nextAttemptAt: at(s),
      createdAt: at(s),
    }));
    await t.db.prisma.webhookDelivery.createMany({ data: rows });
    const expected = [...rows]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await t.caller.webhook.deliveries({
        webhookId: hook.id,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((d) => d.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(expected);
    await expect(t.caller.webhook.deliveries({ cursor: "nonsense" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // Found by the fuzz suite: a cursor of the right length whose id part is no UUID was a 500 (Prisma's uuid column).
    await expect(
      t.caller.webhook.deliveries({ cursor: "0375566933890_be22b0-ea0-a1-5a-9ec21-8-2-f-5aaaaaa" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await t.caller.webhook.deactivate({ id: hook.id });
  });

  it("filters by process and action, stops after deactivation, and refuses bad subscriptions without writing", async () => {
    const onlyOther = await t.caller.webhook.create({
      url: `${base}/other`,
      events: ["action.completed"],
      actions: ["other"],
    });
    const anyProcess = await t.caller.webhook.create({ url: `${base}/any`, events: ["instance.completed"] });
    const id = await start();
    await finish(id);
    await eventually(
      () => deliveriesOf(anyProcess.id),
      (d) => d.length === 1 && d[0]!.status === "delivered",
    );
    expect(await deliveriesOf(onlyOther.id)).toEqual([]);
    await t.caller.webhook.deactivate({ id: anyProcess.id });
    await finish(await start());
    // The step writes its deliveries in its own statement: a deactivated hook gets none.
    expect(await deliveriesOf(anyProcess.id)).toHaveLength(1);

    const before = {
      hooks: await t.db.prisma.webhook.count(),
      deliveries: await t.db.prisma.webhookDelivery.count(),
    };
    const refused = await Promise.all([
      t.caller.webhook
        .create({ url: "ftp://example.com/x", events: ["instance.started"] })
        .catch((e: unknown) => e),
      t.caller.webhook
        .create({ url: `${base}/x`, events: ["instance.exploded" as "instance.started"] })
        .catch((e: unknown) => e),
      t.caller.webhook.create({ url: `${base}/x`, events: [] }).catch((e: unknown) => e),
      t.caller.webhook
        .create({ url: `${base}/x`, events: ["instance.started"], processKey: "nope" })
        .catch((e: unknown) => e),
      t.caller.webhook.deactivate({ id: "00000000-0000-4000-8000-000000000000" }).catch((e: unknown) => e),
      t.caller.webhook
        .redeliver({ deliveryId: "00000000-0000-4000-8000-000000000000" })
        .catch((e: unknown) => e),
    ]);
    expect(refused.map((e) => (e instanceof TRPCError ? e.code : String(e)))).toEqual([
      "BAD_REQUEST",
      "BAD_REQUEST",
      "BAD_REQUEST",
      "NOT_FOUND",
      "NOT_FOUND",
      "NOT_FOUND",
    ]);
    expect({
      hooks: await t.db.prisma.webhook.count(),
      deliveries: await t.db.prisma.webhookDelivery.count(),
    }).toEqual(before);
  });
});

describe("webhook targets are SSRF-guarded unless FLOWSTATE_WEBHOOK_ALLOW_PRIVATE", () => {
  const received: string[] = [];
  const receiver = useReceiver((req, res) => {
    received.push(req.url ?? "/");
    res.statusCode = 204;
    res.end();
  });
  // The default: private targets not allowed.
  const t = useWebhookContext("webhooks_ssrf", (t) => publishModel(t.ctx, oneAction("guarded")));

  it("refuses loopback, private, link-local, unspecified and non-http targets at creation, writing nothing", async () => {
    const before = {
      hooks: await t.db.prisma.webhook.findMany(),
      deliveries: await t.db.prisma.webhookDelivery.count(),
    };
    const targets = [
      `http://127.0.0.1:${receiver.port}/x`,
      `http://localhost:${receiver.port}/x`,
      "http://app.localhost/x",
      "http://[::1]/x",
      "http://[::ffff:127.0.0.1]/x",
      "http://10.1.2.3/x",
      "http://172.16.0.1/x",
      "http://192.168.1.10/x",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00::1]/x",
      "http://[fe80::1]/x",
      "http://0.0.0.0/x",
      "http://[::]/x",
    ];
    const refused = await Promise.all(
      targets.map((url) =>
        t.caller.webhook.create({ url, events: ["instance.started"] }).then(
          () => "created",
          (e: unknown) => e,
        ),
      ),
    );
    for (const [i, e] of refused.entries()) {
      expect(e, targets[i]).toBeInstanceOf(TRPCError);
      expect((e as TRPCError).code, targets[i]).toBe("BAD_REQUEST");
      expect((e as TRPCError).message, targets[i]).toMatch(/webhook target refused: .* is a \w+ address/);
      expect(((e as TRPCError).cause as { data?: { reason?: string } }).data?.reason, targets[i]).toBe(
        "WEBHOOK_TARGET_REFUSED",
      );
    }
    const scheme = await t.caller.webhook
      .create({ url: "file:///etc/passwd", events: ["instance.started"] })
      .catch((e: unknown) => e);
    expect((scheme as TRPCError).code).toBe("BAD_REQUEST");
    expect({
      hooks: await t.db.prisma.webhook.findMany(),
      deliveries: await t.db.prisma.webhookDelivery.count(),
    }).toEqual(before);
    // A public address is accepted (nothing is sent at creation).
    const ok = await t.caller.webhook.create({
      url: "http://93.184.215.14/hook",
      events: ["instance.cancelled"],
    });
    await t.caller.webhook.deactivate({ id: ok.id });
  });

  it("refuses at delivery a target that now resolves to a loopback address: failed with the reason, nothing reaches the receiver", async () => {
    // As if the names were accepted before (DNS changed since, or the row predates the guard).
    const hooks = [
      `http://localhost:${receiver.port}/by-name`,
      `http://127.0.0.1:${receiver.port}/by-literal`,
    ].map((url) => ({
      id: randomUUID(),
      url,
      secret: "s".repeat(43),
      events: ["instance.started"],
      processKey: "guarded",
      createdAt: t.clock.now(),
    }));
    await t.db.prisma.webhook.createMany({ data: hooks });
    await t.caller.instance.start({ processKey: "guarded" });
    const deliveries = await eventually(
      async () =>
        (await t.caller.webhook.deliveries()).items.filter((d) => hooks.some((h) => h.id === d.webhookId)),
      (d) => d.length === 2 && d.every((x) => x.attempts === 1),
    );
    for (const d of deliveries) {
      expect(d).toMatchObject({ status: "failed", attempts: 1, lastStatus: null });
      expect(d.lastError).toMatch(
        /^webhook target refused: (localhost resolves to (127\.0\.0\.1|::1)|127\.0\.0\.1) is a loopback address/,
      );
      expect(d.log[0]!.error).toBe(d.lastError);
    }
    expect(received).toEqual([]);
  });
});
