import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { FastifyInstance } from "fastify";
import { FlowstateApiError, FlowstateClient, JobWorker, lockedJobSchema } from "@flowstate/client";
import type { LockedJob } from "@flowstate/client";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { oneAction } from "./support/models.ts";
import { fetchJson } from "./support/http.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { createServer } from "../src/server/createServer.ts";
import { createRuntime } from "../src/createRuntime.ts";
import { defineHandler } from "../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../src/handlers/defineHandler.ts";
import { recordsPerInstance } from "./support/historyRecords.ts";
import { manualClock } from "../src/clock.ts";
import { eventually } from "./support/eventually.ts";
import { claimOfJobs, watchStatements } from "./support/waits.ts";

// Remote job workers over real HTTP against real PostgreSQL, driven by @flowstate/client.
// The runtime's clock is manual: lock expiry is a clock move, not a sleep.

const workerKey = "remote-worker-key-0001";
const otherKey = "other-handler-key-0001";
const signalKey = "signals-only-key-0001";

const model = (key: string, handler: string) =>
  oneAction(key, {
    id: "work",
    mode: "automatic",
    handler,
    output: { result: "result" },
    retry: { maxAttempts: 3, backoff: { initial: "PT10S", factor: 2 } },
  });

describe("remote job workers over HTTP", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  const client = (workerId: string, apiKey = workerKey) =>
    new FlowstateClient({ baseUrl: base, apiKey, workerId });
  const post = (path: string, body: unknown, key: string | null = workerKey) =>
    fetchJson(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const start = async (processKey = "remote") => (await t.caller.instance.start({ processKey })).instanceId;
  const instance = (id: string) => t.db.prisma.instance.findUniqueOrThrow({ where: { id } });
  /** Everything a refused call must leave as it was. */
  const snapshot = async () => ({
    jobs: await t.db.prisma.job.findMany({ orderBy: { id: "asc" } }),
    instances: await t.db.prisma.instance.findMany({
      orderBy: { id: "asc" },
      select: { id: true, seq: true, status: true, state: true },
    }),
    history: await t.db.prisma.historyEvent.count(),
    incidents: await t.db.prisma.incident.count(),
  });
  const clearJobs = () => t.db.prisma.job.deleteMany();

  beforeAll(async () => {
    t = await createTestContext("remote_workers", new Date("2026-03-02T08:00:00Z"), {
      remoteHandlers: ["remote.work", "remote.other"],
    });
    await publishModel(t.ctx, model("remote", "remote.work"));
    await publishModel(t.ctx, model("other", "remote.other"));
    app = await createServer({
      context: t.ctx,
      apiKeys: [
        `sha256:${(await import("node:crypto")).createHash("sha256").update(workerKey).digest("hex")}@handler:remote.work`,
        `${otherKey}@handler:remote.other`,
        signalKey,
      ],
      bodyLimit: 64 * 1024,
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });

  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it(
    "two workers competing for 1,000 jobs never both complete one; every instance completes once",
    { timeout: 180_000 },
    async () => {
      const ids: string[] = [];
      for (let i = 0; i < 1000; i += 20)
        ids.push(...(await Promise.all(Array.from({ length: 20 }, () => start()))));
      const completedBy = new Map<string, string[]>();
      const run = async (c: FlowstateClient) => {
        let idle = 0;
        while (idle < 3) {
          const jobs = await c.fetchAndLock({
            handlers: ["remote.work"],
            maxJobs: 25,
            lockDurationMs: 60_000,
            waitMs: 200,
          });
          idle = jobs.length === 0 ? idle + 1 : 0;
          await Promise.all(
            jobs.map(async (job) => {
              await c.complete(job, { by: c.workerId });
              completedBy.set(job.id, [...(completedBy.get(job.id) ?? []), c.workerId]);
            }),
          );
        }
      };
      await Promise.all([run(client("worker-a")), run(client("worker-b"))]);
      expect(completedBy.size).toBe(1000);
      expect([...completedBy.values()].every((by) => by.length === 1)).toBe(true);
      const byWorker = [...completedBy.values()].flat();
      expect(byWorker.filter((w) => w === "worker-a").length).toBeGreaterThan(0);
      expect(byWorker.filter((w) => w === "worker-b").length).toBeGreaterThan(0);
      const done = await t.db.prisma.instance.groupBy({
        by: ["status"],
        where: { id: { in: ids } },
        _count: true,
      });
      expect(done).toEqual([{ status: "completed", _count: 1000 }]);
      // One recorded completion per instance: no transition happened twice.
      const completions = await recordsPerInstance(t.db, {
        instanceIds: ids,
        type: "event",
        actor: "remote:remote.work",
      });
      expect(completions.size).toBe(1000);
      expect([...completions.values()].every((n) => n === 1)).toBe(true);
      expect(await t.db.prisma.job.count()).toBe(0);
    },
  );

  it("refuses a stale worker's completion after its lock expired and the job was redelivered, changing nothing", async () => {
    const id = await start();
    const [first] = await client("slow").fetchAndLock({ handlers: ["remote.work"], lockDurationMs: 5000 });
    expect(first).toMatchObject({ instanceId: id, actionId: "work", attempt: 1, delivery: 1, input: {} });
    t.clock.advance(6000);
    const [again] = await client("fast").fetchAndLock({ handlers: ["remote.work"], lockDurationMs: 5000 });
    // Lock expiry redelivers the same job (same attempt and idempotency key) under a new lock token.
    expect(again).toMatchObject({
      id: first!.id,
      delivery: 2,
      attempt: 1,
      idempotencyKey: first!.idempotencyKey,
    });
    expect(again!.lockToken).not.toBe(first!.lockToken);

    const before = await snapshot();
    const stale = await client("slow")
      .complete(first!, { late: true })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(FlowstateApiError);
    expect(stale).toMatchObject({ status: 409, code: "LOCK_LOST" });
    const staleBeat = await client("slow")
      .heartbeat(first!, 5000)
      .catch((e: unknown) => e);
    expect(staleBeat).toMatchObject({ status: 409, code: "LOCK_LOST" });
    const staleFail = await client("slow")
      .fail(first!, { error: "late" })
      .catch((e: unknown) => e);
    expect(staleFail).toMatchObject({ status: 409, code: "LOCK_LOST" });
    expect(await snapshot()).toEqual(before);

    expect(await client("fast").complete(again!, { onTime: true })).toMatchObject({ status: "completed" });
    expect((await instance(id)).variables).toEqual({ result: { onTime: true } });
    // A repeated completion of a finished job is refused too.
    expect(
      await client("fast")
        .complete(again!, {})
        .catch((e: unknown) => e),
    ).toMatchObject({ status: 404, code: "JOB_NOT_FOUND" });
  });

  it("heartbeats keep a long job locked past its first lock duration", async () => {
    await clearJobs();
    const id = await start();
    const [job] = await client("long").fetchAndLock({ handlers: ["remote.work"], lockDurationMs: 5000 });
    for (let i = 0; i < 4; i++) {
      t.clock.advance(4000);
      const beat = await client("long").heartbeat(job!, 5000);
      expect(beat.lockedUntil).toBe(new Date(t.clock.now().getTime() + 5000).toISOString());
    }
    // 16 s later, three times the first lock: nobody else gets the job.
    expect(await client("thief").fetchAndLock({ handlers: ["remote.work"] })).toEqual([]);
    expect(await client("long").complete(job!, {})).toMatchObject({ status: "completed" });
    expect((await instance(id)).status).toBe("completed");
  });

  it("long-polls: a fetch waiting for work answers as soon as a job is committed", async () => {
    await clearJobs();
    const t0 = Date.now();
    const claims = watchStatements(t.db, claimOfJobs);
    const waiting = client("poller").fetchAndLock({ handlers: ["remote.work"], waitMs: 10_000 });
    await claims.seen(1); // the long poll found nothing and waits
    const id = await start();
    const jobs = await waiting;
    expect(jobs.map((j) => j.instanceId)).toEqual([id]);
    expect(Date.now() - t0).toBeLessThan(5000);
    await client("poller").complete(jobs[0]!, {});
  });

  it("fails an attempt with a longer backoff than the action's, and fails for good with retriesLeft 0", async () => {
    await clearJobs();
    const id = await start();
    const [job] = await client("failing").fetchAndLock({ handlers: ["remote.work"] });
    await client("failing").fail(job!, { error: { message: "downstream is down" }, backoffMs: 60_000 });
    const retry = await t.db.prisma.job.findFirstOrThrow({ where: { instanceId: id } });
    expect(retry.kind).toBe("timer");
    expect(retry.runAt.getTime() - t.clock.now().getTime()).toBe(60_000);
    t.clock.advance(60_000);
    // The due retry timer becomes the second attempt's job (the timer kind is processed in-process).
    await createRuntime({
      db: t.db,
      clock: t.clock,
      publicUrl: "http://127.0.0.1:9",
      remoteHandlers: ["remote.work", "remote.other"],
      workerOptions: { pollMs: 30 },
    }).then(async (r) => {
      await eventually(
        () => t.db.prisma.job.findFirst({ where: { instanceId: id, kind: "handler" } }),
        (j) => j !== null,
      );
      await r.stop();
    });
    const [second] = await client("failing").fetchAndLock({ handlers: ["remote.work"] });
    expect(second).toMatchObject({ instanceId: id, attempt: 2, delivery: 1 });
    await client("failing").fail(second!, { error: new Error("gave up"), retriesLeft: 0 });
    const after = await instance(id);
    expect(after.hasIncident).toBe(true);
    expect(await t.db.prisma.job.count({ where: { instanceId: id } })).toBe(0);
    const incident = await t.db.prisma.incident.findFirstOrThrow({ where: { instanceId: id } });
    expect(incident.error).toMatchObject({ message: "gave up" });
  });

  it("authorises by API key scoped to handlers: missing, forged and wrongly scoped keys change nothing", async () => {
    await clearJobs();
    await start();
    const before = await snapshot();
    const fetchBody = { workerId: "w", handlers: ["remote.work"] };
    expect(await post("/api/jobs/fetch-and-lock", fetchBody, null)).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHENTICATED" } },
    });
    expect(await post("/api/jobs/fetch-and-lock", fetchBody, "forged-key-forged-key")).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHENTICATED" } },
    });
    expect(await post("/api/jobs/fetch-and-lock", fetchBody, otherKey)).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    expect(await post("/api/jobs/fetch-and-lock", fetchBody, signalKey)).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    // The sha256: form means the configuration never holds this key in clear; the digest itself is no key.
    const digest = (await import("node:crypto")).createHash("sha256").update(workerKey).digest("hex");
    expect(await post("/api/jobs/fetch-and-lock", fetchBody, `sha256:${digest}`)).toMatchObject({
      status: 401,
    });
    expect(await snapshot()).toEqual(before);

    // A job locked with the right key cannot be completed, failed or heartbeaten with another handler's key.
    const [job] = await client("w").fetchAndLock({ handlers: ["remote.work"] });
    const locked = await snapshot();
    for (const action of ["complete", "fail", "heartbeat"]) {
      const r = await post(
        `/api/jobs/${job!.id}/${action}`,
        { lockToken: job!.lockToken, ...(action === "fail" ? { error: "x" } : {}) },
        otherKey,
      );
      expect(r).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
      expect(
        await post(`/api/jobs/${job!.id}/${action}`, { lockToken: job!.lockToken }, "forged-key-forged-key"),
      ).toMatchObject({ status: 401 });
    }
    // Signals keep working with a signal key and refuse a handler-only key.
    expect((await post("/api/signals/nothing.here", {}, workerKey)).status).toBe(403);
    expect((await post("/api/signals/nothing.here", {}, signalKey)).status).toBe(404);
    expect(await snapshot()).toEqual(locked);
  });

  it("describes the job endpoints in the OpenAPI document", async () => {
    const { body } = await fetchJson(`${base}/api/openapi.json`);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        "/api/jobs/fetch-and-lock",
        "/api/jobs/{id}/complete",
        "/api/jobs/{id}/fail",
        "/api/jobs/{id}/heartbeat",
      ]),
    );
    expect(body.paths["/api/jobs/fetch-and-lock"].post.description).toContain("curl -X POST");
  });

  it("hands out jobs in @flowstate/client's LockedJob contract, which the OpenAPI document describes", async () => {
    await clearJobs();
    await start();
    const answer = await post("/api/jobs/fetch-and-lock", { workerId: "w", handlers: ["remote.work"] });
    expect(answer.status).toBe(200);
    const [job] = answer.body.jobs;
    expect(lockedJobSchema.parse(job)).toEqual(job);

    const { body } = await fetchJson(`${base}/api/openapi.json`);
    const { $schema: _dialect, ...described } = z.toJSONSchema(lockedJobSchema);
    expect(body.components.schemas.LockedJob).toEqual(JSON.parse(JSON.stringify(described)));
    expect([...body.components.schemas.LockedJob.required].sort()).toEqual(Object.keys(job).sort());
  });

  it("answers bad input with a 4xx error and changes nothing", async () => {
    await clearJobs();
    await start();
    const [job] = await client("w").fetchAndLock({ handlers: ["remote.work"] });
    const before = await snapshot();
    const cases: [string, unknown, number, string][] = [
      ["/api/jobs/fetch-and-lock", "{not json", 400, "BAD_REQUEST"],
      ["/api/jobs/fetch-and-lock", { workerId: "w", handlers: [] }, 400, "BAD_REQUEST"],
      [
        "/api/jobs/fetch-and-lock",
        { workerId: "w", handlers: ["remote.work"], maxJobs: 5000 },
        400,
        "BAD_REQUEST",
      ],
      [
        "/api/jobs/fetch-and-lock",
        { workerId: "w", handlers: ["remote.work"], extra: 1 },
        400,
        "BAD_REQUEST",
      ],
      ["/api/jobs/fetch-and-lock", { workerId: "w", handlers: ["http"] }, 400, "HANDLER_NOT_REMOTE"],
      [`/api/jobs/${job!.id}/complete`, { output: {} }, 400, "BAD_REQUEST"],
      [`/api/jobs/${job!.id}/complete`, { lockToken: job!.lockToken, output: [1] }, 400, "BAD_REQUEST"],
      [`/api/jobs/${job!.id}/complete`, { lockToken: "remote:w:guessed" }, 409, "LOCK_LOST"],
      [`/api/jobs/${job!.id}/fail`, { lockToken: job!.lockToken }, 400, "BAD_REQUEST"],
      [
        `/api/jobs/${job!.id}/heartbeat`,
        { lockToken: job!.lockToken, lockDurationMs: 5 },
        400,
        "BAD_REQUEST",
      ],
      ["/api/jobs/abc/complete", { lockToken: job!.lockToken }, 400, "BAD_REQUEST"],
      ["/api/jobs/999999999/complete", { lockToken: job!.lockToken }, 404, "JOB_NOT_FOUND"],
      ["/api/jobs/999999999/heartbeat", { lockToken: job!.lockToken }, 404, "JOB_NOT_FOUND"],
      [
        `/api/jobs/${job!.id}/complete`,
        { lockToken: job!.lockToken, output: { big: "x".repeat(70 * 1024) } },
        413,
        "PAYLOAD_TOO_LARGE",
      ],
    ];
    for (const [path, body, status, code] of cases) {
      const r = await post(path, body);
      expect({ path, status: r.status, code: r.body?.error?.code }).toEqual({ path, status, code });
      expect(typeof r.body.error.message).toBe("string");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("runs the same model with the handler in process or remote (JobWorker from @flowstate/client)", async () => {
    await clearJobs();
    // Remote: a JobWorker loop with heartbeats completes it.
    const worker = new JobWorker({
      client: client("loop"),
      handlers: { "remote.work": async (job) => ({ echoed: job.instanceId }) },
      waitMs: 200,
      lockDurationMs: 5000,
    });
    worker.start();
    const remoteId = await start();
    const remote = await eventually(
      () => instance(remoteId),
      (i) => i.status === "completed",
    );
    await worker.stop();
    expect(remote.variables).toEqual({ result: { echoed: remoteId } });

    // In process: a second runtime on its own database with the same model and an in-process handler.
    const local = await createTestContext("remote_workers_local", new Date("2026-03-02T08:00:00Z"), {
      worker: true,
      workerOptions: { pollMs: 30 },
      handlers: [
        defineHandler("remote.work", { input: z.unknown() }, async (ctx) => ({
          output: { echoed: ctx.instanceId },
        })) as HandlerDefinition,
      ],
    });
    try {
      await publishModel(local.ctx, model("remote", "remote.work"));
      const localId = (await local.caller.instance.start({ processKey: "remote" })).instanceId;
      const done = await eventually(
        () => local.db.prisma.instance.findUniqueOrThrow({ where: { id: localId } }),
        (i) => i.status === "completed",
      );
      expect(done.variables).toEqual({ result: { echoed: localId } });
    } finally {
      await local.close();
    }
    // A name cannot be remote and in-process at once.
    await expect(
      createRuntime({
        db: t.db,
        clock: manualClock(new Date()),
        publicUrl: "http://x",
        worker: false,
        remoteHandlers: ["remote.work"],
        handlers: [
          defineHandler("remote.work", { input: z.unknown() }, async () => ({
            output: {},
          })) as HandlerDefinition,
        ],
      }),
    ).rejects.toThrow(/remote and also registered/);
  });

  it("a JobWorker abandons a job whose lock was lost", async () => {
    await clearJobs();
    const id = await start();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const errors: unknown[] = [];
    const seen: LockedJob[] = [];
    const worker = new JobWorker({
      client: client("stalled"),
      handlers: {
        "remote.work": async (job, signal) => (seen.push(job), await gate, { aborted: signal.aborted }),
      },
      waitMs: 100,
      lockDurationMs: 1000,
      onError: (e) => errors.push(e),
    });
    worker.start();
    await eventually(
      async () => seen.length,
      (n) => n === 1,
    );
    // The stalled worker heartbeats every ~333 ms (real time) to the manual clock's now + 1 s: a
    // heartbeat landing between the clock move and the rescuer's fetch renews the lock, so move the
    // clock again until the lock has expired at the moment of a fetch.
    let taken: LockedJob | undefined;
    for (let i = 0; i < 20 && !taken; i++) {
      t.clock.advance(10_000);
      [taken] = await client("rescuer").fetchAndLock({ handlers: ["remote.work"], lockDurationMs: 60_000 });
    }
    expect(taken).toMatchObject({ id: seen[0]!.id });
    expect(taken!.delivery).toBeGreaterThanOrEqual(2);
    await eventually(
      async () => errors.length,
      (n) => n > 0,
      5000,
    );
    release();
    await worker.stop();
    expect(errors.some((e) => e instanceof FlowstateApiError && e.lockLost)).toBe(true);
    expect((await instance(id)).status).toBe("running");
    await client("rescuer").complete(taken!, {});
    expect((await instance(id)).status).toBe("completed");
  });
});
