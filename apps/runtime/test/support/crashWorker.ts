// A runtime worker process for the crash test: runs the `work` handler, which records every call
// (idempotency key) in `handler_call` before answering, then sleeps a little to widen the window
// in which a SIGKILL lands between the handler's side effect and the step that records it.
// Two calls at a time and 10–50 ms each make the 1,000 steps need about 15 worker-seconds, so a
// worker's random lifetime (0.3–1.8 s) ends many times before the run does however fast steps get:
// the number of kills follows from the work, not from how quickly this machine happens to run it.
import { openDatabase } from "../../src/db/openDatabase.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import { systemClock } from "../../src/clock.ts";
import { recordingWork } from "./recordingWork.ts";

const url = process.env.DATABASE_URL!;
const work = recordingWork(url, {
  concurrency: 2,
  connections: 4,
  // The handler's work takes a random while: the window a SIGKILL lands in (the thing under test).
  after: () => new Promise((r) => setTimeout(r, 10 + Math.random() * 40)),
});

const db = await openDatabase({ kind: "postgres", url });
await createRuntime({
  db,
  clock: systemClock,
  publicUrl: "http://127.0.0.1:9",
  handlers: [work],
  workerOptions: { leaseMs: 3000, pollMs: 50, batchSize: 16 },
  onWorkerError: (e) => console.error("worker error", e),
});
console.log("worker ready");
