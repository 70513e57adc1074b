// One of several runtime processes on one database for the many-processes test: a full runtime
// (worker, scheduler, migration executor) with the `work` handler, which records each call's
// idempotency key in `handler_call` before answering. The test SIGKILLs and restarts it.
import pg from "pg";
import { z } from "zod";
import { openDatabase } from "../../src/db/openDatabase.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import { defineHandler } from "../../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../../src/handlers/defineHandler.ts";
import { systemClock } from "../../src/clock.ts";

const url = process.env.DATABASE_URL!;
const calls = new pg.Pool({ connectionString: url, max: 2 });
const work = defineHandler("work", { input: z.unknown(), concurrency: 8 }, async (ctx) => {
  await calls.query("INSERT INTO handler_call (idempotency_key) VALUES ($1)", [ctx.idempotencyKey]);
  return { output: {} };
}) as HandlerDefinition;

const db = await openDatabase({ kind: "postgres", url, poolSize: 8 });
await createRuntime({
  db,
  clock: systemClock,
  publicUrl: "http://127.0.0.1:9",
  handlers: [work],
  workerOptions: { leaseMs: 2000, pollMs: 50, batchSize: 16 },
  schedulerPollMs: 100,
  migrationOptions: { chunkSize: 20, batchSize: 5, concurrency: 2 },
  onWorkerError: (e) => console.error("worker error", e),
});
console.log("runtime ready");
