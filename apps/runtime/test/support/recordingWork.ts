import pg from "pg";
import { z } from "zod";
import { defineHandler } from "../../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../../src/handlers/defineHandler.ts";

/**
 * The `work` handler of the kill tests' runtime processes: it records each call's idempotency key in
 * `handler_call` (on the database at `url`) before answering, then runs `after` (the window a SIGKILL
 * may land in between the side effect and the step that records it).
 */
export function recordingWork(
  url: string,
  options: { concurrency: number; connections: number; after?: () => Promise<void> },
): HandlerDefinition {
  const calls = new pg.Pool({ connectionString: url, max: options.connections });
  return defineHandler("work", { input: z.unknown(), concurrency: options.concurrency }, async (ctx) => {
    await calls.query("INSERT INTO handler_call (idempotency_key) VALUES ($1)", [ctx.idempotencyKey]);
    await options.after?.();
    return { output: { step: ctx.actionId } };
  }) as HandlerDefinition;
}
