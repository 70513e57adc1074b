import pg from "pg";
import { z } from "zod";
import { openDatabase } from "../../src/db/openDatabase.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import type { RuntimeOptions } from "../../src/createRuntime.ts";
import { defineHandler } from "../../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../../src/handlers/defineHandler.ts";
import { systemClock } from "../../src/clock.ts";

/**
 * The runtime of a kill test's OS process, on `DATABASE_URL`: its `work` handler records each call's
 * idempotency key in `handler_call` before answering, then runs `work.after` (the window a SIGKILL
 * may land in between the side effect and the step that records it). `runtime` adds to the options.
 */
export async function startRecordingRuntime(options: {
  work: { concurrency: number; connections: number; after?: () => Promise<void> };
  poolSize?: number;
  runtime: Partial<RuntimeOptions>;
}): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const calls = new pg.Pool({ connectionString: url, max: options.work.connections });
  const work = defineHandler(
    "work",
    { input: z.unknown(), concurrency: options.work.concurrency },
    async (ctx) => {
      await calls.query("INSERT INTO handler_call (idempotency_key) VALUES ($1)", [ctx.idempotencyKey]);
      await options.work.after?.();
      return { output: { step: ctx.actionId } };
    },
  ) as HandlerDefinition;
  await createRuntime({
    db: await openDatabase({
      kind: "postgres",
      url,
      ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    }),
    clock: systemClock,
    publicUrl: "http://127.0.0.1:9",
    handlers: [work],
    onWorkerError: (e) => console.error("worker error", e),
    ...options.runtime,
  });
}
