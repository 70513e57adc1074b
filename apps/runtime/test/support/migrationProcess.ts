// A runtime process for the migration kill test: a full runtime (worker + migration executor) on
// the test database; it picks up `running` migration runs and is SIGKILLed mid-batch by the test.
import { openDatabase } from "../../src/db/openDatabase.ts";
import { createRuntime } from "../../src/instances/createRuntime.ts";
import { systemClock } from "../../src/clock.ts";

const db = await openDatabase({ kind: "postgres", url: process.env.DATABASE_URL! });
await createRuntime({ db, clock: systemClock, publicUrl: "http://127.0.0.1:9", worker: true, workerOptions: { pollMs: 50 }, onWorkerError: (e) => console.error("worker error", e) });
console.log("runtime ready");
