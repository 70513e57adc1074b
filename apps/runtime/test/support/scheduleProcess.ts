// A runtime process for the two-process schedule test: a full runtime (worker, scheduler loop
// every 25 ms) on the test database, whose clock is the time written in FLOWSTATE_TEST_CLOCK_FILE
// (the test advances it; it replaces the file atomically). A plain `Clock` (src/clock.ts): the
// runtime's code has no test hook. Over IPC, `{ type: "poll", id }` runs one extra scheduler poll
// at once and answers `{ type: "polled", id, outcomes }`, so the test can make both processes poll
// at the same moment of the shared clock on top of their own loops.
import { readFileSync } from "node:fs";
import type { Clock } from "../../src/clock.ts";
import { openDatabase } from "../../src/db/openDatabase.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import { Scheduler } from "../../src/schedules/Scheduler.ts";

const clockFile = process.env.FLOWSTATE_TEST_CLOCK_FILE!;
const fileClock: Clock = { now: () => new Date(readFileSync(clockFile, "utf8").trim()) };
const report = (error: unknown) =>
  console.error(`scheduler error: ${error instanceof Error ? error.message : String(error)}`);

const db = await openDatabase({ kind: "postgres", url: process.env.DATABASE_URL!, poolSize: 6 });
const runtime = await createRuntime({
  db,
  clock: fileClock,
  publicUrl: "http://127.0.0.1:9",
  worker: true,
  workerOptions: { pollMs: 50 },
  schedulerPollMs: 25,
  onWorkerError: report,
});
const scheduler = new Scheduler(runtime.rt, { onError: report });

process.on("message", (message: { type: string; id: number }) => {
  if (message.type !== "poll") return;
  scheduler.runOnce().then(
    (outcomes) => process.send!({ type: "polled", id: message.id, outcomes }),
    (error: unknown) => {
      report(error);
      process.send!({ type: "polled", id: message.id, outcomes: [] });
    },
  );
});
process.once("SIGTERM", () => {
  void runtime
    .stop()
    .then(() => db.close())
    .finally(() => process.exit(0));
});
process.send!({ type: "ready", pid: process.pid });
