// (b) In-memory throughput of a 20-step sequential automatic process, start to finish: the
// engine (initialState + one `complete` per step, handlers answered at once) against the
// `bpmn-engine` package running the equivalent 20-service-task BPMN process (service functions
// that call back synchronously), interleaved in the same run. Goal: ≥ 10× faster.
import { initialState, step } from "@flowstate/engine";
import type { InstanceState } from "@flowstate/engine";
import { Engine } from "bpmn-engine";
import type { BenchResult } from "../lib/BenchResult.ts";
import { summarize } from "../lib/measure";
import { sequentialBpmn, sequentialModel, T0 } from "./benchModels";

const STEPS = 20;
const model = sequentialModel(STEPS);
const source = sequentialBpmn(STEPS);
const services = {
  done: (_context: unknown, next: (error: unknown, result?: unknown) => void) => next(null, { ok: true }),
};

function flowstateInstance(i: number): void {
  const started = initialState(model, { instanceId: `i${i}`, businessKey: `b${i}`, version: 1, now: T0 });
  if (!started.ok) throw new Error(started.rejection.message);
  let state: InstanceState = started.state;
  let effects = started.effects;
  for (;;) {
    const call = effects.find((e) => e.type === "callHandler");
    if (!call) break;
    const r = step(
      model,
      state,
      { type: "complete", occurrenceId: call.occurrenceId, attempt: call.attempt, output: { ok: true } },
      T0,
    );
    if (!r.ok) throw new Error(r.rejection.message);
    state = r.state;
    effects = r.effects;
  }
  if (state.status !== "completed") throw new Error(`instance ended ${state.status}`);
}

function bpmnInstance(): Promise<void> {
  const engine = new Engine({ name: "bench", source });
  return new Promise((resolve, reject) => {
    engine.execute({ services }, (error: unknown) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
    );
  });
}

export async function run(): Promise<BenchResult[]> {
  const runs = 9;
  const warmup = 2;
  const perSampleFlowstate = 200;
  const perSampleBpmn = 20;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < runs + warmup; round++) {
    let t = performance.now();
    for (let i = 0; i < perSampleFlowstate; i++) flowstateInstance(i);
    const a = (performance.now() - t) / perSampleFlowstate;
    t = performance.now();
    for (let i = 0; i < perSampleBpmn; i++) await bpmnInstance();
    const b = (performance.now() - t) / perSampleBpmn;
    if (round >= warmup) {
      ours.push(a);
      theirs.push(b);
    }
  }
  const speedups = ours.map((ms, i) => (theirs[i] as number) / ms);
  const o = summarize(ours);
  const t = summarize(theirs);
  return [
    {
      name: "engine: 20-step sequential process vs bpmn-engine",
      unit: "× faster (goal ≥ 10)",
      ratio: summarize(speedups),
      detail: `median ${(o.median * 1000).toFixed(0)} µs per instance (min ${(o.min * 1000).toFixed(0)}, max ${(o.max * 1000).toFixed(0)}) vs bpmn-engine ${t.median.toFixed(2)} ms (min ${t.min.toFixed(2)}, max ${t.max.toFixed(2)}), start to finish in memory; ${runs} interleaved runs of ${perSampleFlowstate} / ${perSampleBpmn} instances`,
    },
  ];
}
