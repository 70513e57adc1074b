// Durable automatic steps/s with observability on — Prometheus metrics counted and OpenTelemetry
// traces exported over OTLP/HTTP to a local receiver — vs off, in the same run: the throughput
// bench's workload (M instances of a 10-step automatic process, one worker, concurrency 16), each
// side on its own scratch database, runs interleaved.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { publishModel, systemClock, Tracing } from "@flowstate/runtime";
import type { BenchResult } from "../lib/BenchResult.ts";
import { formatRates, summarize } from "../lib/measure.ts";
import { scratchDatabase } from "./scratchDatabase.ts";
import { flowstateStepsPerSecond, tenStepModel } from "./throughput.bench.ts";

const runs = Number(process.env.BENCH_RUNS ?? 5);

/** A local OTLP/HTTP receiver: reads each export (JSON) and counts its spans. */
async function otlpReceiver(): Promise<{ url: string; spans: () => number; close(): Promise<void> }> {
  let spans = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const doc = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] };
      for (const r of doc.resourceSpans ?? [])
        for (const s of r.scopeSpans ?? []) spans += s.spans?.length ?? 0;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: () => spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
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
    if (receiver.spans() === 0) throw new Error("the OTLP receiver got no spans: tracing was not on");
    const ratios = observed.map((o, i) => o / plain[i]!);
    const fmt = formatRates;
    return [
      {
        name: "steps/s with metrics + tracing (OTLP) vs off (goal ≥ 0.9)",
        unit: "× off",
        ratio: summarize(ratios),
        detail: `on ${fmt(observed)}; off ${fmt(plain)}; ${receiver.spans()} spans received; ${runs} interleaved runs`,
      },
    ];
  } finally {
    await tracing.shutdown();
    await receiver.close();
    await off.drop();
    await on.drop();
  }
}
