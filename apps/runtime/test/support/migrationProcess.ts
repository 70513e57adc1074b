// A runtime process for the migration kill test: a full runtime (worker + migration executor) on
// the test database; it picks up `running` migration runs and is SIGKILLed mid-batch by the test.
import { openDatabase } from "../../src/db/openDatabase.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import { systemClock } from "../../src/clock.ts";

const db = await openDatabase({ kind: "postgres", url: process.env.DATABASE_URL! });
// Small batches (many transactions per chunk of 200), so the kill lands between some of them.
await createRuntime({
  db,
  clock: systemClock,
  publicUrl: "http://127.0.0.1:9",
  worker: true,
  workerOptions: { pollMs: 50 },
  migrationOptions: { chunkSize: 200, batchSize: 10, concurrency: 4 },
  onWorkerError: (e) => console.error("worker error", e),
});
console.log("runtime ready");
