// (a) Evaluation cost vs history length: unlockedActions on a 200-action / 400-line state whose
// history holds 10,000 completed occurrences, as a ratio to the same query after 10 completions.
// Goal ≤ 1.5 (the state keeps per-node summaries; history is never rescanned).
import { unlockedActions } from "@flowstate/engine";
import type { BenchResult } from "../lib/BenchResult.ts";
import { measureInterleaved, summarize } from "../lib/measure";
import { wideModel, wideState } from "./benchModels";

export async function run(): Promise<BenchResult[]> {
  const model = wideModel();
  const short = wideState(model, 10);
  const long = wideState(model, 10_000);
  const a = unlockedActions(model, short).map((x) => x.nodeId);
  const b = unlockedActions(model, long).map((x) => x.nodeId);
  if (a.join() !== b.join()) throw new Error("the two states should offer the same actions");
  const runs = 21;
  const samples = measureInterleaved(
    { long: () => unlockedActions(model, long), short: () => unlockedActions(model, short) },
    { runs, warmup: 5, inner: 2000 },
  );
  const ratios = samples.long.map((ms, i) => ms / (samples.short[i] as number));
  const l = summarize(samples.long);
  const s = summarize(samples.short);
  const us = (ms: number) => (ms * 1000).toFixed(1);
  return [
    {
      name: "engine: unlockedActions, 10,000 vs 10 completions in history",
      unit: "× (goal ≤ 1.5)",
      ratio: summarize(ratios),
      detail: `median ${us(l.median)} µs (min ${us(l.min)}, max ${us(l.max)}) with 10,000 completions vs ${us(s.median)} µs (min ${us(s.min)}, max ${us(s.max)}) with 10; 200 actions, 400 lines, ${a.length} unlocked; ${runs} interleaved runs × 2000 calls`,
    },
  ];
}
