import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { startInstance } from "../src/instances/startInstance.ts";
import { eventually } from "./support/eventually.ts";

const runtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Two actions: `a` (handler bg.a, known to both builds), then `b` (handler bg.b, only the new build's). */
const twoHandlers = buildModel({
  key: "blue-green",
  nodes: [
    { id: "a", kind: "action", mode: "automatic", handler: "bg.a" },
    { id: "b", kind: "action", mode: "automatic", handler: "bg.b" },
    { id: "end", kind: "finalizer", outcome: "succeeded" },
  ],
  lines: [
    { from: "a", to: "b" },
    { from: "b", to: "end" },
  ],
});

/**
 * Blue-green: two runtime processes ("builds") on one database, the old with handler set A, the
 * new with A+B. The old never claims B's jobs; with the new one stopped, B's jobs wait (not
 * failed, no attempt used) while the old keeps working A; they complete once the new one is back.
 */
describe("blue-green: two builds with different handler sets on one database", () => {
  let t: TestContext;
  const children = new Set<ChildProcess>();

  function startBuild(build: string, handlers: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/handlerSetRuntime.ts"], {
      cwd: runtimeDir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        DATABASE_URL: t.url,
        BUILD: build,
        HANDLERS: handlers,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.add(child);
    child.once("exit", () => children.delete(child));
    return new Promise((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("runtime ready")) resolve(child);
      });
      child.once("exit", (code) =>
        reject(new Error(`build ${build} exited with ${code} before it was ready`)),
      );
    });
  }
  const stop = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    });

  beforeAll(async () => {
    t = await createTestContext("bluegreen");
    await t.db.prisma.$executeRawUnsafe(
      "CREATE TABLE handler_call (handler text NOT NULL, build text NOT NULL, idempotency_key text NOT NULL)",
    );
    await publishModel(t.ctx, twoHandlers);
  });
  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await t?.close();
  });

  const start = async (n: number, label: string) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        (
          await startInstance(
            t.ctx.rt,
            { processKey: "blue-green", businessKey: `${label}-${i}` },
            randomUUID(),
          )
        ).instanceId,
      );
    return ids;
  };
  const completed = (ids: string[]) =>
    t.db.prisma.instance.count({ where: { id: { in: ids }, status: "completed" } });
  const calls = () =>
    t.db.prisma.$queryRawUnsafe<{ handler: string; build: string; n: number }[]>(
      "SELECT handler, build, count(*)::int AS n FROM handler_call GROUP BY handler, build ORDER BY handler, build",
    );

  it(
    "the A-only build never claims B's jobs; B's jobs wait while the A+B build is away and complete when it returns",
    {
      timeout: 120_000,
    },
    async () => {
      const old = await startBuild("old", "bg.a");
      let next = await startBuild("new", "bg.a,bg.b");

      // Both builds running: everything completes; bg.b ran only in the new build.
      const first = await start(20, "both");
      await eventually(
        () => completed(first),
        (n) => n === first.length,
        60_000,
      );
      expect((await calls()).filter((c) => c.handler === "bg.b").map((c) => c.build)).toEqual(["new"]);

      // The new build stops (its containers go away): the old one works `a`, and `b`'s jobs wait.
      expect(await stop(next)).toBe(0);
      const waiting = await start(10, "waiting");
      const bJobs = () =>
        t.db.prisma.job.findMany({
          where: { instanceId: { in: waiting }, handler: "bg.b" },
          select: { lockedBy: true, deliveries: true, attempt: true },
        });
      await eventually(bJobs, (jobs) => jobs.length === waiting.length, 60_000);
      // The old build is still claiming after B's jobs were due: a later instance's `a` step gets done.
      const [later] = await start(1, "later");
      await eventually(
        () => t.db.prisma.job.count({ where: { instanceId: later!, handler: "bg.b" } }),
        (n) => n === 1,
        60_000,
      );
      for (const job of await bJobs()) expect(job).toEqual({ lockedBy: null, deliveries: 0, attempt: 1 });
      expect(await t.db.prisma.incident.count({ where: { instanceId: { in: waiting } } })).toBe(0);
      expect(
        await t.db.prisma.occurrence.count({
          where: { instanceId: { in: waiting }, nodeId: "b", status: "running" },
        }),
      ).toBe(waiting.length);
      expect(await t.db.prisma.instance.count({ where: { id: { in: waiting }, status: "running" } })).toBe(
        waiting.length,
      );

      // The new build returns: B's waiting jobs complete, still none of them in the old build.
      next = await startBuild("new", "bg.a,bg.b");
      await eventually(
        () => completed([...waiting, later!]),
        (n) => n === waiting.length + 1,
        60_000,
      );
      expect((await calls()).filter((c) => c.handler === "bg.b").map((c) => c.build)).toEqual(["new"]);
      expect(await t.db.prisma.incident.count()).toBe(0);
      expect(await stop(next)).toBe(0);
      expect(await stop(old)).toBe(0);
    },
  );
});
