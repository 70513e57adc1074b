/**
 * Canvas benchmarks in headless Chromium, our editor canvas (custom memoized nodes, store, history
 * gesture) against stock React Flow default nodes on the same generated graph, interleaved in the
 * same run (a fresh page per measurement):
 * - drag at 525 and at 2,000 nodes: one node dragged for a few seconds by the page itself (one
 *   mouse move per animation frame, see BenchProbe's `dragFor`), fps over the drag from
 *   requestAnimationFrame deltas;
 * - time to the first interactive frame of the 525-node page (500 nodes in 25 states): from
 *   navigation start to the first frame painted after React Flow measured every node.
 * The page is `apps/modeler/bench.html`, built with `vite.bench.config.ts` and served from a
 * throwaway static server. `FLOWSTATE_BENCH_DRAG_ROUNDS` sets the rounds (default 3).
 */
import type { BenchResult } from "../lib/BenchResult.ts";
import { launchBenchBrowser, quantile, serveBenchPages } from "../lib/benchPage.ts";

const ROUNDS = Number(process.env.FLOWSTATE_BENCH_DRAG_ROUNDS ?? 3);
const DRAG_MS = 3000;
/** Graph sizes (states + their nodes) and the drag goal at each, as a ratio of stock React Flow's fps. */
const SIZES = [
  { label: "525", states: 25, nodesPerState: 20, goal: 0.9 },
  { label: "2000", states: 80, nodesPerState: 24, goal: 0.8 },
] as const;
const FIRST_FRAME_GOAL = 1.5;

type Variant = "ours" | "stock";

export async function run(): Promise<BenchResult[]> {
  const server = await serveBenchPages();
  const browser = await launchBenchBrowser();
  type Samples = Record<Variant, number[]>;
  const empty = (): Samples => ({ ours: [], stock: [] });
  const drag = Object.fromEntries(
    SIZES.map((s) => [
      s.label,
      { rates: empty(), medians: empty(), p95s: empty(), moves: empty(), size: "" },
    ]),
  ) as Record<string, { rates: Samples; medians: Samples; p95s: Samples; moves: Samples; size: string }>;
  const firstFrame = empty();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const size of SIZES) {
        for (const variant of ["stock", "ours"] as const) {
          const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
          await page.goto(
            `${server.url}/bench.html?variant=${variant}&states=${size.states}&nodesPerState=${size.nodesPerState}`,
          );
          await page.waitForFunction(
            `window.__bench !== undefined && document.querySelectorAll(".react-flow__node").length > 0`,
            undefined,
            { timeout: 120_000 },
          );
          const first = await page.evaluate<number>(`window.__bench.firstInteractiveFrame`);
          if (size === SIZES[0]) firstFrame[variant].push(first);
          await page.waitForTimeout(500);
          const info = await page.evaluate<{ nodes: number; edges: number }>(
            `({ nodes: window.__bench.nodes, edges: window.__bench.edges })`,
          );
          const d = drag[size.label]!;
          d.size = `${info.nodes} nodes, ${info.edges} edges`;
          // a node in the middle of the graph, dragged back and forth around where it is
          const centre = await page.evaluate<{ x: number; y: number } | undefined>(
            `window.__bench.focus("s12_check")`,
          );
          if (!centre) throw new Error("no node to drag");
          const { deltas: raw, moved } = await page.evaluate<{ deltas: number[]; moved: boolean }>(
            `window.__bench.drag("s12_check", ${DRAG_MS})`,
          );
          if (!moved) throw new Error(`${variant}: the node did not move during the drag`);
          const deltas = [...raw].sort((a, b) => a - b);
          await page.close();
          d.moves[variant].push(deltas.length);
          d.medians[variant].push(quantile(deltas, 0.5));
          d.rates[variant].push((1000 * deltas.length) / deltas.reduce((a, b) => a + b, 0));
          d.p95s[variant].push(quantile(deltas, 0.95));
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const med = (xs: number[]) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.5,
    );
  const spread = (ratios: number[]) => {
    const sorted = [...ratios].sort((a, b) => a - b);
    return {
      median: quantile(sorted, 0.5),
      min: sorted[0] as number,
      max: sorted[sorted.length - 1] as number,
    };
  };
  const fps = (ms: number) => (1000 / ms).toFixed(1);
  const results: BenchResult[] = SIZES.map((size) => {
    const d = drag[size.label]!;
    return {
      name: `modeler canvas drag, ${d.size}: our fps / stock React Flow fps (goal ≥ ${size.goal})`,
      unit: "× stock fps",
      ratio: spread(d.rates.ours.map((ours, i) => ours / (d.rates.stock[i] as number))),
      detail: `fps over the drag ours ${med(d.rates.ours).toFixed(1)}, stock ${med(d.rates.stock).toFixed(1)}; frame time median ours ${med(d.medians.ours).toFixed(1)} ms (${fps(med(d.medians.ours))} fps), p95 ${med(d.p95s.ours).toFixed(1)} ms; stock ${med(d.medians.stock).toFixed(1)} ms (${fps(med(d.medians.stock))} fps), p95 ${med(d.p95s.stock).toFixed(1)} ms; ${ROUNDS} interleaved rounds of ${DRAG_MS / 1000} s, frames (= pointer moves) per round ours ${med(d.moves.ours)} / stock ${med(d.moves.stock)}; per-round ratios ${d.rates.ours.map((o, i) => (o / (d.rates.stock[i] as number)).toFixed(2)).join(", ")}`,
    };
  });
  results.push({
    name: `modeler canvas, 500-node model: time to first interactive frame, ours / stock React Flow (goal ≤ ${FIRST_FRAME_GOAL})`,
    unit: "× stock time",
    ratio: spread(firstFrame.ours.map((ours, i) => ours / (firstFrame.stock[i] as number))),
    detail: `from navigation start to the first frame painted after every node was measured: ours ${med(firstFrame.ours).toFixed(0)} ms (${firstFrame.ours.map((x) => x.toFixed(0)).join(", ")}), stock ${med(firstFrame.stock).toFixed(0)} ms (${firstFrame.stock.map((x) => x.toFixed(0)).join(", ")}); ${ROUNDS} interleaved rounds, same page bundle for both`,
  });
  return results;
}
