// Publishing a large model without blocking the event loop (issue 18 D4): the longest event-loop
// stall while a 1,200-node (~700 KB) model is parsed, validated and hashed — in the runtime's worker
// pool (`ModelWorkers.check`, what save/import/publish do) vs on the event loop (parseModel +
// validateModel + contentHash, what they did before). The stall is the longest gap
// between ticks of a 1 ms interval timer around each call; interleaved, 7 runs (1 warm-up).
// Ratio: inline stall / worker stall (how many times longer the loop was blocked before).
import { createHash } from "node:crypto";
import { contentHash, generateModel, parseModel, validateModel } from "@flowstate/model";
import { ModelWorkers } from "@flowstate/runtime";
import type { BenchResult } from "../lib/BenchResult.ts";
import { summarize } from "../lib/measure";

/** The longest gap between ticks of a 1 ms interval timer while `fn` runs (the ticker runs before and after). */
async function stall(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  longest = 0;
  last = performance.now();
  await fn();
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(ticker);
  return longest;
}

export async function run(): Promise<BenchResult[]> {
  const model = { ...generateModel({ states: 40, nodesPerState: 30 }), key: "large" };
  const kb = (JSON.stringify(model).length / 1024).toFixed(0);
  const pool = new ModelWorkers();
  const inline: number[] = [];
  const worker: number[] = [];
  try {
    for (let round = 0; round < 8; round++) {
      const w = await stall(() => pool.check(model, true));
      const i = await stall(async () => {
        const parsed = parseModel(JSON.parse(JSON.stringify(model)));
        if (!parsed.ok) throw new Error("the generated model does not parse");
        validateModel(parsed.model);
        contentHash(parsed.model, (text) => createHash("sha256").update(text).digest("hex"));
      });
      if (round === 0) continue;
      worker.push(w);
      inline.push(i);
    }
  } finally {
    await pool.close();
  }
  const w = summarize(worker);
  const i = summarize(inline);
  return [
    {
      name: `runtime: longest event-loop stall checking a ${kb} KB model, on the loop vs in the worker pool`,
      unit: "× longer on the loop",
      ratio: summarize(inline.map((ms, k) => ms / (worker[k] as number))),
      detail: `median stall ${i.median.toFixed(1)} ms (min ${i.min.toFixed(1)}, max ${i.max.toFixed(1)}) on the loop vs ${w.median.toFixed(1)} ms (min ${w.min.toFixed(1)}, max ${w.max.toFixed(1)}) with ModelWorkers; 7 interleaved runs`,
    },
  ];
}
