import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  coveragePercent,
  coverageTotals,
  describeFailure,
  mergeCoverage,
  parseScenarioFile,
  runScenario,
} from "@flowstate/engine";
import type { Coverage, ScenarioResult } from "@flowstate/engine";
import { parseModel } from "@flowstate/model";

/** One scenario as run by the CLI: the engine's result plus its wall time. */
export interface ScenarioRun {
  result: ScenarioResult;
  millis: number;
  /** The failure in words, element names from the model (`describeFailure`); absent when it passes. */
  failure?: string;
}

/** Everything about one `<name>.model.json` of the folder. */
export interface ProcessRun {
  /** The model file name, e.g. `sales-case.model.json`. */
  file: string;
  processKey?: string;
  /** The model or the scenario file could not be read: no scenario ran. */
  error?: string;
  scenarios: ScenarioRun[];
  covered: Coverage;
  totals: Coverage;
}

export interface FolderRun {
  folder: string;
  processes: ProcessRun[];
  passed: number;
  failed: number;
  /** Files that could not be read (a bad model, a bad scenario file, scenarios without a model). */
  errors: number;
}

export const MODEL_SUFFIX = ".model.json";
export const SCENARIOS_SUFFIX = ".scenarios.json";

async function readJson(
  file: string,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  try {
    return { ok: true, value: JSON.parse(await readFile(file, "utf8")) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads `file` of `folder` as JSON and parses it with `parse`; a failure is worded with the file's name. */
async function load<T>(
  folder: string,
  file: string,
  parse: (json: unknown) => Parsed<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  const json = await readJson(path.join(folder, file));
  const parsed = json.ok ? parse(json.value) : json;
  return parsed.ok ? parsed : { ok: false, error: `${file}: ${parsed.message}` };
}

const emptyCoverage = (): Coverage => ({ actions: [], lines: [], transitions: [] });

/**
 * Runs every scenario file `<name>.scenarios.json` against the model `<name>.model.json` next to it,
 * for every model file of `folder` (not recursive, the runtime's processes folder layout).
 */
export async function testFolder(folder: string): Promise<FolderRun> {
  const names = (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const models = names.filter((n) => n.endsWith(MODEL_SUFFIX)).sort();
  const orphans = names
    .filter((n) => n.endsWith(SCENARIOS_SUFFIX))
    .filter((n) => !names.includes(n.slice(0, -SCENARIOS_SUFFIX.length) + MODEL_SUFFIX))
    .sort();
  const processes: ProcessRun[] = [];
  for (const file of models) {
    const base = file.slice(0, -MODEL_SUFFIX.length);
    const run: ProcessRun = { file, scenarios: [], covered: emptyCoverage(), totals: emptyCoverage() };
    processes.push(run);
    const loaded = await load(folder, file, (json) => {
      const parsed = parseModel(json);
      return parsed.ok
        ? { ok: true, value: parsed.model }
        : { ok: false, message: parsed.problems.map((p) => p.message).join("; ") };
    });
    if (!loaded.ok) {
      run.error = loaded.error;
      continue;
    }
    const model = loaded.value;
    run.processKey = model.key;
    run.totals = coverageTotals(model);
    const scenarioFile = base + SCENARIOS_SUFFIX;
    if (!names.includes(scenarioFile)) continue;
    const scenarios = await load(folder, scenarioFile, (json) => {
      const parsed = parseScenarioFile(json);
      return parsed.ok
        ? { ok: true, value: parsed.file }
        : {
            ok: false,
            message: parsed.problems.map((p) => `${p.path || "(root)"}: ${p.message}`).join("; "),
          };
    });
    if (!scenarios.ok) {
      run.error = scenarios.error;
      continue;
    }
    if (scenarios.value.process !== model.key) {
      run.error = `${scenarioFile}: its process is ${scenarios.value.process}, the model's key is ${model.key}`;
      continue;
    }
    for (const scenario of scenarios.value.scenarios) {
      const started = performance.now();
      const result = runScenario(model, scenario);
      const millis = performance.now() - started;
      run.scenarios.push({
        result,
        millis,
        ...(result.failure ? { failure: describeFailure(model, scenario, result.failure) } : {}),
      });
    }
    run.covered = mergeCoverage(...run.scenarios.map((s) => s.result.coverage));
  }
  for (const file of orphans)
    processes.push({
      file,
      error: `${file}: no model file ${file.slice(0, -SCENARIOS_SUFFIX.length) + MODEL_SUFFIX} next to it`,
      scenarios: [],
      covered: emptyCoverage(),
      totals: emptyCoverage(),
    });
  const all = processes.flatMap((p) => p.scenarios);
  return {
    folder,
    processes,
    passed: all.filter((s) => s.result.ok).length,
    failed: all.filter((s) => !s.result.ok).length,
    errors: processes.filter((p) => p.error !== undefined).length,
  };
}

/** `covered / total` as a whole percentage (100 when there is nothing to cover; the engine's `coveragePercent`). */
export const percent = coveragePercent;
