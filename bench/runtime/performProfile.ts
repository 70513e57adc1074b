// Where the time of one `instance.perform` over HTTP goes (bench/RESULTS.md "perform"): `tsx
// runtime/performProfile.ts` (from bench/). Not a benchmark of its own (no goal): on perform.bench.ts's
// set-up (a runtime process, a signed-in worker, a configured API key) it times interleaved,
// sequential calls of the tRPC perform (session cookie), the REST perform (API key), a tRPC query
// that sends no SQL (`auth.me` on the cached session), a route nobody has (404: HTTP + Fastify + the
// guards' first hook, no SQL), the raw transaction (rawStep.ts) and `SELECT 1`; prints medians and
// their ratios to the raw transaction; then logs every statement the runtime sends for 5 performs of
// each kind (server-side durations) and, with PERFORM_PROFILE_CPU=<dir>, writes the runtime's CPU profile there.
import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { createRuntime, publishModel, startInstance, systemClock } from "@flowstate/runtime";
import { summarize, timeCallsInterleaved } from "../lib/measure.ts";
import { httpClient } from "../lib/httpClient.ts";
import { scratchDatabase } from "./scratchDatabase.ts";
import { startRuntimeProcess, stopRuntimeProcess } from "./runtimeProcess.ts";
import { createUser } from "../../apps/runtime/src/auth/userAccounts.ts";
import { insertRawInstances, rawStepper } from "./rawStep.ts";
import { deskModel } from "./perform.bench.ts";

const rounds = Number(process.env.BENCH_PROFILE_ROUNDS ?? 400);
const instances = 50;
const restKey = "fsk_bench_rest_perform_key_0123456789";
const logFile = process.env.PG_LOG ?? "/var/log/postgresql/postgresql-15-main.log";

const ours = await scratchDatabase("performprofile");
const raw = await scratchDatabase("performprofile_raw");
const pool = new pg.Pool({ connectionString: raw.url, max: 2 });
let child: ChildProcess | undefined;
try {
  await publishModel({ db: ours.db, clock: systemClock }, deskModel());
  const seeding = await createRuntime({
    db: ours.db,
    clock: systemClock,
    publicUrl: "http://127.0.0.1:9",
    worker: false,
  });
  const ids: string[] = [];
  for (let i = 0; i < instances; i++)
    ids.push((await startInstance(seeding.rt, { processKey: "desk" }, randomUUID())).instanceId);
  await seeding.stop();
  await createUser(ours.db, {
    username: "bench-worker",
    password: "bench-worker-password",
    roles: ["worker"],
    groups: [],
  });
  await publishModel({ db: raw.db, clock: systemClock }, deskModel());
  const v = await raw.db.prisma.version.findFirstOrThrow({ where: { process: { key: "desk" } } });
  const rawIds = Array.from({ length: instances }, () => randomUUID());
  await insertRawInstances(pool, v.processId, v.id, rawIds, false);
  const step = rawStepper(pool, v.id);

  const cpuDir = process.env.PERFORM_PROFILE_CPU;
  const start = async (extra: string[]) => {
    const started = await startRuntimeProcess(
      ours.url,
      { FLOWSTATE_API_KEYS: `${restKey}@instances:write`, FLOWSTATE_RATE_LIMIT_API: "1000000" },
      extra,
    );
    child = started.child;
    const login = await fetch(`${started.base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "bench-worker", password: "bench-worker-password" }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    if (!login.ok || !cookie) throw new Error(`sign-in failed: ${login.status}`);
    const client = httpClient(started.base);
    const call = async (
      method: "GET" | "POST",
      path: string,
      headers: Record<string, string>,
      expect: number,
      body?: unknown,
    ) => {
      const res = await client.request(method, path, { headers, body });
      if (res.status !== expect) throw new Error(`${path}: ${res.status}`);
    };
    let n = 0;
    const next = () => ids[n++ % instances]!;
    return {
      trpc: () =>
        call("POST", "/trpc/instance.perform", { cookie }, 200, { instanceId: next(), actionId: "tick" }),
      rest: () =>
        call("POST", `/api/v1/instances/${next()}/perform`, { authorization: `Bearer ${restKey}` }, 200, {
          actionId: "tick",
        }),
      me: () => call("GET", "/trpc/auth.me", { cookie }, 200),
      floor: () => call("GET", "/api/v1/nothing", { authorization: `Bearer ${restKey}` }, 404),
      // The same 404 through Node's fetch: what the WHATWG client adds on the client's side.
      fetchFloor: async () => {
        const res = await fetch(`${started.base}/api/v1/nothing`, {
          headers: { authorization: `Bearer ${restKey}` },
        });
        await res.arrayBuffer();
        if (res.status !== 404) throw new Error(`fetch floor: ${res.status}`);
      },
    };
  };
  let k = 0;
  const rawOp = () => step(rawIds[k++ % instances]!);
  const api = await start(cpuDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuDir}`] : []);
  const calls: Record<string, () => Promise<unknown>> = {
    "tRPC instance.perform (session cookie)": api.trpc,
    "REST POST /api/v1/instances/:id/perform (API key)": api.rest,
    "tRPC auth.me (cached session, no SQL)": api.me,
    "HTTP floor (GET /api/v1/nothing: 404, no SQL)": api.floor,
    "HTTP floor through fetch (client-side cost)": api.fetchFloor,
    "raw transaction (rawStep.ts, perform.bench baseline)": rawOp,
    "raw SELECT 1": () => pool.query("SELECT 1"),
  };
  const ms = await timeCallsInterleaved(calls, { runs: rounds, warmup: 100 });
  const rawMedian = summarize(ms["raw transaction (rawStep.ts, perform.bench baseline)"]!).median;
  for (const [name, xs] of Object.entries(ms)) {
    const s = summarize(xs);
    console.log(
      `${name.padEnd(55)} median ${s.median.toFixed(3)} ms (${(s.median / rawMedian).toFixed(2)}× raw; min ${s.min.toFixed(3)}, max ${s.max.toFixed(3)})`,
    );
  }

  // The statements of 5 performs of each kind, as the server logged them (only this database logs every one).
  const dbName = new URL(ours.url).pathname.slice(1);
  await pool.query(`ALTER DATABASE "${dbName}" SET log_min_duration_statement = 0`);
  await stopRuntimeProcess(child);
  const again = await start([]);
  // Every instance once per kind first, as in the timed part (each was written by this process).
  for (let i = 0; i < instances; i++) await again.trpc();
  for (let i = 0; i < instances; i++) await again.rest();
  for (const kind of ["trpc", "rest"] as const) {
    const from = (await stat(logFile)).size;
    for (let i = 0; i < 5; i++) await again[kind]();
    const text = (await readFile(logFile)).subarray(from).toString();
    const lines = text.split("\n").filter((l) => l.includes(`@${dbName} `) && !l.includes("DETAIL"));
    console.log(`\n${lines.length} log lines for 5 ${kind} performs:`);
    for (const l of lines.slice(0, 40)) console.log(l.slice(0, 300));
  }
} finally {
  await stopRuntimeProcess(child);
  await pool.end();
  await ours.drop();
  await raw.drop();
}
