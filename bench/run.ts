// `pnpm bench [filter]`: runs every bench/**/*.bench.ts (or those whose path contains the filter)
// and prints each result as a ratio against a baseline measured in the same run.
// Each bench module exports `run(): Promise<BenchResult[]>`.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchResult } from "./lib/BenchResult.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];

async function findBenches(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" ? [] : findBenches(full);
      return e.name.endsWith(".bench.ts") ? [full] : [];
    }),
  );
  return found.flat().sort();
}

const files = (await findBenches(here)).filter((f) => !filter || path.relative(here, f).includes(filter));
if (files.length === 0) {
  console.error(filter ? `no benchmark matches "${filter}"` : "no benchmarks found");
  process.exit(1);
}

const rows: (BenchResult & { file: string })[] = [];
let failed = false;
for (const file of files) {
  const rel = path.relative(here, file);
  console.log(`\n▶ ${rel}`);
  try {
    const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<BenchResult[]> };
    if (typeof mod.run !== "function") throw new Error("does not export run()");
    for (const result of await mod.run()) {
      rows.push({ ...result, file: rel });
      console.log(
        `  ${result.name}: ${fmt(result.ratio.median)} ${result.unit} (min ${fmt(result.ratio.min)}, max ${fmt(result.ratio.max)})`,
      );
      console.log(`    ${result.detail}`);
    }
  } catch (error) {
    failed = true;
    console.error(`  failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

console.log(
  "\nbenchmark".padEnd(64) + "median".padStart(10) + "min".padStart(10) + "max".padStart(10) + "  unit",
);
for (const r of rows) {
  console.log(
    r.name.padEnd(63) +
      fmt(r.ratio.median).padStart(10) +
      fmt(r.ratio.min).padStart(10) +
      fmt(r.ratio.max).padStart(10) +
      `  ${r.unit}`,
  );
}
process.exit(failed ? 1 : 0);

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}
