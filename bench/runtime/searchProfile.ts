// Where the time of one `GET /api/v1/instances?identifier…` goes (bench/RESULTS.md "identifier
// search"): `tsx runtime/searchProfile.ts` (from bench/). Not a benchmark of its own (no goal): on
// the search benchmark's database (BENCH_SEARCH_INSTANCES, default 100,000) and runtime process, it
// times interleaved, sequential calls of the REST search, a one-query REST route, a route nobody
// has (404: HTTP + Fastify + the guards' first hook, no SQL) and the raw SQL query; then logs every
// statement the runtime sends for 10 searches (server-side durations) and, with
// SEARCH_PROFILE_CPU=<dir>, writes the runtime's CPU profile there.
import { randomInt } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { summarize, timeCallsInterleaved } from "../lib/measure.ts";
import { httpClient } from "../lib/httpClient.ts";
import { scratchDatabase } from "./scratchDatabase.ts";
import { startRuntimeProcess, stopRuntimeProcess } from "./runtimeProcess.ts";
import { fillSearchDatabase } from "./searchData.ts";
import { rawSearch } from "./search.bench.ts";

const total = Number(process.env.BENCH_SEARCH_INSTANCES ?? 100_000);
const rounds = Number(process.env.BENCH_PROFILE_ROUNDS ?? 400);
const apiKey = "fsk_bench_search_key_0123456789abcdef";
const logFile = process.env.PG_LOG ?? "/var/log/postgresql/postgresql-15-main.log";

const db = await scratchDatabase("searchprofile");
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
let child: ChildProcess | undefined;
try {
  const { processId } = await fillSearchDatabase(db.db, pool, total);
  const cpuDir = process.env.SEARCH_PROFILE_CPU;
  const started = await startRuntimeProcess(
    db.url,
    {
      FLOWSTATE_API_KEYS: `${apiKey}@instances:read+processes:read`,
      FLOWSTATE_RATE_LIMIT_API: "1000000",
    },
    cpuDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuDir}`] : [],
  );
  child = started.child;
  const client = httpClient(started.base);
  const get = async (path: string, expect: number) => {
    const res = await client.request("GET", path, { headers: { authorization: `Bearer ${apiKey}` } });
    if (res.status !== expect) throw new Error(`${path}: ${res.status}`);
  };
  const fetchGet = async (path: string, expect: number) => {
    const res = await fetch(`${started.base}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    await res.arrayBuffer();
    if (res.status !== expect) throw new Error(`${path}: ${res.status}`);
  };
  const search = (n: number) =>
    get(`/api/v1/instances?processKey=case&identifierName=customerId&identifierValue=C-${n}`, 200);
  const calls: Record<string, () => Promise<unknown>> = {
    "REST search": () => search(randomInt(1, total + 1)),
    "REST GET /api/v1/processes/case (one Prisma query)": () => get("/api/v1/processes/case", 200),
    "HTTP floor (GET /api/v1/nothing: 404, no SQL)": () => get("/api/v1/nothing", 404),
    "HTTP floor through fetch (client-side cost)": () => fetchGet("/api/v1/nothing", 404),
    "raw SQL (search.bench.ts baseline)": () => rawSearch(pool, processId, randomInt(1, total + 1)),
    "raw SELECT 1": () => pool.query("SELECT 1"),
  };
  const ms = await timeCallsInterleaved(calls, { runs: rounds, warmup: 100 });
  for (const [name, xs] of Object.entries(ms)) {
    const s = summarize(xs);
    console.log(
      `${name.padEnd(55)} median ${s.median.toFixed(3)} ms (min ${s.min.toFixed(3)}, max ${s.max.toFixed(3)})`,
    );
  }

  // The statements of 10 searches, as the server logged them (only this database logs every one).
  const dbName = new URL(db.url).pathname.slice(1);
  await pool.query(`ALTER DATABASE "${dbName}" SET log_min_duration_statement = 0`);
  await stopRuntimeProcess(child);
  const again = await startRuntimeProcess(db.url, {
    FLOWSTATE_API_KEYS: `${apiKey}@instances:read+processes:read`,
    FLOWSTATE_RATE_LIMIT_API: "1000000",
  });
  child = again.child;
  const searchAgain = async (n: number) => {
    const res = await fetch(
      `${again.base}/api/v1/instances?processKey=case&identifierName=customerId&identifierValue=C-${n}`,
      { headers: { authorization: `Bearer ${apiKey}` } },
    );
    await res.arrayBuffer();
  };
  for (let k = 0; k < 20; k++) await searchAgain(randomInt(1, total + 1));
  const from = (await stat(logFile)).size;
  for (let k = 0; k < 10; k++) await searchAgain(randomInt(1, total + 1));
  const text = (await readFile(logFile)).subarray(from).toString();
  const lines = text.split("\n").filter((l) => l.includes(`@${dbName} `));
  console.log(`\n${lines.length} log lines for 10 searches:`);
  for (const l of lines.slice(0, 60)) console.log(l.slice(0, 400));
} finally {
  await stopRuntimeProcess(child);
  await pool.end();
  await db.drop();
}
