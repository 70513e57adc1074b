import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../src/db/openDatabase.ts";
import { openDatabase } from "../src/db/openDatabase.ts";
import { systemClock } from "../src/clock.ts";
import { claimJobs, extendLeases, jobsChannel } from "../src/queue/queueSql.ts";
import { Worker } from "../src/queue/Worker.ts";
import { defineHandler } from "../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../src/handlers/defineHandler.ts";
import { freshDatabaseUrl } from "./support/postgres.ts";
import { automaticChain, buildModel, oneAction } from "./support/models.ts";
import { createRuntime } from "../src/createRuntime.ts";
import type { RuntimeOptions } from "../src/createRuntime.ts";
import { startInstance } from "../src/instances/startInstance.ts";
import { historyRecords } from "./support/historyRecords.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { eventually } from "./support/eventually.ts";
import { idle } from "./support/waits.ts";

// The queue's SQL and worker loop against real PostgreSQL. Jobs here belong to one dummy instance;
// the engine is not involved: `process` records which worker ran which job and deletes it the way
// the step executor does (fenced by the lease owner).

let db: Database;
let drop: () => Promise<void>;
let instanceId: string;

async function insertJobs(n: number, handler: string, runAt = new Date(Date.now() - 1000)) {
  await db.prisma.job.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      kind: "handler",
      instanceId,
      handler,
      runAt,
      idempotencyKey: `${handler}:${randomUUID()}:${i}`,
      payload: { i },
    })),
  });
}

async function finish(workerId: string, id: bigint): Promise<boolean> {
  // Exactly what the step executor does in its transaction: delete only if we still hold the lease.
  return (
    (await db.prisma.$executeRawUnsafe(
      `DELETE FROM job WHERE id = $1 AND locked_by = $2`,
      String(id),
      workerId,
    )) === 1
  );
}

const handler = (name: string, opts: Partial<Pick<HandlerDefinition, "concurrency" | "rateLimit">> = {}) =>
  defineHandler(
    name,
    {
      input: z.unknown(),
      concurrency: opts.concurrency ?? 10,
      ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    },
    async () => ({ output: {} }),
  ) as HandlerDefinition;

beforeAll(async () => {
  const fresh = await freshDatabaseUrl("queue");
  drop = fresh.drop;
  db = await openDatabase({ kind: "postgres", url: fresh.url });
  const process = await db.prisma.process.create({ data: { key: "q", name: "Queue test" } });
  const version = await db.prisma.version.create({
    data: { processId: process.id, number: 1, status: "published", model: {} },
  });
  instanceId = randomUUID();
  await db.prisma.instance.create({
    data: { id: instanceId, processId: process.id, versionId: version.id, state: {} },
  });
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});
beforeEach(async () => {
  await db.prisma.job.deleteMany();
});

/** A worker over the suite's database on the system clock (`options`: who it is, what it runs). */
const suiteWorker = (options: Omit<ConstructorParameters<typeof Worker>[0], "db" | "clock">) =>
  new Worker({ db, clock: systemClock, ...options });
/** A suite worker of the one handler `h` that notes when it starts each job in `started`, then finishes it. */
const timingWorker = (workerId: string, h: HandlerDefinition, pollMs: number, started: number[]) =>
  suiteWorker({
    workerId,
    handlers: [h],
    kinds: [],
    pollMs,
    async process(job) {
      started.push(Date.now());
      await finish(workerId, job.id);
    },
  });
/** `workerId` claims jobs of `handlers` (no other kinds) from the suite's database. */
const claim = (
  workerId: string,
  handlers: string[],
  options: { limit: number; leaseMs: number; now: Date },
) => claimJobs(db, { workerId, handlers, kinds: [], ...options });
/** A runtime over `db` on the system clock (`options` add handlers, worker settings, …). */
const systemRuntime = (db: Database, options: Partial<Omit<RuntimeOptions, "db" | "clock">>) =>
  createRuntime({ db, clock: systemClock, publicUrl: "http://127.0.0.1:9", ...options });
/** A process of one automatic action `id` run by `handler`. */
/** Runs `test` on a database of its own, then closes the handle and drops the database. */
async function onFreshDatabase(label: string, test: (db: Database) => Promise<void>): Promise<void> {
  const fresh = await freshDatabaseUrl(label);
  const db = await openDatabase({ kind: "postgres", url: fresh.url });
  try {
    await test(db);
  } finally {
    await db.close();
    await fresh.drop();
  }
}

const automaticAction = (key: string, id: string, handler: string) =>
  oneAction(key, { id, mode: "automatic", handler });

describe("job queue", () => {
  it("two workers claiming concurrently never get the same job", async () => {
    await insertJobs(400, "h");
    const now = new Date();
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        claimJobs(db, { workerId: `w${w}`, handlers: ["h"], kinds: [], limit: 60, leaseMs: 30_000, now }),
      ),
    );
    const ids = claims.flat().map((j) => String(j.id));
    expect(ids.length).toBe(400);
    expect(new Set(ids).size).toBe(400);
  });

  it("claims only the handlers a worker has registered (blue-green)", async () => {
    await insertJobs(3, "old.handler");
    await insertJobs(2, "new.handler");
    const blue = await claim("blue", ["old.handler"], { limit: 10, leaseMs: 30_000, now: new Date() });
    expect(blue.map((j) => j.handler)).toEqual(["old.handler", "old.handler", "old.handler"]);
    const green = await claim("green", ["new.handler", "old.handler"], {
      limit: 10,
      leaseMs: 30_000,
      now: new Date(),
    });
    expect(green.map((j) => j.handler)).toEqual(["new.handler", "new.handler"]);
  });

  it("does not claim jobs before they are due", async () => {
    await insertJobs(1, "later", new Date(Date.now() + 60_000));
    expect(await claim("w", ["later"], { limit: 10, leaseMs: 1000, now: new Date() })).toEqual([]);
  });

  it("redelivers a job whose lease expired, and fences the stale worker out", async () => {
    await insertJobs(1, "slow");
    const t0 = new Date();
    const [first] = await claim("dead", ["slow"], { limit: 1, leaseMs: 1000, now: t0 });
    expect(first?.deliveries).toBe(1);
    expect(
      await claim("other", ["slow"], { limit: 1, leaseMs: 1000, now: new Date(t0.getTime() + 500) }),
    ).toEqual([]);
    const [again] = await claim("other", ["slow"], {
      limit: 1,
      leaseMs: 1000,
      now: new Date(t0.getTime() + 1500),
    });
    expect(again?.id).toBe(first?.id);
    expect(again?.deliveries).toBe(2);
    expect(await finish("dead", first!.id)).toBe(false); // the stale worker's result is refused
    expect(await finish("other", again!.id)).toBe(true);
  });

  it("keeps a long job through heartbeats", async () => {
    await insertJobs(1, "long");
    const t0 = new Date();
    const [job] = await claim("w1", ["long"], { limit: 1, leaseMs: 1000, now: t0 });
    expect(
      await extendLeases(db, {
        workerId: "w1",
        jobIds: [job!.id],
        leaseMs: 1000,
        now: new Date(t0.getTime() + 900),
      }),
    ).toEqual([job!.id]);
    expect(
      await claim("w2", ["long"], { limit: 1, leaseMs: 1000, now: new Date(t0.getTime() + 1500) }),
    ).toEqual([]);
    expect(
      await extendLeases(db, { workerId: "w2", jobIds: [job!.id], leaseMs: 1000, now: new Date() }),
    ).toEqual([]);
  });

  it("Worker runs every job once across two workers, respecting per-handler concurrency", async () => {
    await insertJobs(120, "limited");
    const ran: string[] = [];
    let active = 0;
    let peak = 0;
    const make = (id: string) =>
      suiteWorker({
        workerId: id,
        handlers: [handler("limited", { concurrency: 3 })],
        kinds: [],
        pollMs: 50,
        async process(job) {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 2)); // the job's work: jobs overlap, so the limit is tested
          if (await finish(id, job.id)) ran.push(String(job.id));
          active--;
        },
      });
    const a = make("a");
    const b = make("b");
    await Promise.all([a.start(), b.start()]);
    await eventually(
      () => ran.length,
      (n) => n >= 120,
    );
    await Promise.all([a.stop(), b.stop()]);
    expect(ran.length).toBe(120);
    expect(new Set(ran).size).toBe(120);
    expect(peak).toBeLessThanOrEqual(6); // 3 per worker process
    expect(await db.prisma.job.count()).toBe(0);
  });

  it("a claim takes per handler at most its free slots, also beside system job kinds and other handlers", async () => {
    await insertJobs(20, "single");
    let active = 0;
    let peak = 0;
    let ran = 0;
    const worker = suiteWorker({
      workerId: "slots",
      handlers: [handler("single", { concurrency: 1 }), handler("roomy", { concurrency: 10 })],
      kinds: ["timer", "compensation"],
      batchSize: 30,
      pollMs: 50,
      async process(job) {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5)); // the job's work: jobs overlap, so the limit is tested
        if (await finish("slots", job.id)) ran++;
        active--;
      },
    });
    await worker.start();
    await eventually(
      () => ran,
      (n) => n >= 20,
    );
    await worker.stop();
    expect(ran).toBe(20);
    // The free slots of "roomy" and the system kinds must not turn into more "single" jobs at once.
    expect(peak).toBe(1);
  });

  it("Worker holds a handler to its rate limit by handing jobs back without consuming attempts", async () => {
    await insertJobs(6, "rated");
    const started: number[] = [];
    const worker = timingWorker("r", handler("rated", { rateLimit: { count: 3, perMs: 1000 } }), 50, started);
    await worker.start();
    await eventually(
      () => started.length,
      (n) => n >= 6,
    );
    await worker.stop();
    expect(started.length).toBe(6);
    // The first three run at once; the next three wait for the next window.
    expect(started[5]! - started[0]!).toBeGreaterThanOrEqual(900);
    const attempts = await db.prisma.job.count();
    expect(attempts).toBe(0);
  });

  it("wakes up on NOTIFY instead of waiting for the next poll", async () => {
    const seen: number[] = [];
    const worker = timingWorker("n", handler("notified"), 60_000, seen);
    await worker.start();
    await idle(worker); // for a minute now
    const t0 = Date.now();
    await db.prisma.$transaction(async (tx) => {
      await tx.job.create({
        data: {
          kind: "handler",
          instanceId,
          handler: "notified",
          runAt: new Date(Date.now() - 10),
          idempotencyKey: randomUUID(),
        },
      });
      await tx.$executeRawUnsafe(`SELECT pg_notify('${jobsChannel}', '')`);
    });
    await eventually(
      () => seen.length,
      (n) => n > 0,
    );
    await worker.stop();
    expect(seen.length).toBe(1);
    expect(seen[0]! - t0).toBeLessThan(2000);
  });
});

describe("a step's outbox wakes other processes", () => {
  it("a job a step inserts in one runtime wakes the sleeping worker of another through the step's own NOTIFY", async () => {
    const fresh = await freshDatabaseUrl("step_notify");
    const dbA = await openDatabase({ kind: "postgres", url: fresh.url });
    const dbB = await openDatabase({ kind: "postgres", url: fresh.url });
    const ran: number[] = [];
    const work = defineHandler("wake.work", { input: z.unknown() }, async () => {
      ran.push(Date.now());
      return { output: {} };
    }) as HandlerDefinition;
    // A starts instances but runs no worker; B's worker polls only once a minute.
    const a = await systemRuntime(dbA, { worker: false });
    const b = await systemRuntime(dbB, { handlers: [work], workerOptions: { pollMs: 60_000 } });
    try {
      await publishModel({ db: dbA, clock: systemClock }, automaticAction("wake", "work", "wake.work"));
      await idle(b.worker!); // B's worker has made its first claim and sleeps for a minute now
      const t0 = Date.now();
      const { instanceId: started } = await startInstance(a.rt, { processKey: "wake" }, randomUUID());
      await eventually(
        () => dbA.prisma.instance.findUniqueOrThrow({ where: { id: started } }),
        (row) => row.status === "completed",
      );
      expect(ran).toHaveLength(1);
      expect(ran[0]! - t0).toBeLessThan(5000);
    } finally {
      await b.stop();
      await a.stop();
      await dbB.close();
      await dbA.close();
      await fresh.drop();
    }
  });
});

describe("handlers see the instance", () => {
  it("a handler is given the instance's variables as they were when its job was claimed", async () => {
    await onFreshDatabase("handler_vars", async (vdb) => {
      const seen: unknown[] = [];
      const look = defineHandler("vars.look", { input: z.unknown() }, async (ctx) => {
        seen.push(ctx.variables);
        return { output: {} };
      }) as HandlerDefinition;
      const rt = await systemRuntime(vdb, { handlers: [look], workerOptions: { pollMs: 50 } });
      try {
        await publishModel({ db: vdb, clock: systemClock }, automaticAction("vars", "look", "vars.look"));
        const { instanceId } = await startInstance(
          rt.rt,
          { processKey: "vars", variables: { customer: "ACME", amount: 3 } },
          randomUUID(),
        );
        await eventually(
          () => vdb.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }),
          (row) => row.status === "completed",
        );
        expect(seen).toEqual([{ customer: "ACME", amount: 3 }]);
      } finally {
        await rt.stop();
      }
    });
  });
});

describe("steps without a transaction", () => {
  it("hands the next job of a chain to the worker that recorded the step: one claim for a whole chain", async () => {
    await onFreshDatabase("handover", async (hdb) => {
      const claims: number[] = [];
      const query = hdb.query.bind(hdb);
      hdb.query = (name, text, values) => {
        if (name === "flowstate_claim_jobs") claims.push(Date.now());
        return query(name, text, values);
      };
      const seen: { deliveries: number; lockedBy: string | null }[] = [];
      const step = defineHandler("chain.step", { input: z.unknown() }, async (ctx) => {
        const job = await hdb.prisma.job.findUniqueOrThrow({ where: { idempotencyKey: ctx.idempotencyKey } });
        seen.push({ deliveries: job.deliveries, lockedBy: job.lockedBy });
        return { output: {} };
      }) as HandlerDefinition;
      const rt = await systemRuntime(hdb, { handlers: [step], workerOptions: { pollMs: 60_000 } });
      try {
        await publishModel({ db: hdb, clock: systemClock }, automaticChain("chain", 8, "chain.step"));
        // The worker's first claim found nothing and it sleeps.
        await idle(rt.worker!);
        const before = claims.length;
        const { instanceId } = await startInstance(rt.rt, { processKey: "chain" }, randomUUID());
        await eventually(
          () => hdb.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }),
          (row) => row.status === "completed",
        );
        // Eight jobs, each leased to this worker and delivered once; only the first was claimed.
        expect(seen).toHaveLength(8);
        expect(seen.every((j) => j.deliveries === 1 && j.lockedBy === seen[0]!.lockedBy)).toBe(true);
        // Not one per step: the claim the start's wake-up causes, the loop's next claim after a claim that
        // found work, one more when the start's NOTIFY lands during that one, and one after the last step.
        expect(claims.length - before).toBeLessThanOrEqual(4);
        expect(await hdb.prisma.job.count()).toBe(0);
      } finally {
        await rt.stop();
      }
    });
  });

  it("concurrent events on one instance: each step applies to the state it was computed from, the others retry — no update is lost", async () => {
    await onFreshDatabase("optimistic", async (odb) => {
      const rt = await systemRuntime(odb, { worker: false });
      try {
        // Ten manual actions open at once in one state; all ten performed concurrently.
        const actions = Array.from({ length: 10 }, (_, i) => ({
          id: `a${i}`,
          kind: "action",
          mode: "manual",
        }));
        await publishModel(
          { db: odb, clock: systemClock },
          buildModel({ key: "many", nodes: actions, lines: [] }),
        );
        const { instanceId } = await startInstance(rt.rt, { processKey: "many" }, randomUUID());
        const { stepInstance } = await import("../src/instances/stepInstance.ts");
        const outcomes = await Promise.all(
          actions.map((a) =>
            stepInstance(rt.rt, instanceId, { type: "perform", actionId: a.id, actor: "t" }, { actor: "t" }),
          ),
        );
        expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? "" : o.rejection.code))).toEqual([]);
        const row = await odb.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
        const completed = await odb.prisma.occurrence.findMany({
          where: { instanceId, status: "completed" },
          select: { nodeId: true },
        });
        expect(completed.map((o) => o.nodeId).sort()).toEqual(actions.map((a) => a.id).sort());
        // History seqs are contiguous and unique: no step was written over another.
        const seqs = (await historyRecords(odb, { instanceIds: [instanceId] }))
          .map((h) => h.seq)
          .sort((x, y) => x - y);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        expect(row.seq).toBe(seqs.at(-1));
      } finally {
        await rt.stop();
      }
    });
  });
});
