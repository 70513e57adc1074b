// `instance.perform` latency over real HTTP (tRPC at /trpc) at half of its measured maximum load,
// against raw `pg` transactions doing the writes a step does (rawStep.ts) at the same offered load,
// measured in the same run on the same Postgres.
//
// Per round: (1) closed loop, C clients performing as fast as they can for a few seconds → the
// maximum rate R; (2) open loop at R/2 for Flowstate, then for raw transactions: requests are sent on
// a fixed schedule whatever the previous ones did, and latency counts from the scheduled send time
// (no coordinated omission). Ratios are p50 and p99 of Flowstate over raw. The same perform through
// the public REST API (`POST /api/v1/instances/:id/perform` with an API key) runs at the same rate in
// the same round (its order against tRPC alternates per round): REST p50 over tRPC p50. Requests go
// over keep-alive node:http connections (bench/lib/httpClient.ts; until 2026-12-06 through `fetch`,
// whose client-side cost of ~0.3 ms per call counted against Flowstate).
//
// The runtime under test runs as it is deployed: its own OS process (`apps/runtime/src/main.ts` on the
// scratch database, worker off as before, with the deployed Node flags of apps/runtime/nodeFlags.json
// since 2026-11-25), the load generator in this process. Until 2026-11-24 the
// server ran inside the benchmark process, so the HTTP client's garbage collections stalled the
// server too: one old-generation collection (15–30 ms) in a 4 s window put Flowstate's p99 anywhere
// between 3× and 30× raw from one run to the next.
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createRuntime, publishModel, startInstance, systemClock } from "@flowstate/runtime";
import type { BenchResult } from "../lib/BenchResult.ts";
import { summarize } from "../lib/measure.ts";
import { httpClient } from "../lib/httpClient.ts";
import { scratchDatabase } from "./scratchDatabase.ts";
import { startRuntimeProcess, stopRuntimeProcess } from "./runtimeProcess.ts";
import { createUser } from "../../apps/runtime/src/auth/userAccounts.ts";
import { insertRawInstances, rawStepper } from "./rawStep.ts";
import { oneStateModel } from "./benchModel.ts";

const rounds = Number(process.env.BENCH_RUNS ?? 5);
const instances = 200;
const concurrency = 16;
const maxLoadMs = 3000;
const openLoopMs = 4000;
/** A configured API key of the runtime under test, for the REST performs. */
const restKey = "fsk_bench_rest_perform_key_0123456789";

/** One state with a manual action that may be performed any number of times. */
export function deskModel() {
  return oneStateModel("desk", "Desk", [
    { id: "tick", kind: "action", name: "Tick", mode: "manual", maxOccurs: 0 },
  ]);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] as number;
}

/** Closed loop: C workers call `op(i)` back to back for `ms`; returns operations per second. */
async function maxRate(op: (worker: number, n: number) => Promise<void>, ms: number): Promise<number> {
  let count = 0;
  const end = performance.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let n = 0; performance.now() < end; n++) {
        await op(w, n);
        count++;
      }
    }),
  );
  return count / ((performance.now() - t0) / 1000);
}

/** Open loop at `rate`/s for `ms`: latency of each call from its scheduled send time, sorted. */
async function openLoop(op: (n: number) => Promise<void>, rate: number, ms: number): Promise<number[]> {
  const total = Math.max(1, Math.floor((rate * ms) / 1000));
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let n = 0; n < total; n++) {
    const due = t0 + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(op(n).then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

export async function run(): Promise<BenchResult[]> {
  const ours = await scratchDatabase("perform");
  const raw = await scratchDatabase("perform_raw");
  let child: ChildProcess | undefined;
  const pool = new pg.Pool({ connectionString: raw.url, max: concurrency * 4 });
  try {
    await publishModel({ db: ours.db, clock: systemClock }, deskModel());
    const ids: string[] = [];
    // Set-up (not measured) through an in-process runtime, stopped before the runtime under test starts.
    const seeding = await createRuntime({
      db: ours.db,
      clock: systemClock,
      publicUrl: "http://127.0.0.1:9",
      worker: false,
    });
    for (let i = 0; i < instances; i++)
      ids.push((await startInstance(seeding.rt, { processKey: "desk" }, randomUUID())).instanceId);
    await seeding.stop();
    const started = await startRuntimeProcess(ours.url, {
      FLOWSTATE_API_KEYS: `${restKey}@instances:write`,
      // Counted as in production (an upsert per 17 REST requests, decision 0043), never reached at the bench's rates.
      FLOWSTATE_RATE_LIMIT_API: "1000000",
    });
    child = started.child;
    const base = started.base;
    // A signed-in case worker, as in production: every perform carries the session cookie.
    await createUser(ours.db, {
      username: "bench-worker",
      password: "bench-worker-password",
      roles: ["worker"],
      groups: [],
    });
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "bench-worker", password: "bench-worker-password" }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    if (!login.ok || !cookie) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    // Keep-alive connections (bench/lib/httpClient.ts), as load generators send.
    const client = httpClient(base);
    const perform = async (n: number) => {
      const res = await client.request("POST", "/trpc/instance.perform", {
        headers: { cookie },
        body: { instanceId: ids[n % instances], actionId: "tick" },
      });
      if (res.status !== 200) throw new Error(`perform ${res.status}: ${res.text}`);
    };

    const restPerform = async (n: number) => {
      const res = await client.request("POST", `/api/v1/instances/${ids[n % instances]}/perform`, {
        headers: { authorization: `Bearer ${restKey}` },
        body: { actionId: "tick" },
      });
      if (res.status !== 200) throw new Error(`REST perform ${res.status}: ${res.text}`);
    };
    await restPerform(0);

    await publishModel({ db: raw.db, clock: systemClock }, deskModel());
    const v = await raw.db.prisma.version.findFirstOrThrow({ where: { process: { key: "desk" } } });
    const rawIds = Array.from({ length: instances }, () => randomUUID());
    await insertRawInstances(pool, v.processId, v.id, rawIds, false);
    const step = rawStepper(pool, v.id);
    const rawOp = (n: number) => step(rawIds[n % instances] as string);

    // Each worker of the closed loop owns its slice of instances, so they never wait on each other's row lock.
    const slice = instances / concurrency;
    const p50: number[] = [];
    const p99: number[] = [];
    const rest50: number[] = [];
    const detail = {
      rest: [] as number[],
      max: [] as number[],
      ours50: [] as number[],
      ours99: [] as number[],
      raw50: [] as number[],
      raw99: [] as number[],
    };
    for (let round = 0; round < rounds; round++) {
      const rate = await maxRate(
        (w, n) => perform(Math.floor(w * slice) + (n % Math.floor(slice))),
        maxLoadMs,
      );
      const half = rate / 2;
      const restFirst = round % 2 === 1;
      const e1 = restFirst ? await openLoop(restPerform, half, openLoopMs) : [];
      const o = await openLoop(perform, half, openLoopMs);
      const e = restFirst ? e1 : await openLoop(restPerform, half, openLoopMs);
      const r = await openLoop(rawOp, half, openLoopMs);
      detail.rest.push(quantile(e, 0.5));
      rest50.push(quantile(e, 0.5) / quantile(o, 0.5));
      detail.max.push(rate);
      detail.ours50.push(quantile(o, 0.5));
      detail.ours99.push(quantile(o, 0.99));
      detail.raw50.push(quantile(r, 0.5));
      detail.raw99.push(quantile(r, 0.99));
      p50.push(quantile(o, 0.5) / quantile(r, 0.5));
      p99.push(quantile(o, 0.99) / quantile(r, 0.99));
    }
    client.close();
    const m = (xs: number[]) => summarize(xs).median.toFixed(2);
    const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" / ");
    const load = `at ${(summarize(detail.max).median / 2).toFixed(0)}/s (half of the measured maximum ${summarize(detail.max).median.toFixed(0)}/s, ${concurrency} clients); ${rounds} rounds`;
    return [
      {
        name: "instance.perform p99 latency over HTTP vs raw pg transaction, at half max load (goal ≤ 3)",
        unit: "× raw p99",
        ratio: summarize(p99),
        // Per round too: on a disk with fsync stalls one round's p99 can be a stall on either side.
        detail: `p99 Flowstate ${m(detail.ours99)} ms, raw ${m(detail.raw99)} ms ${load}; per round Flowstate ${list(detail.ours99)} ms, raw ${list(detail.raw99)} ms`,
      },
      {
        name: "REST perform (POST /api/v1/instances/:id/perform, API key) p50 vs tRPC instance.perform p50 (goal ≤ 1.2)",
        unit: "× tRPC p50",
        ratio: summarize(rest50),
        detail: `p50 REST ${m(detail.rest)} ms, tRPC ${m(detail.ours50)} ms ${load}; per round REST ${list(detail.rest)} ms, tRPC ${list(detail.ours50)} ms`,
      },
      {
        name: "instance.perform p50 latency over HTTP vs raw pg transaction, at half max load (goal ≤ 2)",
        unit: "× raw p50",
        ratio: summarize(p50),
        detail: `p50 Flowstate ${m(detail.ours50)} ms, raw ${m(detail.raw50)} ms ${load}; per round Flowstate ${list(detail.ours50)} ms, raw ${list(detail.raw50)} ms`,
      },
    ];
  } finally {
    await stopRuntimeProcess(child);
    await pool.end();
    await ours.drop();
    await raw.drop();
  }
}
