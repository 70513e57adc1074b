// (e) Dead-end search on each seed fixture, fed with its scenarios' inputs and outputs: situations
// explored per second and whether the search finished within its budget. Ratio: the search's time
// per event tried against the time per step of replaying the fixture's own scenarios (`runScenario`,
// the play engine without the search), interleaved in the same run — the search's own overhead
// (canonical keys, bookkeeping) on top of the play steps it takes.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findDeadEnds, parseScenarioFile, runScenario, scenarioSamples } from "@flowstate/engine";
import type { DeadEndOptions, ScenarioFile } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { fixtures } from "@flowstate/model/fixtures";
import type { FixtureName } from "@flowstate/model/fixtures";
import type { BenchResult } from "../lib/BenchResult.ts";
import { measureInterleaved, summarize } from "../lib/measure";

const processes = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../processes");
/** The budget each fixture must finish within. */
const BUDGET = { maxStates: 5000, maxSteps: 50_000 };

async function scenarioFile(name: FixtureName): Promise<ScenarioFile> {
  const parsed = parseScenarioFile(
    JSON.parse(await readFile(path.join(processes, `${name}.scenarios.json`), "utf8")),
  );
  if (!parsed.ok) throw new Error(`${name}.scenarios.json: ${JSON.stringify(parsed.problems)}`);
  return parsed.file;
}

async function one(name: FixtureName, model: ProcessModel): Promise<BenchResult> {
  const file = await scenarioFile(name);
  const options: DeadEndOptions = {
    ...scenarioSamples(file),
    start: { variables: file.scenarios[0]?.variables ?? {} },
    ...BUDGET,
  };
  const check = findDeadEnds(model, options);
  const scenarioSteps = file.scenarios.reduce((n, s) => n + s.steps.length, 0);
  const runs = 15;
  const samples = measureInterleaved(
    {
      search: () => findDeadEnds(model, options),
      scenarios: () => file.scenarios.map((s) => runScenario(model, s)),
    },
    { runs, warmup: 5, inner: 3 },
  );
  const perEvent = samples.search.map((ms) => ms / check.steps);
  const perScenarioStep = samples.scenarios.map((ms) => ms / scenarioSteps);
  const ratios = perEvent.map((ms, i) => ms / (perScenarioStep[i] as number));
  const s = summarize(samples.search);
  const perSecond = (ms: number) => Math.round((check.explored / ms) * 1000).toLocaleString("en");
  const verdict = check.complete
    ? `finished within its budget (${BUDGET.maxStates} situations, ${BUDGET.maxSteps} events)`
    : `did NOT finish within its budget (${check.budget.hit} ran out)`;
  return {
    name: `engine: dead-end search on ${name} per event vs a scenario step`,
    unit: "× a scenario step",
    ratio: summarize(ratios),
    detail: `${verdict}; ${check.explored} situations, ${check.steps} events, ${check.deadEnds.length} dead ends; median ${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}) = ${perSecond(s.median)} situations/s (min ${perSecond(s.max)}, max ${perSecond(s.min)}); ${runs} interleaved runs × 3`,
  };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const [name, model] of Object.entries(fixtures) as [FixtureName, ProcessModel][])
    results.push(await one(name, model));
  return results;
}
