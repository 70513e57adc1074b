import { parseScenarioFile, runScenario } from "@flowstate/engine";
import type { Scenario, ScenarioFile, ScenarioResult } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";

/** Where the scenarios of a process are kept in this browser (until the runtime stores them with the draft). */
export const scenarioStorageKey = (processKey: string) => `flowstate.scenarios.${processKey}`;

/** The scenarios kept for a process (an unreadable entry counts as none). */
export function loadScenarios(storage: Pick<Storage, "getItem">, processKey: string): Scenario[] {
  const text = storage.getItem(scenarioStorageKey(processKey));
  if (text === null) return [];
  try {
    const parsed = parseScenarioFile(JSON.parse(text));
    return parsed.ok ? parsed.file.scenarios : [];
  } catch {
    return [];
  }
}

/** The scenario file of a process: what `flowstate test` reads as `<name>.scenarios.json`. */
export function scenarioFile(processKey: string, scenarios: Scenario[]): ScenarioFile {
  return { formatVersion: 1, process: processKey, scenarios };
}

/** Keeps `scenarios` (replacing one with the same name) and returns the new list. */
export function saveScenario(
  storage: Pick<Storage, "getItem" | "setItem">,
  processKey: string,
  scenario: Scenario,
): Scenario[] {
  const list = [...loadScenarios(storage, processKey).filter((s) => s.name !== scenario.name), scenario];
  storage.setItem(scenarioStorageKey(processKey), JSON.stringify(scenarioFile(processKey, list)));
  return list;
}

/** Runs every scenario on the (draft) model: green/red with the first failure. */
export function runScenarios(model: ProcessModel, scenarios: readonly Scenario[]): ScenarioResult[] {
  return scenarios.map((s) => runScenario(model, s));
}
