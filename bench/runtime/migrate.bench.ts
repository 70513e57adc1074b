// Migrating running instances to a new version (issue 7 §5): a migration run vs a raw batched
// UPDATE of as many rows cloned alike, in the same run (the rounds and what they measure:
// migrateRounds.ts).
//
// The rounds run in their own Node process, as the runtime runs when deployed: its code bundled
// by esbuild the way `pnpm build` bundles dist/main.js (apps/runtime/bundle.mjs; tsx, which runs
// the other benchmarks, wraps every function it creates to keep its name, and the migration's
// Node side is half of its cost), started with the runtime's deployed Node flags
// (apps/runtime/nodeFlags.json; `npm start` uses the same), which size the heap it runs in. The
// raw UPDATE runs in that process too.
import { spawn } from "node:child_process";
import path from "node:path";
import type { BenchResult } from "../lib/BenchResult.ts";
import { runtimeNodeFlags } from "../../apps/runtime/src/nodeFlags.ts";
import { bundle, modelWorkerEntry } from "../../apps/runtime/bundle.mjs";
import { RESULT_PREFIX } from "./migrateRounds.ts";

export async function run(): Promise<BenchResult[]> {
  // Inside apps/runtime, so that the runtime's dependencies resolve as they do for dist/main.js.
  const outdir = path.resolve(import.meta.dirname, "../../apps/runtime/dist/bench");
  await bundle(
    { migrateRounds: path.join(import.meta.dirname, "migrateRounds.ts"), modelWorker: modelWorkerEntry },
    outdir,
  );
  const child = spawn(
    process.execPath,
    [...runtimeNodeFlags, path.join(outdir, "migrateRounds.js"), "--rounds"],
    {
      cwd: path.resolve(import.meta.dirname, ".."),
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let results: BenchResult[] | undefined;
  let pending = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.startsWith(RESULT_PREFIX))
        results = JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult[];
      else console.log(line);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0 || !results)
    throw new Error(
      `the migration rounds (${runtimeNodeFlags.join(" ")}) exited with ${code}${results ? "" : " without a result"}`,
    );
  return results;
}
