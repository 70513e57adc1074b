import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { FlowstateApiError, apiScopes, createV1Client, v1Routes } from "@flowstate/client";
import type { OperationId } from "@flowstate/client";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { eventually } from "./support/eventually.ts";
import { blockedOnLock } from "./support/waits.ts";
import { fetchJson } from "./support/http.ts";
import { rejection } from "./support/refusal.ts";
import { fullKey, orderModel, recordingClient, startApiServer } from "./support/apiV1.ts";
import { systemActor } from "../src/auth/Actor.ts";
import { buildModel } from "./support/models.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import { appRouter } from "../src/trpc/appRouter.ts";
import { createCallerFactory } from "../src/trpc/trpc.ts";

const createCaller = createCallerFactory(appRouter);

// Every /api/v1 route through real HTTP with an API key (typed `@flowstate/client` calls), against
// real PostgreSQL with a worker and the migration executor. The test fails if a route of the table
// was never answered successfully.

const thrown = (call: Promise<unknown>) => rejection(call, FlowstateApiError);

describe("/api/v1: every route through HTTP with an API key", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let api: ReturnType<typeof recordingClient>;

  beforeAll(async () => {
    t = await createTestContext("api_v1_routes", new Date(), { worker: true, workerOptions: { pollMs: 30 } });
    // Demo mode: the diagram route is a session route (the demo admin stands in for one).
    ({ app, base } = await startApiServer(t, { demoActor: systemActor("demo") }));
    api = recordingClient(base);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it("models and versions: validate, create a draft, publish, read, draw", async () => {
    const { client } = api;
    expect(await client.validateModel({ body: { model: orderModel(1) } })).toMatchObject({
      valid: true,
      key: "order",
    });
    const invalid = await client.validateModel({ body: { model: { formatVersion: 1, key: "x" } } });
    expect(invalid.valid).toBe(false);
    expect(invalid.problems.length).toBeGreaterThan(0);

    const draft = await client.createDraft({ params: { key: "order" }, body: { model: orderModel(1) } });
    expect(draft).toMatchObject({ processKey: "order", number: 1 });
    expect(await client.publishVersion({ params: { key: "order", n: "1" }, body: {} })).toBeDefined();
    const [listed] = await client.listProcesses({ query: { search: "ord" } });
    expect(listed).toMatchObject({ key: "order", versions: [{ number: 1, status: "published" }] });
    expect(await client.getProcess({ params: { key: "order" } })).toMatchObject({ key: "order" });
    expect(
      await client.setRetention({
        params: { key: "order" },
        body: { retentionDays: 90, retentionMode: "anonymise" },
      }),
    ).toEqual({ key: "order", retentionDays: 90, retentionMode: "anonymise" });
    const badRetention = await thrown(
      client.setRetention({
        params: { key: "order" },
        body: { retentionDays: -5, retentionMode: "anonymise" },
      }),
    );
    expect([badRetention.status, badRetention.code]).toEqual([400, "BAD_REQUEST"]);
    expect(await client.getProcess({ params: { key: "order" } })).toMatchObject({
      retentionDays: 90,
      retentionMode: "anonymise",
    });
    expect(await client.listVersions({ params: { key: "order" } })).toMatchObject([{ number: 1 }]);
    const v1 = await client.getVersion({ params: { key: "order", n: "1" } });
    expect(v1).toMatchObject({
      processKey: "order",
      number: 1,
      status: "published",
      model: { key: "order" },
    });
    expect(await client.versionDiagram({ params: { key: "order", n: "1" } })).toMatch(/<svg /);

    // A key whose model differs from the path is refused, and nothing is created.
    const wrong = await thrown(
      client.createDraft({ params: { key: "other" }, body: { model: orderModel(1) } }),
    );
    expect([wrong.status, wrong.code]).toEqual([400, "BAD_REQUEST"]);
    expect(await t.db.prisma.process.count()).toBe(1);
  });

  it("instances: start, search with cursor, get, unlocked actions, perform, history, cancel; tasks", async () => {
    const { client } = api;
    const first = await client.startInstance({ body: { processKey: "order", businessKey: "B-1" } });
    // Newest first by start time: the second starts a second later.
    t.clock.advance(1000);
    const second = await client.startInstance({
      body: { processKey: "order", businessKey: "B-2", variables: { n: 2 } },
    });
    expect(first).toMatchObject({ status: "running" });

    const page1 = await client.searchInstances({
      query: { processKey: "order", status: "running", limit: "1" },
    });
    expect(page1.items.map((i) => i.id)).toEqual([second.instanceId]);
    expect(page1.nextCursor).toBe(second.instanceId);
    const page2 = await client.searchInstances({
      query: { status: "running", limit: "1", cursor: page1.nextCursor! },
    });
    expect(page2.items.map((i) => i.id)).toEqual([first.instanceId]);
    expect((await client.searchInstances({ query: { businessKey: "B-2" } })).items).toHaveLength(1);

    expect(await client.getInstance({ params: { id: second.instanceId } })).toMatchObject({
      businessKey: "B-2",
      variables: { n: 2 },
    });
    const unlocked = await client.unlockedActions({ params: { id: first.instanceId } });
    expect(unlocked.actions.map((a) => a.nodeId)).toEqual(["approve"]);
    expect(unlocked.actions[0]!.explanation).toBeTruthy();

    await client.performAction({
      params: { id: first.instanceId },
      body: { code: "approve", input: { orderId: "O-1" } },
    });
    const byIdentifier = await client.searchInstances({
      query: { identifierName: "orderId", identifierValue: "O-1" },
    });
    expect(byIdentifier.items.map((i) => i.id)).toEqual([first.instanceId]);
    // The REST search calls the procedure's function without the procedure: both answer the same.
    const procedure = createCaller({ ...t.ctx, actor: systemActor() }).instance;
    for (const [query, input] of [
      [
        { identifierName: "orderId", identifierValue: "O-1" },
        { identifier: { name: "orderId", value: "O-1" } },
      ],
      [
        { processKey: "order", status: "running", limit: "1" },
        { processKey: "order", status: "running", limit: 1 },
      ],
      [{ businessKey: "B-" }, { businessKey: "B-" }],
    ] as const)
      expect(await client.searchInstances({ query })).toEqual(
        JSON.parse(JSON.stringify(await procedure.list(input))),
      );

    const tasks = await client.listTasks({ query: { processKey: "order" } });
    expect(tasks.map((k) => [k.instanceId, k.actionId]).sort()).toEqual(
      [
        [first.instanceId, "paid"],
        [second.instanceId, "approve"],
      ].sort(),
    );
    // Tasks are claimed for, assigned to and taken from users by name; a refusal changes nothing.
    const wendy = await createUser(t.db, {
      username: "wendy",
      displayName: "Wendy Worker",
      password: "a long enough password",
      roles: ["worker"],
    });
    const task = { id: second.instanceId, actionId: "approve" };
    expect(await client.claimTask({ params: task, body: { username: "wendy" } })).toEqual({
      instanceId: second.instanceId,
      actionId: "approve",
      assignee: { id: wendy.id, name: "Wendy Worker" },
      followUpAt: null,
    });
    expect(
      (await client.listTasks({ query: { processKey: "order", view: "unassigned" } })).map((k) => k.actionId),
    ).toEqual(["paid"]);
    const seqBefore = (await client.getInstance({ params: { id: second.instanceId } })).seq;
    await createUser(t.db, { username: "vince", password: "a long enough password", roles: ["viewer"] });
    const taken = await thrown(client.claimTask({ params: task, body: { username: "vince" } }));
    expect([taken.status, taken.code]).toEqual([400, "BAD_REQUEST"]);
    expect((await client.getInstance({ params: { id: second.instanceId } })).seq).toBe(seqBefore);
    expect((await client.unclaimTask({ params: task })).assignee).toBeNull();
    expect((await client.assignTask({ params: task, body: { username: "wendy" } })).assignee).toMatchObject({
      name: "Wendy Worker",
    });
    expect(
      await client.setTaskFollowUp({ params: task, body: { followUp: "2027-01-05T09:00:00+01:00" } }),
    ).toMatchObject({ assignee: { name: "Wendy Worker" }, followUpAt: "2027-01-05T08:00:00.000Z" });
    const badDate = await thrown(client.setTaskFollowUp({ params: task, body: { followUp: "tomorrow" } }));
    expect([badDate.status, badDate.code]).toEqual([400, "BAD_REQUEST"]);
    expect((await client.setTaskFollowUp({ params: task, body: { followUp: null } })).followUpAt).toBeNull();
    expect((await client.assignTask({ params: task, body: { username: null } })).assignee).toBeNull();
    const unassigned = await thrown(client.unclaimTask({ params: task }));
    expect([unassigned.status, unassigned.code]).toEqual([409, "CONFLICT"]);
    expect(
      await client.completeTask({
        params: { id: second.instanceId, actionId: "approve" },
        body: { input: { orderId: "O-2" } },
      }),
    ).toMatchObject({ instanceId: second.instanceId, status: "running" });

    const history = await client.instanceHistory({ params: { id: first.instanceId }, query: { limit: "1" } });
    expect(history.items).toHaveLength(1);
    const rest = await client.instanceHistory({
      params: { id: first.instanceId },
      query: { after: history.nextCursor! },
    });
    expect(rest.items.length).toBeGreaterThan(0);
    expect(rest.items[0]!.id).not.toBe(history.items[0]!.id);

    expect(
      await client.sendSignal({ params: { code: "order.paid" }, body: { identifiers: { orderId: "O-1" } } }),
    ).toMatchObject({
      delivered: [{ instanceId: first.instanceId }],
    });
    expect((await client.getInstance({ params: { id: first.instanceId } })).status).toBe("completed");

    expect(
      await client.cancelInstance({ params: { id: second.instanceId }, body: { reason: "customer left" } }),
    ).toMatchObject({
      status: "cancelled",
    });
  });

  it("migrations: plan, dry run, start, list, status, items, pause, resume, retry, revert", async () => {
    const { client } = api;
    const started = await Promise.all(
      [3, 4].map((n) => client.startInstance({ body: { processKey: "order", businessKey: `B-${n}` } })),
    );
    await client.createDraft({ params: { key: "order" }, body: { fromVersion: 1 } });
    await client.publishVersion({ params: { key: "order", n: "2" }, body: {} });
    const [v1, v2] = await Promise.all(
      ["1", "2"].map((n) => client.getVersion({ params: { key: "order", n } })),
    );
    const plan = { processKey: "order", sourceVersionIds: [v1!.id], targetVersionId: v2!.id };
    expect(await client.validateMigration({ body: { plan } })).toMatchObject({ ok: true });
    const dry = await client.dryRunMigration({ body: { plan } });
    expect(dry.items).toHaveLength(2);

    // One instance per chunk, a long pause between chunks: the run is still running when paused.
    const run = await client.startMigration({ body: { plan, pace: { chunkSize: 1, chunkDelayMs: 60_000 } } });
    expect(run.status).toBe("running");
    const migrated = await eventually(
      () => client.migrationItems({ params: { id: run.id }, query: { status: "migrated" } }),
      (page) => page.items.length === 1,
    );
    expect(await client.pauseMigration({ params: { id: run.id } })).toMatchObject({ status: "paused" });
    expect(await client.resumeMigration({ params: { id: run.id } })).toMatchObject({ status: "running" });
    expect(await client.retryMigration({ params: { id: run.id } })).toMatchObject({ id: run.id });
    expect((await client.listMigrations({ query: { processKey: "order" } })).map((r) => r.id)).toEqual([
      run.id,
    ]);
    expect(await client.getMigration({ params: { id: run.id } })).toMatchObject({
      id: run.id,
      processKey: "order",
    });

    const instanceId = (migrated.items[0] as { instanceId: string }).instanceId;
    expect(started.map((s) => s.instanceId)).toContain(instanceId);
    await client.revertMigration({ params: { id: run.id, instanceId } });
    expect((await client.getInstance({ params: { id: instanceId } })).version).toMatchObject({ number: 1 });
  });

  it("refuses a key without the route's scope (403) or outside its processes, and no key (401), in the one shape", async () => {
    const admin = t.caller;
    const { key: readOnly } = await admin.apiKey.create({
      name: "reader",
      scopes: ["instances:read"],
      processes: ["*"],
    });
    const reader = createV1Client({ baseUrl: base, apiKey: readOnly });
    const before = await t.db.prisma.instance.count();
    const refused = await thrown(reader.startInstance({ body: { processKey: "order" } }));
    expect([refused.status, refused.code, refused.details]).toEqual([
      403,
      "FORBIDDEN",
      { scope: "instances:write" },
    ]);
    expect(await t.db.prisma.instance.count()).toBe(before);
    expect((await reader.searchInstances({ query: {} })).items.length).toBe(before);
    // Audited once each: the refused scope by the route, a call that reached its procedure there.
    const refusedAudit = await t.db.prisma.auditEvent.findMany({
      where: { action: "POST /api/v1/instances" },
    });
    expect(refusedAudit).toMatchObject([{ outcome: "denied", actorName: "api-key:reader" }]);
    const since = (await t.db.prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id!;
    await createV1Client({ baseUrl: base, apiKey: fullKey }).startInstance({
      body: { processKey: "order" },
    });
    expect(
      await t.db.prisma.auditEvent.findMany({
        where: { id: { gt: since } },
        select: { action: true, outcome: true, actorName: true },
      }),
    ).toEqual([
      {
        action: "instance.start",
        outcome: "ok",
        actorName: "api-key:FLOWSTATE_API_KEYS",
      },
    ]);

    const { key: elsewhere } = await admin.apiKey.create({
      name: "elsewhere",
      scopes: [...apiScopes],
      processes: ["other"]
        .filter(() => false)
        .concat(["order"])
        .map(() => "order"),
    });
    const scoped = createV1Client({ baseUrl: base, apiKey: elsewhere });
    expect((await scoped.listProcesses({})).map((p) => p.key)).toEqual(["order"]);
    const noProcess = await thrown(scoped.searchInstances({ query: {} }));
    expect([noProcess.status, noProcess.code]).toEqual([403, "FORBIDDEN"]);

    const anonymous = await fetchJson(`${base}/api/v1/processes`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
  });

  it("Idempotency-Key: the same key and body answer the first success again; another body is 409; per API key", async () => {
    const { client } = api;
    const body = { processKey: "order", businessKey: "IDEM-1" };
    const once = await client.startInstance({ body }, { idempotencyKey: "start-idem-1" });
    const again = await client.startInstance({ body }, { idempotencyKey: "start-idem-1" });
    expect(again).toEqual(once);
    expect(await t.db.prisma.instance.count({ where: { businessKey: "IDEM-1" } })).toBe(1);
    const before = await t.db.prisma.instance.count();
    const reused = await thrown(
      client.startInstance({ body: { ...body, businessKey: "IDEM-2" } }, { idempotencyKey: "start-idem-1" }),
    );
    expect([reused.status, reused.code]).toEqual([409, "IDEMPOTENCY_KEY_REUSED"]);
    expect(await t.db.prisma.instance.count()).toBe(before);
    const stored = await t.db.prisma.idempotencyKey.findMany({ where: { key: "start-idem-1" } });
    expect(stored).toMatchObject([{ operation: "startInstance", status: 201, response: once }]);

    // A refused first request frees the key: nothing was created, and a corrected retry may use it.
    const failed = await thrown(
      client.startInstance({ body: { processKey: "nope" } }, { idempotencyKey: "start-idem-2" }),
    );
    expect([failed.status, failed.code]).toEqual([404, "NOT_FOUND"]);
    expect(await t.db.prisma.idempotencyKey.count({ where: { key: "start-idem-2" } })).toBe(0);
    const retried = await client.startInstance(
      { body: { processKey: "order" } },
      { idempotencyKey: "start-idem-2" },
    );
    expect(retried.status).toBe("running");

    // Another API key's use of the same Idempotency-Key is its own.
    const { key: other } = await t.caller.apiKey.create({
      name: "other",
      scopes: ["instances:write"],
      processes: ["*"],
    });
    const otherClient = createV1Client({ baseUrl: base, apiKey: other });
    const theirs = await otherClient.startInstance(
      { body: { processKey: "order" } },
      { idempotencyKey: "start-idem-1" },
    );
    expect(theirs.instanceId).not.toBe(once.instanceId);

    const bad = await fetchJson(`${base}/api/v1/instances`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${fullKey}`,
        "idempotency-key": "a b",
      },
      body: JSON.stringify(body),
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, "BAD_REQUEST"]);
  });

  it("instances: move after a dry run, edit variables; refusals leave the instance as it was", async () => {
    const { client } = api;
    const ticket = buildModel({
      key: "ticket",
      states: [
        { id: "triage", name: "Triage", initial: true },
        { id: "work", name: "Work" },
      ],
      nodes: [
        { id: "assess", name: "Assess", kind: "action", mode: "manual" },
        { id: "fix", name: "Fix", kind: "action", mode: "manual", stateId: "work" },
      ],
    });
    await client.createDraft({ params: { key: "ticket" }, body: { model: ticket } });
    await client.publishVersion({ params: { key: "ticket", n: "1" }, body: { acceptWarnings: true } });
    const { instanceId } = await client.startInstance({
      body: { processKey: "ticket", variables: { amount: 1 } },
    });
    const params = { id: instanceId };
    const dry = await client.moveInstanceDryRun({ params, body: { stateId: "work" } });
    expect(dry).toMatchObject({
      ok: true,
      from: { name: "Triage" },
      to: { name: "Work" },
      becomesUnlocked: [{ nodeId: "fix", name: "Fix" }],
      noLongerUnlocked: [{ nodeId: "assess", name: "Assess" }],
    });

    const refusals = [
      () => client.moveInstance({ params, body: { stateId: "nowhere", reason: "r" } }),
      () => client.moveInstance({ params, body: { stateId: "triage", reason: "r" } }),
      () => client.moveInstance({ params, body: { stateId: "work", reason: " " } }),
      () => client.moveInstance({ params, body: { stateId: "work", reason: "r", expectedSeq: dry.seq + 1 } }),
      () =>
        client.setInstanceVariables({
          params,
          body: { variables: { amount: 2 }, reason: "r", expectedSeq: 0 },
        }),
    ];
    const codes = [];
    for (const refusal of refusals) {
      const error = await thrown(refusal());
      codes.push(`${error.status} ${error.code}`);
    }
    expect(codes).toEqual([
      "404 NOT_FOUND",
      "409 CONFLICT",
      "400 BAD_REQUEST",
      "409 CONFLICT",
      "409 CONFLICT",
    ]);
    expect(await client.getInstance({ params })).toMatchObject({
      seq: dry.seq,
      currentStateId: "triage",
      variables: { amount: 1 },
    });

    expect(
      await client.moveInstance({
        params,
        body: { stateId: "work", reason: "papers in", expectedSeq: dry.seq },
      }),
    ).toMatchObject({ instanceId, currentStateId: "work" });
    const { seq } = await client.getInstance({ params });
    expect(
      await client.setInstanceVariables({
        params,
        body: { variables: { amount: 2 }, reason: "typo", expectedSeq: seq },
      }),
    ).toMatchObject({ instanceId, status: "running" });
    const read = await client.getInstance({ params });
    expect(read).toMatchObject({ currentStateId: "work", variables: { amount: 2 } });
    const history = await client.instanceHistory({ params, query: {} });
    const types = history.items.map((i) => (i as { type?: string }).type);
    expect(types).toContain("moved");
    expect(types).toContain("variablesChanged");
  });

  it("bulk operations: create (Idempotency-Key), status, items, pause, resume", async () => {
    const { client } = api;
    const ids = (
      await Promise.all(
        [1, 2, 3].map((n) =>
          client.startInstance({ body: { processKey: "order", businessKey: `BULK-${n}` } }),
        ),
      )
    ).map((s) => s.instanceId);
    // One instance's row is held locked by another session: the run cannot finish while it waits.
    const blocker = await t.db.pool!.connect();
    let runId = "";
    try {
      await blocker.query("BEGIN");
      await blocker.query(`SELECT id FROM instance WHERE id = $1::uuid FOR UPDATE`, [ids[0]]);
      const body = {
        processKey: "order",
        operation: { type: "cancel" as const, reason: "bulk over REST" },
        filter: { businessKey: "BULK-", status: "running" as const },
      };
      const run = await client.createBulkOperation({ body }, { idempotencyKey: "bulk-idem-1" });
      expect(run).toMatchObject({ status: "running", progress: { total: 3 } });
      runId = run.id;
      const replayed = await client.createBulkOperation({ body }, { idempotencyKey: "bulk-idem-1" });
      expect(replayed.id).toBe(run.id);
      expect(await t.db.prisma.bulkRun.count()).toBe(1);
      await blockedOnLock(t.db);
      expect(await client.pauseBulkOperation({ params: { id: run.id } })).toMatchObject({ status: "paused" });
      expect(await client.resumeBulkOperation({ params: { id: run.id } })).toMatchObject({
        status: "running",
      });
      await blocker.query("COMMIT");
    } finally {
      blocker.release();
    }
    const done = await eventually(
      () => client.getBulkOperation({ params: { id: runId } }),
      (r) => r.status === "completed",
    );
    expect(done.progress).toEqual({ total: 3, done: 3, failed: 0, pending: 0 });
    const items = await client.bulkOperationItems({ params: { id: done.id }, query: { status: "done" } });
    expect(items.items.map((i) => i.instanceId).sort()).toEqual([...ids].sort());
    expect(await t.db.prisma.instance.count({ where: { id: { in: ids }, status: "cancelled" } })).toBe(3);
    const resumedAgain = await thrown(client.resumeBulkOperation({ params: { id: done.id } }));
    expect([resumedAgain.status, resumedAgain.code]).toEqual([412, "PRECONDITION_FAILED"]);
  });

  it("versions: a draft's failing scenarios refuse the publish (412 SCENARIOS_FAILED) until overridden with a reason", async () => {
    const { client } = api;
    const draft = await client.createDraft({
      params: { key: "proven" },
      body: { model: { ...orderModel(1), key: "proven" } },
    });
    const scenarios = [
      { name: "approves", steps: [{ perform: "approve", input: { orderId: "O-1" } }] },
      {
        name: "expects the wrong state",
        steps: [{ perform: "approve", input: { orderId: "O-2" }, expect: { state: "nowhere" } }],
      },
    ];
    await t.caller.version.saveScenarios({ id: draft.versionId, scenarios });
    expect(await client.versionScenarios({ params: { key: "proven", n: "1" } })).toEqual({
      formatVersion: 1,
      process: "proven",
      scenarios,
    });

    const refused = await thrown(client.publishVersion({ params: { key: "proven", n: "1" }, body: {} }));
    expect([refused.status, refused.code]).toEqual([412, "PRECONDITION_FAILED"]);
    expect(refused.details).toMatchObject({
      reason: "SCENARIOS_FAILED",
      failures: [{ scenario: "expects the wrong state", stepIndex: 0, step: "perform “approve”" }],
    });
    expect(await client.listVersions({ params: { key: "proven" } })).toMatchObject([
      { number: 1, status: "draft" },
    ]);
    const noReason = await thrown(
      client.publishVersion({ params: { key: "proven", n: "1" }, body: { override: { reason: "" } } }),
    );
    expect([noReason.status, noReason.code]).toEqual([400, "BAD_REQUEST"]);

    await client.publishVersion({
      params: { key: "proven", n: "1" },
      body: { override: { reason: "known gap, ticket 42" } },
    });
    expect(await client.listVersions({ params: { key: "proven" } })).toMatchObject([
      { number: 1, status: "published" },
    ]);
    const record = await t.db.prisma.auditEvent.findFirst({
      where: { action: "version.publish", versionId: draft.versionId, outcome: "ok" },
    });
    expect(record?.detail).toMatchObject({
      override: {
        reason: "known gap, ticket 42",
        failingScenarios: [{ scenario: "expects the wrong state" }],
      },
    });
    const missing = await thrown(client.versionScenarios({ params: { key: "proven", n: "9" } }));
    expect([missing.status, missing.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("versions: deprecating stops new starts, the running instance continues, a draft or a deprecated version is refused unchanged", async () => {
    const { client } = api;
    await client.createDraft({
      params: { key: "retired" },
      body: { model: { ...orderModel(1), key: "retired" } },
    });
    await client.publishVersion({ params: { key: "retired", n: "1" }, body: {} });
    const running = await client.startInstance({ body: { processKey: "retired", businessKey: "R-1" } });
    expect(await client.deprecateVersion({ params: { key: "retired", n: "1" }, body: {} })).toMatchObject({
      processKey: "retired",
      number: 1,
      status: "deprecated",
    });
    const start = await thrown(client.startInstance({ body: { processKey: "retired" } }));
    expect([start.status, start.code]).toEqual([412, "PRECONDITION_FAILED"]);
    expect(start.message).toBe('"retired" has no published version (v1 was deprecated)');
    expect(await client.getInstance({ params: { id: running.instanceId } })).toMatchObject({
      status: "running",
    });
    const again = await thrown(client.deprecateVersion({ params: { key: "retired", n: "1" }, body: {} }));
    expect([again.status, again.message]).toEqual([412, "v1 is deprecated already"]);
    // The last instance ends: the version becomes inactive.
    await client.cancelInstance({ params: { id: running.instanceId }, body: { reason: "retired" } });
    await eventually(
      async () => (await client.listVersions({ params: { key: "retired" } }))[0]?.status,
      (status) => status === "inactive",
    );
    const draft = await client.createDraft({
      params: { key: "retired" },
      body: { model: { ...orderModel(1), key: "retired", name: "Retired 2" } },
    });
    const before = await t.db.prisma.version.findUniqueOrThrow({ where: { id: draft.versionId } });
    const ofDraft = await thrown(client.deprecateVersion({ params: { key: "retired", n: "2" }, body: {} }));
    expect([ofDraft.status, ofDraft.message]).toEqual([
      412,
      "v2 is a draft: only a published version can be deprecated",
    ]);
    expect(await t.db.prisma.version.findUniqueOrThrow({ where: { id: draft.versionId } })).toEqual(before);
  });

  it("versions: PUT …/scenarios replaces a draft's scenarios; a bad file, another process or a published version changes nothing", async () => {
    const { client } = api;
    await client.createDraft({
      params: { key: "saved" },
      body: { model: { ...orderModel(1), key: "saved" } },
    });
    const params = { key: "saved", n: "1" };
    const scenarios = [{ name: "approves", steps: [{ perform: "approve", input: { orderId: "O-1" } }] }];
    const file = { formatVersion: 1 as const, process: "saved", scenarios };
    expect(await client.saveVersionScenarios({ params, body: file })).toEqual(file);
    expect(await client.versionScenarios({ params })).toEqual(file);

    const badStep = await thrown(
      client.saveVersionScenarios({
        params,
        body: { ...file, scenarios: [{ name: "broken", steps: [{ jump: "nowhere" }] }] },
      }),
    );
    expect([badStep.status, badStep.code]).toEqual([400, "BAD_REQUEST"]);
    const duplicate = await thrown(
      client.saveVersionScenarios({ params, body: { ...file, scenarios: [...scenarios, ...scenarios] } }),
    );
    expect([duplicate.status, duplicate.code]).toEqual([400, "BAD_REQUEST"]);
    const otherProcess = await thrown(
      client.saveVersionScenarios({ params, body: { ...file, process: "order" } }),
    );
    expect([otherProcess.status, otherProcess.code]).toEqual([400, "BAD_REQUEST"]);
    const notAFile = await thrown(
      client.saveVersionScenarios({ params, body: { scenarios } as unknown as typeof file }),
    );
    expect([notAFile.status, notAFile.code]).toEqual([400, "BAD_REQUEST"]);
    expect(await client.versionScenarios({ params })).toEqual(file);

    await client.publishVersion({ params, body: {} });
    const published = await thrown(client.saveVersionScenarios({ params, body: { ...file, scenarios: [] } }));
    expect([published.status, published.code]).toEqual([412, "PRECONDITION_FAILED"]);
    expect(await client.versionScenarios({ params })).toEqual(file);
  });

  it("answered every route of the table", () => {
    const expected = (Object.keys(v1Routes) as OperationId[]).filter((op) => {
      const auth = v1Routes[op].auth;
      return (
        (apiScopes as readonly string[]).includes(auth) || op === "versionDiagram" || op === "sendSignal"
      );
    });
    expect(expected.filter((op) => !api.succeeded.has(op))).toEqual([]);
  });
});
