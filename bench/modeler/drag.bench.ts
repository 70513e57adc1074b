/**
 * Canvas drag benchmark in headless Chromium: a generated model of ~500 nodes and ~600 lines and
 * transitions, one node dragged for a few seconds by the page itself (one mouse move per animation
 * frame, see BenchProbe's `dragFor`), frame times from requestAnimationFrame deltas.
 * Our editor canvas (custom memoized nodes, store, history gesture) against stock React Flow default
 * nodes on the same graph, interleaved in the same run. The page is `apps/modeler/bench.html`, built
 * with `vite.bench.config.ts` and served from a throwaway static server.
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "../lib/BenchResult.ts";
import { chromium } from "@playwright/test";

const here = path.dirname(fileURLToPath(import.meta.url));
const modeler = path.resolve(here, "../../apps/modeler");
const dist = path.join(modeler, "dist/bench");

const ROUNDS = 3;
const DRAG_MS = 3000;
const SIZE = { states: 25, nodesPerState: 20 };

type Variant = "ours" | "stock";

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i] as number;
}

function serve(root: string): Promise<{ url: string; close: () => void }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".map": "application/json" };
  const server = createServer(async (req, res) => {
    const rel = decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/").replace(/^\/+/, "") || "bench.html";
    const file = path.join(root, rel);
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })));
}

export async function run(): Promise<BenchResult[]> {
  execFileSync(path.join(modeler, "node_modules/.bin/vite"), ["build", "--config", "vite.bench.config.ts", "--logLevel", "error"], { cwd: modeler, stdio: "inherit" });
  const server = await serve(dist);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
  });
  const medians: Record<Variant, number[]> = { ours: [], stock: [] };
  const p95s: Record<Variant, number[]> = { ours: [], stock: [] };
  /** Frames per second over the whole drag (frames / time): rAF deltas are vsync-quantised, so their median hides slow frames. */
  const rates: Record<Variant, number[]> = { ours: [], stock: [] };
  const moves: Record<Variant, number[]> = { ours: [], stock: [] };
  let size = "";
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of ["stock", "ours"] as const) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(`${server.url}/bench.html?variant=${variant}&states=${SIZE.states}&nodesPerState=${SIZE.nodesPerState}`);
        await page.waitForFunction(`window.__bench !== undefined && document.querySelectorAll(".react-flow__node").length > 0`);
        await page.waitForTimeout(500);
        const info = await page.evaluate<{ nodes: number; edges: number }>(`({ nodes: window.__bench.nodes, edges: window.__bench.edges })`);
        size = `${info.nodes} nodes, ${info.edges} edges`;
        // a node in the middle of the graph, dragged back and forth around where it is
        const centre = await page.evaluate<{ x: number; y: number } | undefined>(`window.__bench.focus("s12_check")`);
        if (!centre) throw new Error("no node to drag");
        const { deltas: raw, moved } = await page.evaluate<{ deltas: number[]; moved: boolean }>(`window.__bench.drag("s12_check", ${DRAG_MS})`);
        if (!moved) throw new Error(`${variant}: the node did not move during the drag`);
        const deltas = [...raw].sort((a, b) => a - b);
        moves[variant].push(deltas.length);
        await page.close();
        medians[variant].push(quantile(deltas, 0.5));
        rates[variant].push((1000 * deltas.length) / deltas.reduce((a, b) => a + b, 0));
        p95s[variant].push(quantile(deltas, 0.95));
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const ratios = rates.ours.map((ours, i) => ours / (rates.stock[i] as number));
  const sorted = [...ratios].sort((a, b) => a - b);
  const med = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
  const fps = (ms: number) => (1000 / ms).toFixed(1);
  return [
    {
      name: `modeler canvas drag, ${size}: our fps / stock React Flow fps (goal ≥ 0.7)`,
      unit: "× stock fps",
      ratio: { median: quantile(sorted, 0.5), min: sorted[0] as number, max: sorted[sorted.length - 1] as number },
      detail: `fps over the drag ours ${med(rates.ours).toFixed(1)}, stock ${med(rates.stock).toFixed(1)}; frame time median ours ${med(medians.ours).toFixed(1)} ms (${fps(med(medians.ours))} fps), p95 ${med(p95s.ours).toFixed(1)} ms; stock ${med(medians.stock).toFixed(1)} ms (${fps(med(medians.stock))} fps), p95 ${med(p95s.stock).toFixed(1)} ms; ${ROUNDS} interleaved rounds of ${DRAG_MS / 1000} s, frames (= pointer moves) per round ours ${med(moves.ours)} / stock ${med(moves.stock)}`,
    },
  ];
}
