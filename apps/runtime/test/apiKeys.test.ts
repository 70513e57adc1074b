import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel, oneAction, signalAction } from "./support/models.ts";
import { fetchJson } from "./support/http.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { createServer } from "../src/server/createServer.ts";
import { appRouter } from "../src/trpc/appRouter.ts";
import { createCallerFactory } from "../src/trpc/trpc.ts";
import type { Actor } from "../src/auth/Actor.ts";

// API keys created in the modeler, used over real HTTP against real PostgreSQL: shown once,
// stored as digests, scoped to processes and handlers, revocable, expiring, last-used time.

const createCaller = createCallerFactory(appRouter);
const admin: Actor = {
  kind: "user",
  id: "00000000-0000-4000-8000-0000000000a1",
  name: "ada",
  roles: ["admin"],
  groups: [],
};
const envKey = "configured-env-key-0001";

const signalModel = (key: string, extra: boolean) =>
  buildModel({
    key,
    nodes: [
      signalAction("placed", "order.placed", "orderId"),
      ...(extra ? [{ id: "shipped", kind: "action", mode: "manual", code: "order.shipped" }] : []),
      { id: "end", kind: "finalizer", outcome: "succeeded" },
    ],
    lines: extra
      ? [
          { from: "placed", to: "shipped" },
          { from: "shipped", to: "end" },
        ]
      : [{ from: "placed", to: "end" }],
  });

const jobModel = (key: string) =>
  oneAction(key, { id: "work", mode: "automatic", handler: "remote.work", output: { result: "result" } });

describe("API keys from the modeler", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  const asAdmin = () => createCaller({ ...t.ctx, actor: admin });
  const post = (path: string, body: unknown, key: string | null) =>
    fetchJson(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  const signal = (code: string, orderId: string, key: string) =>
    post(`/api/signals/${code}`, { identifiers: { orderId }, payload: { orderId } }, key);
  const countOf = (processKey: string) =>
    t.db.prisma.instance.count({ where: { process: { key: processKey } } });
  /** Everything a refused call must leave as it was. */
  const snapshot = async () => ({
    instances: await t.db.prisma.instance.findMany({
      orderBy: { id: "asc" },
      select: { id: true, seq: true, status: true, state: true, variables: true },
    }),
    jobs: await t.db.prisma.job.findMany({ orderBy: { id: "asc" } }),
    history: await t.db.prisma.historyEvent.count(),
    identifiers: await t.db.prisma.identifier.count(),
  });
  /** The newest audit record (REST calls are audited in onResponse, after the answer: poll for it). */
  const lastAudit = () => t.db.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

  beforeAll(async () => {
    t = await createTestContext("api_keys", new Date("2026-03-02T08:00:00Z"), {
      remoteHandlers: ["remote.work", "remote.other"],
    });
    await publishModel(t.ctx, signalModel("alpha", true));
    await publishModel(t.ctx, signalModel("beta", false));
    await publishModel(t.ctx, jobModel("jobs-a"));
    await publishModel(t.ctx, jobModel("jobs-b"));
    app = await createServer({ context: t.ctx, apiKeys: [`${envKey}@signals+handler:*`] });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  /** An API key for remote job workers: `handlers` of `processes`, no signals. */
  const workerKey = (name: string, handlers: string[], processes: string[]) =>
    asAdmin().apiKey.create({ name, handlers, processes });

  it("shows a new key once: list never returns it, the row keeps only its SHA-256 digest, and the key works", async () => {
    const created = await asAdmin().apiKey.create({
      name: "shop",
      description: "the web shop",
      signals: true,
      handlers: [],
      processes: ["alpha"],
    });
    expect(created.key).toMatch(/^fsk_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: "shop",
      prefix: created.key.slice(0, 12),
      signals: true,
      handlers: [],
      processes: ["alpha"],
      createdBy: "ada",
      status: "active",
      revokedAt: null,
      lastUsedAt: null,
    });

    const listed = await asAdmin().apiKey.list();
    expect(listed.map((k) => k.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(12));
    expect(Object.keys(listed[0]!)).not.toContain("key");
    expect(Object.keys(listed[0]!)).not.toContain("digest");

    // At rest: the digest, never the key (every column of the row, as text).
    const rows = await t.db.prisma.$queryRawUnsafe<{ row: string; digest: string }[]>(
      `SELECT row_to_json(k)::text AS row, encode(k.digest, 'hex') AS digest FROM api_key k WHERE id = $1::uuid`,
      created.id,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(created.key.slice(4));
    expect(rows[0]!.digest).toBe(createHash("sha256").update(created.key).digest("hex"));
    // Nor in the audit log.
    const audit = await t.db.prisma.$queryRawUnsafe<{ all: string }[]>(
      `SELECT coalesce(string_agg(row_to_json(a)::text, ''), '') AS all FROM audit_event a`,
    );
    expect(audit[0]!.all).not.toContain(created.key.slice(4));
    const createdRecord = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "apiKey.create" },
      orderBy: { id: "desc" },
    });
    expect(createdRecord).toMatchObject({ actorName: "ada", outcome: "ok", detail: { name: "shop" } });

    const used = await signal("order.placed", "A-1", created.key);
    expect(used.status).toBe(200);
    expect(await countOf("alpha")).toBe(1);
    expect(await countOf("beta")).toBe(0);
    await expect.poll(lastAudit).toMatchObject({
      action: "POST /api/signals/:code",
      outcome: "ok",
      actorName: "api-key:shop",
      actorId: created.id,
      detail: { keyPrefix: created.prefix },
    });
  });

  it("records the last use at most once a minute", async () => {
    const created = await asAdmin().apiKey.create({ name: "clocked", signals: true, processes: ["beta"] });
    const lastUsed = async () =>
      (await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    const t0 = t.clock.now();
    expect((await signal("order.placed", "L-1", created.key)).status).toBe(200);
    expect(await lastUsed()).toEqual(t0);
    t.clock.advance(30_000);
    expect((await signal("order.placed", "L-2", created.key)).status).toBe(200);
    expect(await lastUsed()).toEqual(t0);
    t.clock.advance(31_000);
    expect((await signal("order.placed", "L-3", created.key)).status).toBe(200);
    expect(await lastUsed()).toEqual(t.clock.now());
    expect((await asAdmin().apiKey.list()).find((k) => k.id === created.id)?.lastUsedAt).toEqual(
      t.clock.now(),
    );
  });

  it("refuses a signal outside the key's processes (403 OUT_OF_SCOPE) and correlates only within them", async () => {
    const alphaKey = await asAdmin().apiKey.create({
      name: "alpha-only",
      signals: true,
      processes: ["alpha"],
    });
    const betaKey = await asAdmin().apiKey.create({ name: "beta-only", signals: true, processes: ["beta"] });
    const started = await signal("order.placed", "X-1", alphaKey.key);
    expect(started.status).toBe(200);
    const alphaInstance = started.body.started as string;

    // order.shipped exists only in alpha: the beta key may not send it, and nothing changes.
    const before = await snapshot();
    const refused = await signal("order.shipped", "X-1", betaKey.key);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: { code: "OUT_OF_SCOPE", message: expect.stringContaining("order.shipped") },
    });
    expect(await snapshot()).toEqual(before);
    await expect.poll(lastAudit).toMatchObject({
      action: "POST /api/signals/:code",
      outcome: "denied",
      actorName: "api-key:beta-only",
      detail: { status: 403, signal: "order.shipped" },
    });

    // order.placed exists in both: the beta key correlates and starts within beta only; the alpha
    // instance with the same identifier is not touched.
    const alphaBefore = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: alphaInstance } });
    const betaCount = await countOf("beta");
    const inBeta = await signal("order.placed", "X-1", betaKey.key);
    expect(inBeta.status).toBe(200);
    expect(inBeta.body.startedAll).toHaveLength(1);
    const startedInBeta = await t.db.prisma.instance.findUniqueOrThrow({
      where: { id: inBeta.body.started as string },
      include: { process: true },
    });
    expect(startedInBeta.process.key).toBe("beta");
    expect(await countOf("beta")).toBe(betaCount + 1);
    expect(await t.db.prisma.instance.findUniqueOrThrow({ where: { id: alphaInstance } })).toEqual(
      alphaBefore,
    );

    // The configured key covers every process (as before).
    const shipped = await signal("order.shipped", "X-1", envKey);
    expect(shipped.status).toBe(200);
    expect(shipped.body.delivered).toEqual([{ instanceId: alphaInstance, accepted: true }]);
  });

  it("de-duplicates message ids per key scope: another process's sender can neither use up nor replay them", async () => {
    const alphaKey = await asAdmin().apiKey.create({
      name: "alpha-dedupe",
      signals: true,
      processes: ["alpha"],
    });
    const betaKey = await asAdmin().apiKey.create({
      name: "beta-dedupe",
      signals: true,
      processes: ["beta"],
    });
    const send = (orderId: string, key: string) =>
      post(
        "/api/signals/order.placed",
        { identifiers: { orderId }, payload: { orderId }, messageId: "shared-id-1" },
        key,
      );
    const fromBeta = await send("D-1", betaKey.key);
    expect(fromBeta.status).toBe(200);
    expect(fromBeta.body.duplicate).toBeUndefined();
    // The same message id from alpha's sender is a different message: delivered, not a duplicate.
    const alphaCount = await countOf("alpha");
    const fromAlpha = await send("D-2", alphaKey.key);
    expect(fromAlpha.status).toBe(200);
    expect(fromAlpha.body.duplicate).toBeUndefined();
    expect(await countOf("alpha")).toBe(alphaCount + 1);
    // Repeated by alpha's sender: a duplicate, answered with alpha's own outcome, changing nothing.
    const before = await snapshot();
    const again = await send("D-2", alphaKey.key);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, started: fromAlpha.body.started });
    expect(await snapshot()).toEqual(before);
  });

  it("a key without the signals scope may not signal", async () => {
    const workerOnly = await workerKey("worker-only", ["remote.work"], ["*"]);
    const before = await snapshot();
    const refused = await signal("order.placed", "W-1", workerOnly.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("FORBIDDEN");
    expect(await snapshot()).toEqual(before);
  });

  it("fetch-and-lock hands out only jobs of the key's processes; completing, failing or heartbeating another process's job is refused and changes nothing", async () => {
    await t.db.prisma.job.deleteMany();
    const aKey = await workerKey("worker-a", ["remote.work"], ["jobs-a"]);
    const bKey = await workerKey("worker-b", ["*"], ["jobs-b"]);
    const a1 = (await asAdmin().instance.start({ processKey: "jobs-a" })).instanceId;
    const a2 = (await asAdmin().instance.start({ processKey: "jobs-a" })).instanceId;
    const b1 = (await asAdmin().instance.start({ processKey: "jobs-b" })).instanceId;

    const fetched = await post(
      "/api/jobs/fetch-and-lock",
      { workerId: "wa", handlers: ["remote.work"], maxJobs: 10 },
      aKey.key,
    );
    expect(fetched.status).toBe(200);
    expect((fetched.body.jobs as { instanceId: string }[]).map((j) => j.instanceId).sort()).toEqual(
      [a1, a2].sort(),
    );
    const bJob = await t.db.prisma.job.findFirstOrThrow({ where: { instanceId: b1 } });
    expect(bJob.lockedBy).toBeNull();

    // The b key presents a's lock token for a's job: refused on scope, nothing changes.
    const job = fetched.body.jobs[0] as { id: string; lockToken: string; instanceId: string };
    const before = await snapshot();
    const complete = await post(
      `/api/jobs/${job.id}/complete`,
      { lockToken: job.lockToken, output: { stolen: true } },
      bKey.key,
    );
    expect(complete.status).toBe(403);
    expect(complete.body.error).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("jobs-a"),
    });
    expect(
      (
        await post(
          `/api/jobs/${job.id}/fail`,
          { lockToken: job.lockToken, error: "x", retriesLeft: 0 },
          bKey.key,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await post(
          `/api/jobs/${job.id}/heartbeat`,
          { lockToken: job.lockToken, lockDurationMs: 600_000 },
          bKey.key,
        )
      ).status,
    ).toBe(403);
    expect(await snapshot()).toEqual(before);
    await expect.poll(lastAudit).toMatchObject({
      action: "POST /api/jobs/:id/heartbeat",
      outcome: "denied",
      actorName: "worker-key:worker-b",
    });

    // The b key gets b's job only; a's key completes a's job.
    const fetchedB = await post(
      "/api/jobs/fetch-and-lock",
      { workerId: "wb", handlers: ["remote.work"], maxJobs: 10 },
      bKey.key,
    );
    expect((fetchedB.body.jobs as { instanceId: string }[]).map((j) => j.instanceId)).toEqual([b1]);
    const done = await post(
      `/api/jobs/${job.id}/complete`,
      { lockToken: job.lockToken, output: { ok: true } },
      aKey.key,
    );
    expect(done.status).toBe(200);
    expect((await t.db.prisma.instance.findUniqueOrThrow({ where: { id: job.instanceId } })).status).toBe(
      "completed",
    );
  });

  it("refuses handlers outside the key's scope", async () => {
    await t.db.prisma.job.deleteMany();
    const otherKey = await workerKey("other-handler", ["remote.other"], ["*"]);
    const aKey = await workerKey("worker-a2", ["remote.work"], ["jobs-a"]);
    await asAdmin().instance.start({ processKey: "jobs-a" });
    const before = await snapshot();
    const refused = await post(
      "/api/jobs/fetch-and-lock",
      { workerId: "wo", handlers: ["remote.work"] },
      otherKey.key,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("remote.work"),
    });
    expect(await snapshot()).toEqual(before);
    const [job] = (
      await post("/api/jobs/fetch-and-lock", { workerId: "wa", handlers: ["remote.work"] }, aKey.key)
    ).body.jobs as { id: string; lockToken: string }[];
    const locked = await snapshot();
    expect(
      (await post(`/api/jobs/${job!.id}/complete`, { lockToken: job!.lockToken, output: {} }, otherKey.key))
        .status,
    ).toBe(403);
    expect(await snapshot()).toEqual(locked);
  });

  it("a revoked key is refused with 401 at once, audited as refused, and changes nothing", async () => {
    const key = await asAdmin().apiKey.create({
      name: "to-revoke",
      signals: true,
      handlers: ["remote.work"],
      processes: ["alpha", "jobs-a"],
    });
    expect((await signal("order.placed", "R-1", key.key)).status).toBe(200);
    const revoked = await asAdmin().apiKey.revoke({ id: key.id });
    expect(revoked).toMatchObject({ id: key.id, status: "revoked", revokedBy: "ada" });
    expect(
      await t.db.prisma.auditEvent.findFirstOrThrow({
        where: { action: "apiKey.revoke" },
        orderBy: { id: "desc" },
      }),
    ).toMatchObject({ outcome: "ok", actorName: "ada", detail: { id: key.id } });

    const before = await snapshot();
    const refused = await signal("order.placed", "R-2", key.key);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: "UNAUTHENTICATED", message: "this API key was revoked" } });
    await expect.poll(lastAudit).toMatchObject({
      action: "POST /api/signals/:code",
      outcome: "unauthenticated",
      actorName: "api-key:to-revoke",
      actorId: key.id,
      detail: { status: 401, reason: "revoked" },
    });
    expect(
      (await post("/api/jobs/fetch-and-lock", { workerId: "wr", handlers: ["remote.work"] }, key.key)).status,
    ).toBe(401);
    expect(await snapshot()).toEqual(before);
    expect((await asAdmin().apiKey.list()).find((k) => k.id === key.id)?.status).toBe("revoked");
    await expect(
      asAdmin().apiKey.revoke({ id: "00000000-0000-4000-8000-000000000999" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an expired key is refused with 401", async () => {
    const key = await asAdmin().apiKey.create({
      name: "short-lived",
      signals: true,
      processes: ["alpha"],
      expiresAt: new Date(t.clock.now().getTime() + 3600_000),
    });
    expect((await signal("order.placed", "E-1", key.key)).status).toBe(200);
    t.clock.advance(3600_000);
    const before = await snapshot();
    const refused = await signal("order.placed", "E-2", key.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toEqual({ code: "UNAUTHENTICATED", message: "this API key has expired" });
    await expect.poll(lastAudit).toMatchObject({ outcome: "unauthenticated", detail: { reason: "expired" } });
    expect(await snapshot()).toEqual(before);
    expect((await asAdmin().apiKey.list()).find((k) => k.id === key.id)?.status).toBe("expired");
  });

  it("validates new keys: a scope is required, processes must exist, and only admins may manage keys", async () => {
    await expect(asAdmin().apiKey.create({ name: "nothing", processes: ["alpha"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      asAdmin().apiKey.create({ name: "no-process", signals: true, processes: [] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      asAdmin().apiKey.create({ name: "typo", signals: true, processes: ["alhpa"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("alhpa") });
    await expect(
      asAdmin().apiKey.create({
        name: "past",
        signals: true,
        processes: ["*"],
        expiresAt: new Date(t.clock.now().getTime() - 1),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const operator: Actor = {
      kind: "user",
      id: "00000000-0000-4000-8000-0000000000b2",
      name: "olga",
      roles: ["operator"],
      groups: [],
    };
    const count = await t.db.prisma.apiKey.count();
    await expect(
      createCaller({ ...t.ctx, actor: operator }).apiKey.create({
        name: "sneaky",
        signals: true,
        processes: ["*"],
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createCaller({ ...t.ctx, actor: operator }).apiKey.list()).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await t.db.prisma.apiKey.count()).toBe(count);
  });
});
