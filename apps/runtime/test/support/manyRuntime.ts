// One of several runtime processes on one database for the many-processes test: a full runtime
// (worker, scheduler, migration executor) with the `work` handler, which records each call's
// idempotency key in `handler_call` before answering. The test SIGKILLs and restarts it.
import { openDatabase } from "../../src/db/openDatabase.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import { systemClock } from "../../src/clock.ts";
import { recordingWork } from "./recordingWork.ts";

const url = process.env.DATABASE_URL!;
const work = recordingWork(url, { concurrency: 8, connections: 2 });

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
