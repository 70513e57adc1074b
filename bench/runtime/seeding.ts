// What the step benchmarks share: the step handler, seeding instances without a worker, and
// waiting for them on the runtime's change feed.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { createRuntime, defineHandler, startInstance, systemClock } from "@flowstate/runtime";
import type { Database, HandlerDefinition, RunningRuntime } from "@flowstate/runtime";

/** The automatic step of the benchmarks' models: does nothing, `concurrency` calls at a time. */
export function benchStepHandler(concurrency: number): HandlerDefinition {
  return defineHandler("bench.step", { input: z.unknown(), concurrency }, async () => ({
    output: {},
  })) as HandlerDefinition;
}

/** Starts `count` instances of `key` with a runtime that runs no worker (their jobs wait); their ids. */
export async function seedInstances(
  db: Database,
  key: string,
  count: number,
  handler: HandlerDefinition,
): Promise<string[]> {
  const seeding = await createRuntime({
    db,
    clock: systemClock,
    publicUrl: "http://127.0.0.1:9",
    worker: false,
    handlers: [handler],
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await startInstance(seeding.rt, { processKey: key }, randomUUID())).instanceId);
  await seeding.stop();
  return ids;
}

/**
 * Returns once every instance of `ids` has completed, heard on `running`'s change feed (no polling:
 * the harness puts no queries on the database it measures), or after `giveUpMs` when given (then the
 * caller's count says what is missing).
 */
export async function untilCompleted(running: RunningRuntime, ids: readonly string[], giveUpMs?: number) {
  const waiting = new Set(ids);
  const abort = new AbortController();
  const giveUp = giveUpMs === undefined ? undefined : setTimeout(() => abort.abort(), giveUpMs);
  for await (const change of running.rt.feed.subscribe(abort.signal)) {
    if (change.status === "completed") waiting.delete(change.instanceId);
    if (waiting.size === 0) abort.abort();
  }
  clearTimeout(giveUp);
}
