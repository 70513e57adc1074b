import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { apiScopes, createV1Client } from "@flowstate/client";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { eventually } from "./support/eventually.ts";
import { fullKey, orderModel } from "./support/apiV1.ts";
import { createServer } from "../src/server/createServer.ts";

// The integrator's journey, against the REST API only (the server records every request path: no
// /trpc call): publish a model, start 10 instances, perform, signal, migrate after a dry run,
// revert one instance. The API key is configured (FLOWSTATE_API_KEYS), not made through tRPC.

describe("the integrator's journey over /api/v1 only", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  const paths: string[] = [];

  beforeAll(async () => {
    t = await createTestContext("api_v1_journey", new Date(), {
      worker: true,
      workerOptions: { pollMs: 30 },
    });
    app = await createServer({
      context: t.ctx,
      apiKeys: [`${fullKey}@signals+${apiScopes.join("+")}`],
      rateLimits: { loginPerMinute: 10, apiPerMinute: 10_000 },
    });
    app.addHook("onRequest", async (request) => {
      paths.push(request.url);
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it("publishes, starts 10, performs, signals, migrates after a dry run and reverts", async () => {
    const api = createV1Client({ baseUrl: base, apiKey: fullKey });

    // Publish a model: check it, create the draft, publish it.
    expect((await api.validateModel({ body: { model: orderModel(1) } })).valid).toBe(true);
    await api.createDraft(
      { params: { key: "order" }, body: { model: orderModel(1) } },
      { idempotencyKey: "journey-draft-1" },
    );
    await api.publishVersion(
      { params: { key: "order", n: "1" }, body: {} },
      { idempotencyKey: "journey-pub-1" },
    );

    // Start 10 instances (each with its Idempotency-Key: a retried start creates nothing more).
    const started = [];
    for (let i = 0; i < 10; i++) {
      const body = { processKey: "order", businessKey: `J-${i}`, variables: { amount: i * 10 } };
      started.push(await api.startInstance({ body }, { idempotencyKey: `journey-start-${i}` }));
    }
    await api.startInstance(
      { body: { processKey: "order", businessKey: "J-0", variables: { amount: 0 } } },
      {
        idempotencyKey: "journey-start-0",
      },
    );
    const running = await api.searchInstances({
      query: { processKey: "order", status: "running", limit: "100" },
    });
    expect(running.items).toHaveLength(10);

    // Perform: approve each (capturing its order id as an identifier).
    for (const [i, s] of started.entries())
      await api.performAction({
        params: { id: s.instanceId },
        body: { code: "approve", input: { orderId: `O-${i}` } },
      });
    const found = await api.searchInstances({ query: { identifierName: "orderId", identifierValue: "O-3" } });
    expect(found.items.map((x) => x.id)).toEqual([started[3]!.instanceId]);

    // Signal: order O-0 is paid; its instance completes.
    const delivered = await api.sendSignal({
      params: { code: "order.paid" },
      body: { identifiers: { orderId: "O-0" }, messageId: "pay-O-0" },
    });
    expect(delivered.delivered).toEqual([expect.objectContaining({ instanceId: started[0]!.instanceId })]);
    expect((await api.getInstance({ params: { id: started[0]!.instanceId } })).status).toBe("completed");

    // A new version, then a migration of the 9 running instances after a dry run.
    await api.createDraft({ params: { key: "order" }, body: { model: orderModel(2) } });
    await api.publishVersion({ params: { key: "order", n: "2" }, body: {} });
    const [v1, v2] = await Promise.all(
      ["1", "2"].map((n) => api.getVersion({ params: { key: "order", n } })),
    );
    const plan = { processKey: "order", sourceVersionIds: [v1!.id], targetVersionId: v2!.id };
    expect(await api.validateMigration({ body: { plan } })).toMatchObject({ ok: true });
    const dry = await api.dryRunMigration({ body: { plan, limit: 50 } });
    expect(dry.items).toHaveLength(9);
    const run = await api.startMigration({ body: { plan } }, { idempotencyKey: "journey-migrate" });
    const done = await eventually(
      () => api.getMigration({ params: { id: run.id } }),
      (r) => r.status === "completed",
    );
    expect(done).toMatchObject({ progress: { done: 9, failed: 0 } });
    const onV2 = await api.searchInstances({ query: { versionId: v2!.id, limit: "100" } });
    expect(onV2.items).toHaveLength(9);
    // The new version's action is unlocked on a migrated instance.
    const actions = await api.unlockedActions({ params: { id: started[5]!.instanceId } });
    expect(actions.actions.map((a) => a.nodeId)).toContain("note");

    // Revert one: it is back on v1 where it was.
    await api.revertMigration({ params: { id: run.id, instanceId: started[5]!.instanceId } });
    const reverted = await api.getInstance({ params: { id: started[5]!.instanceId } });
    expect(reverted).toMatchObject({ status: "running", version: { number: 1 } });
    expect((await api.searchInstances({ query: { versionId: v2!.id, limit: "100" } })).items).toHaveLength(8);

    // REST only: no request went to /trpc.
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !p.startsWith("/api/v1/"))).toEqual([]);
  });
});
