import { openDatabase } from "../../src/db/openDatabase.ts";
import type { Database } from "../../src/db/openDatabase.ts";
import { manualClock } from "../../src/clock.ts";
import { createInnerContext } from "../../src/trpc/context.ts";
import type { InnerContext } from "../../src/trpc/context.ts";
import { appRouter } from "../../src/trpc/appRouter.ts";
import { createCallerFactory } from "../../src/trpc/trpc.ts";
import { freshDatabaseUrl } from "./postgres.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import type { RuntimeOptions, RunningRuntime } from "../../src/createRuntime.ts";

const createCaller = createCallerFactory(appRouter);

export interface TestContext {
  db: Database;
  clock: ReturnType<typeof manualClock>;
  ctx: InnerContext;
  runtime: RunningRuntime;
  /** The test database's URL (for child processes). */
  url: string;
  caller: ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

/**
 * A fresh Postgres database, a manual clock, the runtime services (no worker unless asked) and a
 * tRPC caller over them (no HTTP).
 */
export async function createTestContext(
  label: string,
  start = new Date("2026-03-02T08:00:00Z"),
  runtimeOptions: Partial<Omit<RuntimeOptions, "db" | "clock">> = {},
): Promise<TestContext> {
  const fresh = await freshDatabaseUrl(label);
  const db = await openDatabase({ kind: "postgres", url: fresh.url });
  const clock = manualClock(start);
  const runtime = await createRuntime({
    db,
    clock,
    publicUrl: "http://127.0.0.1:9",
    worker: false,
    ...runtimeOptions,
  });
  const ctx = createInnerContext({ db, clock, appVersion: "test", rt: runtime.rt });
  return {
    db,
    clock,
    ctx,
    runtime,
    url: fresh.url,
    caller: createCaller(ctx),
    async close() {
      await runtime.stop();
      await db.close();
      await fresh.drop();
    },
  };
}

/** Everything a refused call must leave untouched, for "changes nothing" assertions. */
export async function snapshotVersions(db: Database) {
  return {
    processes: await db.prisma.process.findMany({ orderBy: { key: "asc" } }),
    versions: await db.prisma.version.findMany({ orderBy: [{ processId: "asc" }, { number: "asc" }] }),
  };
}
