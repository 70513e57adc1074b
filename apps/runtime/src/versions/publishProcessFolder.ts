import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { VersionDeps } from "./versionService.ts";
import { parseScenarioFile } from "@flowstate/engine";
import type { Scenario } from "@flowstate/engine";
import { publishModel } from "./versionService.ts";
import { parseScenarioList } from "./scenarioCheck.ts";

/** Scenario files live next to the model files; they are not models. */
const SCENARIOS_SUFFIX = ".scenarios.json";

export interface FolderPublishResult {
  file: string;
  processKey?: string;
  outcome: "published" | "unchanged" | "refused";
  number?: number;
  message?: string;
}

/** The scenarios next to a model file (`sales-case.model.json` → `sales-case.scenarios.json`); none when absent. */
async function scenariosBeside(folder: string, modelFile: string): Promise<Scenario[]> {
  const base = modelFile.replace(/(\.model)?\.json$/, "");
  const text = await readFile(path.join(folder, `${base}${SCENARIOS_SUFFIX}`), "utf8").catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    },
  );
  if (text === undefined) return [];
  const file = parseScenarioFile(JSON.parse(text));
  if (!file.ok)
    throw new Error(`${base}${SCENARIOS_SUFFIX}: ${file.problems[0]!.path}: ${file.problems[0]!.message}`);
  const list = parseScenarioList(file.file.scenarios);
  if (!list.ok)
    throw new Error(`${base}${SCENARIOS_SUFFIX}: ${list.problems[0]!.path}: ${list.problems[0]!.message}`);
  return list.scenarios;
}

/**
 * Publishes every `*.json` model in a folder whose content differs from the newest published
 * version of its process, so teams who keep flows in code deploy them atomically with the app.
 * Scenario files (`*.scenarios.json`, run by `flowstate test`) sit next to the models: each is
 * stored with the version its model publishes, and a failing scenario refuses that model.
 * A missing folder publishes nothing. A bad file is reported, never half-published.
 */
export async function publishProcessFolder(
  deps: VersionDeps,
  folder: string,
): Promise<FolderPublishResult[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith(".json") && !e.name.endsWith(SCENARIOS_SUFFIX))
    .map((e) => e.name)
    .sort();
  const results: FolderPublishResult[] = [];
  for (const file of files) {
    const text = await readFile(path.join(folder, file), "utf8");
    try {
      const r = await publishModel(deps, text, await scenariosBeside(folder, file));
      results.push({
        file,
        processKey: r.processKey,
        outcome: r.changed ? "published" : "unchanged",
        number: r.number,
      });
    } catch (error) {
      results.push({
        file,
        outcome: "refused",
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return results;
}
