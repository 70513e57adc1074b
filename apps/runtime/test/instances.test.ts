import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel, eitherModel, publishBuilt, setVariablesAction, signalAction } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { createServer } from "../src/server/createServer.ts";
import { issueTaskToken } from "../src/callbacks/taskToken.ts";
import { fetchJson } from "./support/http.ts";
import type { Database } from "../src/db/openDatabase.ts";
import { historyRecords } from "./support/historyRecords.ts";
import { fixtures } from "@flowstate/model/fixtures";
import { eventually } from "./support/eventually.ts";
import { refusal } from "./support/refusal.ts";
import { useTestContext } from "./support/useTestContext.ts";

/** Rows a refused event must leave exactly as they were. */
async function snapshot(db: Database, instanceId?: string) {
  const where = instanceId ? { instanceId } : {};
  return {
    instances: await db.prisma.instance.findMany({
      where: instanceId ? { id: instanceId } : {},
      orderBy: { id: "asc" },
    }),
    occurrences: await db.prisma.occurrence.findMany({
      where,
      orderBy: [{ instanceId: "asc" }, { id: "asc" }],
    }),
    history: await db.prisma.historyEvent.count({ where }),
    jobs: await db.prisma.job.findMany({ where, orderBy: { id: "asc" } }),
    tokens: await db.prisma.usedTaskToken.count(),
  };
}

// A sequence of automatic actions run by the real worker: a → b → end.
const pipeline = buildModel({
  key: "pipeline",
  nodes: [
    setVariablesAction("a", { total: "40 + 2" }),
    { id: "b", kind: "action", mode: "automatic", handler: "noop" },
    { id: "end", kind: "finalizer", outcome: "succeeded" },
  ],
  lines: [
    { from: "a", to: "b" },
    { from: "b", to: "end" },
  ],
});

// A human approval: approve or reject (forced choice via `or`), then finish.
const approval = eitherModel(
  "approval",
  { id: "approve", kind: "action", mode: "manual", code: "approval.approve" },
  { id: "reject", kind: "action", mode: "manual", code: "approval.reject" },
  "choice",
  "done",
);

describe("instances on PostgreSQL", () => {
  const t = useTestContext(
    "instances",
    async (t) => {
      await publishModel(t.ctx, pipeline);
      await publishModel(t.ctx, approval);
    },
    new Date(),
    { worker: true, workerOptions: { pollMs: 50 } },
  );

  it("runs automatic actions through the worker to the end, recording occurrences, firings and history", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "pipeline", businessKey: "p-1" });
    const row = await eventually(
      () => t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }),
      (r) => r.status !== "running",
    );
    expect(row.status).toBe("completed");
    expect(row.outcome).toBe("succeeded");
    expect(row.variables).toMatchObject({ total: 42 });
    const occurrences = await t.db.prisma.occurrence.findMany({ where: { instanceId, status: "completed" } });
    expect(occurrences.map((o) => o.nodeId).sort()).toEqual(["a", "b", "end"]);
    const firings = await t.db.prisma.firing.findMany({ where: { instanceId }, orderBy: { seq: "asc" } });
    expect(firings.map((f) => f.lineId)).toEqual(["l0", "l1"]);
    expect((await historyRecords(t.db, { instanceIds: [instanceId] })).length).toBeGreaterThan(3);
    expect(await t.db.prisma.job.count({ where: { instanceId } })).toBe(0);
  });

  it("refuses a business key already used by a running instance; 100 concurrent starts give exactly one instance", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        t.caller.instance.start({ processKey: "approval", businessKey: "same-key" }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused.every((r) => r.reason instanceof TRPCError && r.reason.code === "CONFLICT")).toBe(true);
    expect(await t.db.prisma.instance.count({ where: { businessKey: "same-key" } })).toBe(1);
  });

  it("performs a manual action; a second one closed by the `or` is refused with the explainer's reason and changes nothing", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "approval", businessKey: "a-1" });
    const before = await t.caller.instance.get({ id: instanceId });
    expect(before.unlocked.map((u) => u.nodeId).sort()).toEqual(["approve", "reject"]);
    await t.caller.instance.perform({
      instanceId,
      code: "approval.approve",
      input: { note: "fine" },
      actor: "alice",
    });
    const after = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    expect(after.status).toBe("completed");
    const frozen = await snapshot(t.db, instanceId);
    const refused = await refusal(t.caller.instance.perform({ instanceId, actionId: "reject" }));
    expect(refused.code).toBe("CONFLICT");
    expect((refused.cause as { data?: { rejection?: { code: string } } }).data?.rejection?.code).toBeTruthy();
    expect(await snapshot(t.db, instanceId)).toEqual(frozen);
  });

  it("lets only one of two concurrent performs through when only one is allowed", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "approval", businessKey: "race-1" });
    const results = await Promise.allSettled([
      t.caller.instance.perform({ instanceId, actionId: "approve" }),
      t.caller.instance.perform({ instanceId, actionId: "reject" }),
      t.caller.instance.perform({ instanceId, actionId: "approve" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      await t.db.prisma.occurrence.count({
        where: { instanceId, nodeId: { in: ["approve", "reject"] }, status: "completed" },
      }),
    ).toBe(1);
  });

  it("refuses unknown instances and actions with typed errors", async () => {
    expect((await refusal(t.caller.instance.get({ id: "00000000-0000-4000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );
    const { instanceId } = await t.caller.instance.start({ processKey: "approval" });
    const frozen = await snapshot(t.db, instanceId);
    const unknown = await refusal(t.caller.instance.perform({ instanceId, actionId: "nope" }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect((await refusal(t.caller.instance.perform({ instanceId }))).code).toBe("BAD_REQUEST");
    expect((await refusal(t.caller.instance.start({ processKey: "no-such-process" }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await snapshot(t.db, instanceId)).toEqual(frozen);
  });

  it("lists instances with filters and counts per state; cancels one", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "approval", businessKey: "list-me" });
    const found = await t.caller.instance.list({ processKey: "approval", businessKey: "list-me" });
    expect(found.items.map((i) => i.id)).toEqual([instanceId]);
    expect(found.countsByState.find((c) => c.stateId === "main")?.count).toBe(1);
    await t.caller.instance.cancel({ instanceId, reason: "test" });
    expect(
      (await t.caller.instance.list({ processKey: "approval", businessKey: "list-me", status: "cancelled" }))
        .items,
    ).toHaveLength(1);
    const tasks = await t.caller.task.list({ processKey: "approval" });
    expect(tasks.some((task) => task.instanceId === instanceId)).toBe(false);
  });
});

describe("callbacks and signals over HTTP", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let receiver: http.Server;
  const received: { token: string; url: string; idempotencyKey: string }[] = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      received.push({
        token: String(req.headers["flowstate-callback-token"]),
        url: String(req.headers["flowstate-callback-url"]),
        idempotencyKey: String(req.headers["idempotency-key"]),
      });
      req.resume();
      res.writeHead(202).end();
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rpa`;
    // The http handler calls the receiver on 127.0.0.1: allowed explicitly (the SSRF guard refuses loopback by default).
    t = await createTestContext("callbacks", new Date(), {
      worker: true,
      workerOptions: { pollMs: 50 },
      secret: "callback-test-secret-0123456789abcdef",
      httpAllowPrivate: true,
    });
    app = await createServer({ context: t.ctx, apiKeys: ["signal-key-1"], bodyLimit: 64 * 1024 });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    await publishBuilt(t.ctx, {
      key: "rpa",
      nodes: [
        {
          id: "call",
          kind: "action",
          mode: "automatic",
          handler: "http",
          input: { url: `"${receiverUrl}"`, body: "{ caseId: caseId }" },
          output: { agreement: "result.agreement" },
        },
        { id: "end", kind: "finalizer", outcome: "succeeded" },
      ],
      lines: [{ from: "call", to: "end" }],
    });
    await publishBuilt(t.ctx, {
      key: "sessions",
      nodes: [
        signalAction("login", "auth.login", "userId"),
        { id: "post", kind: "action", mode: "manual", code: "data.post", maxOccurs: 0 },
        { id: "logout", kind: "action", mode: "manual", code: "auth.logout" },
        { id: "end", kind: "finalizer", outcome: "succeeded" },
      ],
      lines: [
        { from: "login", to: "post" },
        { from: "post", to: "logout", kind: "limit" },
        { from: "login", to: "logout" },
        { from: "logout", to: "end" },
      ],
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    receiver?.close();
  });

  it("completes a pending action through its callback once; replays, forgeries, expired and stale tokens change nothing", async () => {
    const { instanceId } = await t.caller.instance.start({
      processKey: "rpa",
      businessKey: "cb-1",
      variables: { caseId: "C-1" },
    });
    await eventually(
      async () => received.length,
      (n) => n > 0,
    );
    const { token, url, idempotencyKey } = received[0]!;
    expect(url).toBe(`http://127.0.0.1:9/api/callbacks/${token}`);
    expect(idempotencyKey).toMatch(new RegExp(`^${instanceId}:call:o\\d+:1$`));
    const occurrence = await t.db.prisma.occurrence.findFirstOrThrow({
      where: { instanceId, nodeId: "call" },
    });
    expect(occurrence.status).toBe("running");

    const before = await snapshot(t.db, instanceId);
    /** The callback of `token` with an empty output. */
    const callBack = (token: string) =>
      fetchJson(`${base}/api/callbacks/${token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"output":{}}',
      });
    const forged = await fetchJson(`${base}/api/callbacks/${token.slice(0, -4)}AAAA`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(forged.status).toBe(401);
    const otherSecret = issueTaskToken(
      "a-different-secret-0123456789abcdef",
      { instanceId, occurrenceId: occurrence.id, attempt: 1 },
      new Date(),
      60_000,
    );
    expect((await callBack(otherSecret)).status).toBe(401);
    const expired = issueTaskToken(
      "callback-test-secret-0123456789abcdef",
      { instanceId, occurrenceId: occurrence.id, attempt: 1 },
      new Date(Date.now() - 120_000),
      60_000,
    );
    expect((await callBack(expired)).status).toBe(410);
    const stale = issueTaskToken(
      "callback-test-secret-0123456789abcdef",
      { instanceId, occurrenceId: occurrence.id, attempt: 7 },
      new Date(),
      60_000,
    );
    const staleRes = await callBack(stale);
    expect(staleRes.status).toBe(409);
    expect(staleRes.body.error.code).toBe("TOKEN_STALE");
    const malformed = await fetchJson(`${base}/api/callbacks/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"output": 5}',
    });
    expect(malformed.status).toBe(400);
    const oversize = await fetchJson(`${base}/api/callbacks/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ output: { pad: "x".repeat(70_000) } }),
    });
    expect(oversize.status).toBe(413);
    expect(await snapshot(t.db, instanceId)).toEqual(before);

    // The callback and its audit record commit together: when the record cannot be written, neither is the step (nor the token used).
    await t.db.prisma.$executeRawUnsafe(
      `ALTER TABLE audit_event ADD CONSTRAINT refuse_callback CHECK (NOT (action = 'POST /api/callbacks/:token' AND outcome = 'ok')) NOT VALID`,
    );
    try {
      const refused = await fetchJson(`${base}/api/callbacks/${token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ output: { agreement: "AG-7" } }),
      });
      expect(refused.status).toBe(500);
    } finally {
      await t.db.prisma.$executeRawUnsafe(`ALTER TABLE audit_event DROP CONSTRAINT refuse_callback`);
    }
    expect(await snapshot(t.db, instanceId)).toEqual(before);
    const callbackRecords = () =>
      t.db.prisma.auditEvent.count({ where: { action: "POST /api/callbacks/:token", outcome: "ok" } });
    const recordsBefore = await callbackRecords();

    const ok = await fetchJson(`${base}/api/callbacks/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ output: { agreement: "AG-7" } }),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ accepted: true, status: "completed" });
    const done = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    expect(done.variables).toMatchObject({ agreement: "AG-7" });
    expect(await callbackRecords()).toBe(recordsBefore + 1);

    const afterFirst = await snapshot(t.db, instanceId);
    const replay = await fetchJson(`${base}/api/callbacks/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ output: { agreement: "AG-8" } }),
    });
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatchObject({
      code: "TOKEN_ALREADY_USED",
      details: { outcome: { accepted: true, status: "completed" } },
    });
    expect(await snapshot(t.db, instanceId)).toEqual(afterFirst);
  });

  it("delivers signals by captured identifiers with an API key, de-duplicates by messageId and refuses what is not allowed", async () => {
    const post = (code: string, body: unknown, key: string | null = "signal-key-1") =>
      fetchJson(`${base}/api/signals/${code}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(body),
      });

    const noKey = await post("auth.login", { identifiers: { userId: "u1" } }, null);
    expect(noKey.status).toBe(401);
    const wrongKey = await post("auth.login", { identifiers: { userId: "u1" } }, "nope");
    expect(wrongKey.status).toBe(401);
    expect(await t.db.prisma.instance.count({ where: { process: { key: "sessions" } } })).toBe(0);

    // No session yet: login sits in the initial state, so the signal starts one.
    const login = await post("auth.login", {
      identifiers: { userId: "u1" },
      payload: { userId: "u1" },
      messageId: "m-1",
    });
    expect(login.status).toBe(200);
    const instanceId = login.body.started as string;
    expect(
      await t.db.prisma.identifier.findMany({ where: { instanceId }, select: { name: true, value: true } }),
    ).toEqual([{ name: "userId", value: "u1" }]);

    const again = await post("auth.login", {
      identifiers: { userId: "u1" },
      payload: { userId: "u1" },
      messageId: "m-1",
    });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(await t.db.prisma.instance.count({ where: { process: { key: "sessions" } } })).toBe(1);

    const postData = await post("data.post", {
      identifiers: { userId: "u1" },
      payload: { row: 1 },
      messageId: "m-2",
    });
    expect(postData.status).toBe(200);
    expect(postData.body.delivered).toEqual([{ instanceId, accepted: true }]);

    const frozen = await snapshot(t.db, instanceId);
    const secondLogin = await post("auth.login", {
      identifiers: { userId: "u1" },
      payload: { userId: "u1" },
      messageId: "m-3",
    });
    expect(secondLogin.status).toBe(409); // login completed already (maxOccurs 1): strict refusal with the reason
    expect(JSON.stringify(secondLogin.body)).toContain("rejection");
    expect(await snapshot(t.db, instanceId)).toEqual(frozen);

    expect((await post("no.such.code", { identifiers: {} })).status).toBe(404);
    expect((await post("data.post", { identifiers: { userId: "nobody" } })).status).toBe(404);
    // data.post is not a start action: no instance was started for the unmatched signal.
    expect(await t.db.prisma.instance.count({ where: { process: { key: "sessions" } } })).toBe(1);
    expect((await post("data.post", { identifiers: "bad" })).status).toBe(400);
  });

  it("a new login locks the user's older sessions (singleton, login-session fixture)", async () => {
    await publishModel(t.ctx, fixtures["login-session"]);
    const post = (code: string, body: unknown) =>
      fetchJson(`${base}/api/signals/${code}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer signal-key-1" },
        body: JSON.stringify(body),
      });
    const first = await post("auth.login", {
      identifiers: { sessionId: "s-1" },
      payload: { userId: "ann", sessionId: "s-1" },
    });
    expect(first.status).toBe(200);
    const second = await post("auth.login", {
      identifiers: { sessionId: "s-2" },
      payload: { userId: "ann", sessionId: "s-2" },
    });
    expect(second.status).toBe(200);
    // "sessions" (an earlier test's process) also has auth.login: each process gets its own session.
    expect(first.body.startedAll).toHaveLength(2);
    const loginSession = await t.db.prisma.process.findUniqueOrThrow({ where: { key: "login-session" } });
    const olderId = (
      await t.db.prisma.instance.findFirstOrThrow({
        where: { processId: loginSession.id, id: { in: first.body.startedAll } },
      })
    ).id;
    const newerId = (
      await t.db.prisma.instance.findFirstOrThrow({
        where: { processId: loginSession.id, id: { in: second.body.startedAll } },
      })
    ).id;
    const older = await eventually(
      () => t.db.prisma.instance.findUniqueOrThrow({ where: { id: olderId } }),
      (r) => r.status === "locked",
    );
    expect(older).toMatchObject({ status: "locked", lockedBy: newerId });
    expect((await t.db.prisma.instance.findUniqueOrThrow({ where: { id: newerId } })).status).toBe("running");
    // The locked session can no longer post data; its explanation says who locked it.
    const refused = await post("data.post", {
      identifiers: { sessionId: "s-1" },
      payload: { sessionId: "s-1" },
    });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain(newerId);
  });

  it("serves an OpenAPI document describing the outside endpoints", async () => {
    const doc = await fetchJson(`${base}/api/openapi.json`);
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/api/callbacks/{token}", "/api/signals/{code}", "/api/health"]),
    );
  });
});
