/**
 * Play step latency on the sales case (issue 23: p95 ≤ 5 ms in Chromium): every step of the sales
 * case's scenarios taken as the modeler's play mode takes it (`takeStep` on the draft, then the
 * instance overlay the canvas shows; React's render is the canvas benchmark's business), in headless
 * Chromium (apps/modeler/bench.html?play) and, as the baseline measured in the same run, in this
 * Node process on the same code (apps/modeler/src/bench/playStepProbe.ts). The ratio is Chromium's
 * p95 over Node's; the detail gives both p95s against the 5 ms goal.
 */
import { parseScenarioFile } from "@flowstate/engine";
import { fixtures } from "@flowstate/model/fixtures";
import salesCaseScenarios from "../../processes/sales-case.scenarios.json" with { type: "json" };
import type { BenchResult } from "../lib/BenchResult.ts";
import { launchBenchBrowser, quantile, serveBenchPages } from "../lib/benchPage.ts";
import { summarize } from "../lib/measure.ts";
import { playStepDurations } from "../../apps/modeler/src/bench/playStepProbe.ts";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
/** Times each scenario is played per round (the sales case has two scenarios of four to six steps). */
const REPEATS = 100;
const GOAL_MS = 5;

export async function run(): Promise<BenchResult[]> {
  const file = parseScenarioFile(salesCaseScenarios);
  if (!file.ok) throw new Error(JSON.stringify(file.problems));
  const model = fixtures["sales-case"];
  const server = await serveBenchPages();
  const browser = await launchBenchBrowser();
  const p95 = { chromium: [] as number[], node: [] as number[] };
  let steps = 0;
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/bench.html?play`);
    await page.waitForFunction(`typeof window.__playBench === "function"`);
    await page.evaluate(`window.__playBench(20)`); // warm-up
    playStepDurations(model, file.file.scenarios, 20);
    for (let round = 0; round < ROUNDS; round++) {
      const inChromium = await page.evaluate<number[]>(`window.__playBench(${REPEATS})`);
      const inNode = playStepDurations(model, file.file.scenarios, REPEATS);
      steps = inChromium.length;
      p95.chromium.push(
        quantile(
          [...inChromium].sort((a, b) => a - b),
          0.95,
        ),
      );
      p95.node.push(
        quantile(
          [...inNode].sort((a, b) => a - b),
          0.95,
        ),
      );
    }
  } finally {
    await browser.close();
    server.close();
  }
  const c = summarize(p95.chromium);
  const n = summarize(p95.node);
  return [
    {
      name: `play step on the sales case (engine step + overlay): p95 in Chromium / p95 in Node (goal: Chromium p95 ≤ ${GOAL_MS} ms)`,
      unit: "× Node p95",
      ratio: summarize(p95.chromium.map((x, i) => x / (p95.node[i] as number))),
      detail: `p95 per step: Chromium ${c.median.toFixed(2)} ms (min ${c.min.toFixed(2)}, max ${c.max.toFixed(2)}; goal ≤ ${GOAL_MS} ms: ${c.max <= GOAL_MS ? "met in every round" : "missed"}), Node ${n.median.toFixed(2)} ms (min ${n.min.toFixed(2)}, max ${n.max.toFixed(2)}); ${steps} steps per round, ${ROUNDS} rounds`,
    },
  ];
}
