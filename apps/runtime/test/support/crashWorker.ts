// A runtime worker process for the crash test: runs the `work` handler, which records every call
// (idempotency key) in `handler_call` before answering, then sleeps a little to widen the window
// in which a SIGKILL lands between the handler's side effect and the step that records it.
// Two calls at a time and 10–50 ms each make the 1,000 steps need about 15 worker-seconds, so a
// worker's random lifetime (0.3–1.8 s) ends many times before the run does however fast steps get:
// the number of kills follows from the work, not from how quickly this machine happens to run it.
import { startRecordingRuntime } from "./recordingWork.ts";

await startRecordingRuntime({
  work: {
    concurrency: 2,
    connections: 4,
    // The handler's work takes a random while: the window a SIGKILL lands in (the thing under test).
    after: () => new Promise((r) => setTimeout(r, 10 + Math.random() * 40)),
  },
  runtime: { workerOptions: { leaseMs: 3000, pollMs: 50, batchSize: 16 } },
});
console.log("worker ready");
