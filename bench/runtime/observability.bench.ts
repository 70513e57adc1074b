// Durable automatic steps/s with observability on — Prometheus metrics counted and OpenTelemetry
// traces exported over OTLP/HTTP to a local receiver in its own process — vs off, in the same run: the throughput
// bench's workload (M instances of a 10-step automatic process, one worker, concurrency 16), each
// side on its own scratch database, runs interleaved.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { publishModel, systemClock, Tracing } from "@flowstate/runtime";
import type { BenchResult } from "../lib/BenchResult.ts";
import { formatRates, summarizeRatios } from "../lib/measure.ts";
import { scratchDatabase } from "./scratchDatabase.ts";
import { flowstateStepsPerSecond, tenStepModel } from "./throughput.bench.ts";

const runs = Number(process.env.BENCH_RUNS ?? 5);

/** The OTLP receiver in its own OS process (`otlpSink.ts`), as a collector runs beside a runtime. */
async function otlpReceiver(): Promise<{
  url: string;
  spans: () => Promise<number>;
  close(): Promise<void>;
}> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./otlpSink.ts", import.meta.url))],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  const url = line.trim();
  return {
    url,
    spans: async () => ((await (await fetch(`${url}/count`)).json()) as { spans: number }).spans,
    close: async () => {
      child.kill();
      await once(child, "exit");
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const off = await scratchDatabase("obs_off");
  const on = await scratchDatabase("obs_on");
  const receiver = await otlpReceiver();
  const tracing = Tracing.otlp(receiver.url, "flowstate-bench");
  try {
    for (const db of [off.db, on.db]) await publishModel({ db, clock: systemClock }, tenStepModel("ten"));
    const plain: number[] = [];
    const observed: number[] = [];
    for (let i = 0; i < runs; i++) {
      plain.push(await flowstateStepsPerSecond(off.db, "ten"));
      observed.push(await flowstateStepsPerSecond(on.db, "ten", { metrics: true, tracing }));
    }
    await tracing.flush();
    const received = await receiver.spans();
    if (received === 0) throw new Error("the OTLP receiver got no spans: tracing was not on");
    const fmt = formatRates;
    return [
      {
        name: "steps/s with metrics + tracing (OTLP) vs off (goal ≥ 0.9)",
        unit: "× off",
        ratio: summarizeRatios(observed, plain),
        detail: `on ${fmt(observed)}; off ${fmt(plain)}; ${received} spans received (by a receiver process); ${runs} interleaved runs`,
      },
    ];
  } finally {
    await tracing.shutdown();
    await receiver.close();
    await off.drop();
    await on.drop();
  }
}
