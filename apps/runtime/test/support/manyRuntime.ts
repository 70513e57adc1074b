// One of several runtime processes on one database for the many-processes test: a full runtime
// (worker, scheduler, migration executor) with the `work` handler, which records each call's
// idempotency key in `handler_call` before answering. The test SIGKILLs and restarts it.
import { startRecordingRuntime } from "./recordingWork.ts";

await startRecordingRuntime({
  work: { concurrency: 8, connections: 2 },
  poolSize: 8,
  runtime: {
    workerOptions: { leaseMs: 2000, pollMs: 50, batchSize: 16 },
    schedulerPollMs: 100,
    migrationOptions: { chunkSize: 20, batchSize: 5, concurrency: 2 },
  },
});
console.log("runtime ready");
