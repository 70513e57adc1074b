// Searching instances by a captured identifier on a large database: `GET /api/v1/instances?
// identifierName=…&identifierValue=…` (over HTTP, an API key, the runtime as its own OS process)
// (node:http with keep-alive, bench/lib/httpClient.ts) against the raw indexed SQL query that answers the same rows and columns (through `pg`, no HTTP), on the
// same database of BENCH_SEARCH_INSTANCES instances (default 1,000,000), each with one identifier.
// Sequential calls (latency, not throughput), rounds interleaved; ratio of the medians per round.
import { randomInt } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import type { BenchResult } from "../lib/BenchResult.ts";
import { summarize } from "../lib/measure.ts";
import { httpClient } from "../lib/httpClient.ts";
import { scratchDatabase } from "./scratchDatabase.ts";
import { startRuntimeProcess, stopRuntimeProcess } from "./runtimeProcess.ts";
import { fillSearchDatabase } from "./searchData.ts";

const rounds = Number(process.env.BENCH_RUNS ?? 5);
const total = Number(process.env.BENCH_SEARCH_INSTANCES ?? 1_000_000);
const callsPerRound = 200;
const apiKey = "fsk_bench_search_key_0123456789abcdef";

async function timed(op: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await op();
  return performance.now() - t0;
}

const median = (xs: number[]) => summarize(xs).median;

/**
 * The raw indexed SQL query that answers what the API answers for instance `B-<n>` (through `pg`, no
 * HTTP): the same rows and columns — the page (newest first, 50 + 1 to know whether there is a next
 * page) with each instance's version and process, and the running / locked instances per version
 * and state over the same filter. A named prepared statement (planned once per connection), so
 * the baseline is the best this query does through `pg`.
 */
export async function rawSearch(pool: pg.Pool, processId: string, n: number): Promise<void> {
  const { rows } = await pool.query<{ business_key: string; counts: unknown }>({
    name: "bench_raw_identifier_search",
    text: `SELECT i.id, i.business_key, i.status, i.outcome, i.current_state_id, i.has_incident, i.started_at,
                  i.ended_at, v.id AS version_id, v.number AS version_number, p.key AS process_key, p.name AS process_name,
                  (SELECT json_agg(json_build_array(c.version_id, c.current_state_id, c.n))
                     FROM (SELECT j.version_id, j.current_state_id, count(*) AS n
                             FROM identifier e JOIN instance j ON j.id = e.instance_id
                            WHERE e.process_id = $1 AND e.name = $2 AND e.value = $3 AND j.status IN ('running', 'locked')
                            GROUP BY j.version_id, j.current_state_id) c) AS counts
             FROM identifier d JOIN instance i ON i.id = d.instance_id
                  JOIN version v ON v.id = i.version_id JOIN process p ON p.id = i.process_id
            WHERE d.process_id = $1 AND d.name = $2 AND d.value = $3
            ORDER BY i.started_at DESC, i.id DESC
            LIMIT 51`,
    values: [processId, "customerId", `C-${n}`],
  });
  if (rows[0]?.business_key !== `B-${n}` || !Array.isArray(rows[0].counts))
    throw new Error(`raw search for C-${n} found nothing`);
}

export async function run(): Promise<BenchResult[]> {
  const db = await scratchDatabase("search");
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  let child: ChildProcess | undefined;
  try {
    const { processId } = await fillSearchDatabase(db.db, pool, total);
    const started = await startRuntimeProcess(db.url, {
      FLOWSTATE_API_KEYS: `${apiKey}@instances:read`,
      // Counted as in production (an upsert per 17 REST requests, decision 0043), never reached here.
      FLOWSTATE_RATE_LIMIT_API: "1000000",
    });
    child = started.child;
    const client = httpClient(started.base);
    const rest = async (n: number) => {
      const query = new URLSearchParams({
        processKey: "case",
        identifierName: "customerId",
        identifierValue: `C-${n}`,
      });
      const res = await client.request("GET", `/api/v1/instances?${query}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      const body = JSON.parse(res.text) as { items?: { businessKey: string }[] };
      if (res.status !== 200 || body.items?.[0]?.businessKey !== `B-${n}`)
        throw new Error(`search for C-${n}: ${res.status} ${res.text.slice(0, 300)}`);
    };
    const raw = (n: number) => rawSearch(pool, processId, n);
    // Warm both (plans, connections, and the runtime's code: with 50 warm-up calls the first two
    // rounds still ran 1.5–2× slower than the rest while the JIT tiered up), then interleaved rounds
    // of sequential calls on random instances.
    for (let k = 0; k < 1000; k++) {
      await rest(randomInt(1, total + 1));
      await raw(randomInt(1, total + 1));
    }
    const ratios: number[] = [];
    const restMs: number[] = [];
    const rawMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const a: number[] = [];
      const b: number[] = [];
      for (let k = 0; k < callsPerRound; k++) {
        a.push(await timed(() => rest(randomInt(1, total + 1))));
        b.push(await timed(() => raw(randomInt(1, total + 1))));
      }
      restMs.push(median(a));
      rawMs.push(median(b));
      ratios.push(median(a) / median(b));
    }
    client.close();
    const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" / ");
    return [
      {
        name: `GET /api/v1/instances?identifier… on ${total.toLocaleString("en")} instances vs the raw indexed SQL query (goal ≤ 3)`,
        unit: "× raw median",
        ratio: summarize(ratios),
        detail: `median REST ${median(restMs).toFixed(2)} ms (HTTP, API key, list + counts per state), raw ${median(rawMs).toFixed(2)} ms (pg, no HTTP, same rows and columns, counts included); ${rounds} rounds of ${callsPerRound} sequential calls; per round REST ${list(restMs)} ms, raw ${list(rawMs)} ms`,
      },
    ];
  } finally {
    await stopRuntimeProcess(child);
    await pool.end();
    await db.drop();
  }
}
