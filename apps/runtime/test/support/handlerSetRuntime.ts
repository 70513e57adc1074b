// A runtime process of one "build" for the blue-green test: it registers the handlers named in
// HANDLERS (comma-separated, of `bg.a` and `bg.b`), each recording its call (handler, this
// process's BUILD label, idempotency key) in `handler_call` before answering. Stops on SIGTERM.
import pg from "pg";
import { z } from "zod";
import { openDatabase } from "../../src/db/openDatabase.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import { defineHandler } from "../../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../../src/handlers/defineHandler.ts";
import { systemClock } from "../../src/clock.ts";

const url = process.env.DATABASE_URL!;
const build = process.env.BUILD!;
const calls = new pg.Pool({ connectionString: url, max: 2 });
const handler = (name: string) =>
  defineHandler(name, { input: z.unknown(), concurrency: 4 }, async (ctx) => {
    await calls.query("INSERT INTO handler_call (handler, build, idempotency_key) VALUES ($1, $2, $3)", [
      name,
      build,
      ctx.idempotencyKey,
    ]);
    return { output: {} };
  }) as HandlerDefinition;

const db = await openDatabase({ kind: "postgres", url });
const runtime = await createRuntime({
  db,
  clock: systemClock,
  publicUrl: "http://127.0.0.1:9",
  handlers: process.env.HANDLERS!.split(",").map(handler),
  workerOptions: { pollMs: 50 },
  onWorkerError: (e) => console.error("worker error", e),
});
process.once("SIGTERM", () => {
  void (async () => {
    await runtime.stop();
    await db.close();
    await calls.end();
    process.exit(0);
  })();
});
console.log("runtime ready");
