// 100 scenarios of the sales case run by the play engine in Node (`runScenario`, what `flowstate test`
// and the modeler run) against the same 100 scenarios through the runtime's HTTP API on PostgreSQL,
// measured in the same run (issue 23: play ≥ 100× faster).
//
// The scenarios are those of processes/sales-case.scenarios.json, taken in turn. Through HTTP each
// one starts an instance (`POST /api/v1/instances`), performs manual actions
// (`POST /api/v1/instances/:id/perform`), completes automatic ones as a remote worker would
// (`POST /api/jobs/fetch-and-lock`, then `/api/jobs/:id/complete`), checks every expectation on
// `GET /api/v1/instances/:id`, and waits for the runtime's own work (built-in handlers, timers) to
// finish before the next step. The virtual clock's moves are the one thing not sent over HTTP: the
// runtime runs on a manual clock that the benchmark sets (a real clock cannot move 14 days).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readFile } from "node:fs/promises";
import { createV1Client, apiScopes } from "@flowstate/client";
import type { V1Methods } from "@flowstate/client";
import { addDuration, nextDueTime, parseScenarioFile, PLAY_START, runScenario } from "@flowstate/engine";
import type { Expectation, JsonObject, Scenario } from "@flowstate/engine";
import { parseModel } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import {
  createInnerContext,
  createRuntime,
  createServer,
  manualClock,
  publishModel,
} from "@flowstate/runtime";
import type { BenchResult } from "../lib/BenchResult.ts";
import { summarize } from "../lib/measure.ts";
import { scratchDatabase } from "./scratchDatabase.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const processes = path.resolve(here, "../../processes");
const rounds = Number(process.env.BENCH_RUNS ?? 3);
const SCENARIOS = 100;
const BUILTINS = new Set(["setVariables", "noop"]);
const apiKey = "bench-scenarios-key";

async function load(): Promise<{ model: ProcessModel; scenarios: Scenario[] }> {
  const parsed = parseModel(
    JSON.parse(await readFile(path.join(processes, "sales-case.model.json"), "utf8")),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const file = parseScenarioFile(
    JSON.parse(await readFile(path.join(processes, "sales-case.scenarios.json"), "utf8")),
  );
  if (!file.ok) throw new Error(JSON.stringify(file.problems));
  const scenarios = Array.from(
    { length: SCENARIOS },
    (_, i) => file.file.scenarios[i % file.file.scenarios.length]!,
  );
  return { model: parsed.model, scenarios };
}

export async function run(): Promise<BenchResult[]> {
  const { model, scenarios } = await load();
  for (const s of scenarios.slice(0, 2)) {
    const result = runScenario(model, s);
    if (!result.ok) throw new Error(`scenario "${s.name}" fails in play: ${result.failure?.message}`);
  }
  const handlerOf = new Map<string, string>();
  for (const n of model.nodes)
    if (n.kind === "action" && n.mode === "automatic" && n.handler !== undefined)
      handlerOf.set(n.id, n.handler);
  const remote = [...new Set([...handlerOf.values()].filter((h) => !BUILTINS.has(h)))];

  const scratch = await scratchDatabase("scenarios");
  const clock = manualClock(new Date(PLAY_START));
  const running = await createRuntime({
    db: scratch.db,
    clock,
    publicUrl: "http://127.0.0.1:9",
    worker: true,
    workerOptions: { pollMs: 10 },
    remoteHandlers: remote,
  });
  const ctx = createInnerContext({ db: scratch.db, clock, appVersion: "bench", rt: running.rt });
  const app = await createServer({
    context: ctx,
    apiKeys: [`${apiKey}@signals+handler:*+${apiScopes.join("+")}`],
    rateLimits: { loginPerMinute: 100, apiPerMinute: 10_000_000 },
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const client = createV1Client({ baseUrl: base, apiKey });
  try {
    await publishModel(ctx, model);

    /** No job this process runs (built-ins, timers) is due now for the instance. */
    const settled = async (instanceId: string) => {
      for (;;) {
        const due = await scratch.db.prisma.job.count({
          where: {
            instanceId,
            runAt: { lte: clock.now() },
            kind: { not: "compensation" },
            OR: [{ handler: null }, { handler: { notIn: remote } }],
          },
        });
        if (due === 0) return;
        await new Promise((r) => setTimeout(r, 2));
      }
    };

    const check = async (c: V1Methods, instanceId: string, expect: Expectation, where: string) => {
      const detail = await c.getInstance({ params: { id: instanceId } });
      const problems: string[] = [];
      if (expect.status !== undefined && detail.status !== expect.status)
        problems.push(`status ${detail.status}`);
      if (expect.state !== undefined && detail.currentStateId !== expect.state)
        problems.push(`state ${detail.currentStateId}`);
      for (const [name, value] of Object.entries(expect.variables ?? {}))
        if (JSON.stringify((detail.variables as JsonObject)[name]) !== JSON.stringify(value))
          problems.push(`variable ${name}`);
      if (problems.length)
        throw new Error(`${where}: expected ${JSON.stringify(expect)}, got ${problems.join(", ")}`);
    };

    const viaHttp = async (scenario: Scenario, n: number) => {
      const now = scenario.start ?? PLAY_START;
      clock.set(new Date(now));
      const { instanceId } = await client.startInstance({
        body: { processKey: model.key, businessKey: `bench-${n}`, variables: scenario.variables ?? {} },
      });
      await settled(instanceId);
      for (const [i, s] of scenario.steps.entries()) {
        const where = `${scenario.name} #${n} step ${i}`;
        if ("perform" in s) {
          await client.performAction({
            params: { id: instanceId },
            body: { actionId: s.perform, input: s.input ?? {} },
          });
        } else if ("complete" in s) {
          const handler = handlerOf.get(s.complete)!;
          let job;
          while (!job) {
            const { jobs } = await client.fetchAndLock({
              body: {
                workerId: "bench",
                handlers: [handler],
                maxJobs: 100,
                lockDurationMs: 60_000,
                waitMs: 1000,
              },
            });
            job = jobs.find((j) => j.instanceId === instanceId && j.actionId === s.complete);
          }
          await client.completeJob({
            params: { id: job.id },
            body: { lockToken: job.lockToken, output: (s.output ?? {}) as JsonObject },
          });
        } else if ("clock" in s) {
          const state = (
            await scratch.db.prisma.instance.findUniqueOrThrow({
              where: { id: instanceId },
              select: { state: true },
            })
          ).state as unknown as Parameters<typeof nextDueTime>[0];
          const target =
            s.clock === "next" ? nextDueTime(state) : addDuration(clock.now().toISOString(), s.clock);
          if (target) clock.set(new Date(target));
          running.rt.wake();
        } else if (!("expect" in s)) {
          throw new Error(`${where}: the benchmark does not send ${JSON.stringify(s)}`);
        }
        await settled(instanceId);
        if (s.expect) await check(client, instanceId, s.expect, where);
      }
    };

    const viaPlay = () => {
      for (const s of scenarios) if (!runScenario(model, s).ok) throw new Error(`"${s.name}" failed in play`);
    };

    // Warm-up: both paths once.
    viaPlay();
    for (const [i, s] of scenarios.slice(0, 10).entries()) await viaHttp(s, -1 - i);

    const ratios: number[] = [];
    const playMs: number[] = [];
    const httpMs: number[] = [];
    let counter = 0;
    for (let round = 0; round < rounds; round++) {
      // Play: the median of 9 batches of 100 (one batch takes a few milliseconds).
      const batches: number[] = [];
      for (let b = 0; b < 9; b++) {
        const t0 = performance.now();
        viaPlay();
        batches.push(performance.now() - t0);
      }
      const play = summarize(batches).median;
      const t0 = performance.now();
      for (const s of scenarios) await viaHttp(s, counter++);
      const http = performance.now() - t0;
      playMs.push(play);
      httpMs.push(http);
      ratios.push(http / play);
    }
    const p = summarize(playMs);
    const h = summarize(httpMs);
    return [
      {
        name: `100 sales-case scenarios: play in Node vs the runtime's HTTP API`,
        unit: "× faster in play (goal ≥ 100)",
        ratio: summarize(ratios),
        detail:
          `play ${p.median.toFixed(1)} ms per 100 (min ${p.min.toFixed(1)}, max ${p.max.toFixed(1)}); ` +
          `HTTP ${h.median.toFixed(0)} ms per 100 (min ${h.min.toFixed(0)}, max ${h.max.toFixed(0)}); ${rounds} rounds`,
      },
    ];
  } finally {
    await app.close();
    await running.stop();
    await scratch.drop();
  }
}
