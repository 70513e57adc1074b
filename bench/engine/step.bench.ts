// (c) One `step` on the sales case's busiest state (POD signing, both ways open: the DSP callback
// arrives, the or fires, the digital signature is recorded and the next action starts), median
// µs, as a ratio to structuredClone of the same state (the cost floor of copying it).
import { step } from "@flowstate/engine";
import type { BenchResult } from "../lib/BenchResult.ts";
import { measureInterleaved, summarize } from "../lib/measure";
import { salesCaseBusyState, T0 } from "./benchModels";

export async function run(): Promise<BenchResult[]> {
  const { model, state, event } = salesCaseBusyState();
  const check = step(model, state, event, T0);
  if (!check.ok) throw new Error(check.rejection.message);
  const runs = 15;
  const samples = measureInterleaved(
    { step: () => step(model, state, event, T0), clone: () => structuredClone(state) },
    { runs, warmup: 5, inner: 300 },
  );
  const ratios = samples.step.map((ms, i) => ms / (samples.clone[i] as number));
  const s = summarize(samples.step);
  const c = summarize(samples.clone);
  const us = (ms: number) => (ms * 1000).toFixed(1);
  const kb = (JSON.stringify(state).length / 1024).toFixed(1);
  return [
    {
      name: "engine: step on the sales case's busiest state vs structuredClone",
      unit: "× structuredClone",
      ratio: summarize(ratios),
      detail: `median step ${us(s.median)} µs (min ${us(s.min)}, max ${us(s.max)}) vs structuredClone ${us(c.median)} µs (min ${us(c.min)}, max ${us(c.max)}) of a ${kb} KB state; ${check.records.history.length} history entries, ${check.effects.length} effects; ${runs} interleaved runs × 300`,
    },
  ];
}
