import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import { usePgliteRuntime } from "./support/usePglite.ts";
import type { TestContext } from "./support/testContext.ts";
import { oneAction, publishBuilt, signalAction } from "./support/models.ts";
import { fetchJson } from "./support/http.ts";
import { historyRecords } from "./support/historyRecords.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { createServer } from "../src/server/createServer.ts";
import { deliverSignalOnce } from "../src/instances/deliverSignal.ts";
import type { SignalResult } from "../src/instances/deliverSignal.ts";

// A process a bare signal starts (no identifiers, so no business key that would refuse a second start).
const pings = oneAction("pings", { code: "ping.go" });

// D3 of issue 18: a message id is claimed by a unique insert in the same transaction as the
// signal's effect, so concurrent duplicates cannot all pass a check before any of them wrote.
describe("signal message ids under concurrency (PostgreSQL, over HTTP)", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    t = await createTestContext("signal-messages", new Date());
    app = await createServer({ context: t.ctx, apiKeys: ["signal-key-1"] });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    await publishBuilt(t.ctx, {
      key: "orders",
      nodes: [
        signalAction("place", "order.place", "orderId"),
        { id: "note", kind: "action", mode: "manual", code: "order.note", maxOccurs: 0 },
      ],
      lines: [{ from: "place", to: "note" }],
    });
    await publishModel(t.ctx, pings);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const post = (code: string, body: unknown) =>
    fetchJson(`${base}/api/signals/${code}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer signal-key-1" },
      body: JSON.stringify(body),
    });

  it("20 simultaneous identical start signals start one instance and all get the first one's answer", async () => {
    const body = { messageId: "go-1" };
    const answers = await Promise.all(Array.from({ length: 20 }, () => post("ping.go", body)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const instances = await t.db.prisma.instance.findMany({
      where: { process: { key: "pings" } },
      select: { id: true },
    });
    expect(instances).toHaveLength(1);
    const instanceId = instances[0]!.id;
    const first = answers.filter((a) => !a.body.duplicate);
    expect(first).toHaveLength(1);
    expect(first[0]!.body).toEqual({
      delivered: [{ instanceId, accepted: true }],
      started: instanceId,
      startedAll: [instanceId],
    });
    // Every duplicate (concurrent ones included) gets what a sequential duplicate gets: the first one's outcome.
    for (const a of answers.filter((x) => x.body.duplicate))
      expect(a.body).toEqual({ duplicate: true, ...first[0]!.body });
    const sequential = await post("ping.go", body);
    expect(sequential).toMatchObject({ status: 200, body: { duplicate: true, started: instanceId } });
    expect(
      await t.db.prisma.signalMessage.findMany({
        where: { messageId: "go-1" },
        select: { code: true, outcome: true },
      }),
    ).toEqual([{ code: "ping.go", outcome: first[0]!.body }]);
  });

  it("20 simultaneous identical deliveries to a running instance have one effect: one step, one history record", async () => {
    const start = await post("order.place", {
      identifiers: { orderId: "o-2" },
      payload: { orderId: "o-2" },
      messageId: "go-2",
    });
    expect(start.status).toBe(200);
    const instanceId = start.body.started as string;
    const recordsBefore = await historyRecords(t.db, { instanceIds: [instanceId] });
    const stepsBefore = await t.db.prisma.historyEvent.count({ where: { instanceId } });
    const body = { identifiers: { orderId: "o-2" }, payload: { text: "hello" }, messageId: "note-1" };
    const answers = await Promise.all(Array.from({ length: 20 }, () => post("order.note", body)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
    for (const a of answers) expect(a.body.delivered).toEqual([{ instanceId, accepted: true }]);
    // One step (a step's records are one history row) recording the signal once and completing one occurrence.
    expect(await t.db.prisma.historyEvent.count({ where: { instanceId } })).toBe(stepsBefore + 1);
    const added = (await historyRecords(t.db, { instanceIds: [instanceId] })).slice(recordsBefore.length);
    expect(added.map((r) => r.type)).toEqual(["event", "occurrenceCompleted"]);
    expect(added[0]!.data).toMatchObject({
      event: { type: "signal", code: "order.note", messageId: "note-1" },
    });
    expect(await t.db.prisma.occurrence.count({ where: { instanceId, nodeId: "note" } })).toBe(1);
  });

  it("a refused signal leaves its message id unclaimed: the same id may be sent again once it can be delivered", async () => {
    const refused = await post("order.note", { identifiers: { orderId: "o-none" }, messageId: "late-1" });
    expect(refused.status).toBe(404);
    expect(await t.db.prisma.signalMessage.count({ where: { messageId: "late-1" } })).toBe(0);
    await post("order.place", {
      identifiers: { orderId: "o-none" },
      payload: { orderId: "o-none" },
      messageId: "go-3",
    });
    const delivered = await post("order.note", { identifiers: { orderId: "o-none" }, messageId: "late-1" });
    expect(delivered.status).toBe(200);
    expect(delivered.body.duplicate).toBeUndefined();
  });
});

// PGlite (one connection): the claim and the effect share the one transaction; concurrent callers queue.
describe("signal message ids under concurrency (PGlite)", () => {
  const p = usePgliteRuntime("pglite-signals", (p) => publishModel(p.runtime.rt, pings));

  it("20 simultaneous identical start signals start one instance", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        deliverSignalOnce(p.runtime.rt, "ping.go", {}, undefined, "go-1", "*"),
      ),
    );
    const instances = await p.db.prisma.instance.findMany({ select: { id: true } });
    expect(instances).toHaveLength(1);
    const firsts = answers.filter((a): a is SignalResult => !("duplicate" in a));
    expect(firsts).toEqual([
      {
        status: 200,
        body: {
          delivered: [{ instanceId: instances[0]!.id, accepted: true }],
          started: instances[0]!.id,
          startedAll: [instances[0]!.id],
        },
      },
    ]);
    for (const a of answers.filter((x) => "duplicate" in x))
      expect(a).toEqual({ duplicate: true, outcome: firsts[0]!.body });
  });
});
