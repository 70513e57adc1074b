import { parseScenarioFile, runScenario } from "@flowstate/engine";
import type { Scenario, ScenarioFile, ScenarioResult } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";

/** Where an older modeler kept the scenarios of a process in this browser (they move to the draft, `useVersionScenarios`). */
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

/** The list with `scenario` added (replacing one with the same name, in its place). */
export function withScenario(list: readonly Scenario[], scenario: Scenario): Scenario[] {
  const at = list.findIndex((s) => s.name === scenario.name);
  return at < 0 ? [...list, scenario] : list.map((s, i) => (i === at ? scenario : s));
}

/** Forgets the scenarios kept in this browser for a process (once they are stored with the draft). */
export function clearLocalScenarios(storage: Pick<Storage, "removeItem">, processKey: string): void {
  storage.removeItem(scenarioStorageKey(processKey));
}

/** Runs every scenario on the (draft) model: green/red with the first failure. */
export function runScenarios(model: ProcessModel, scenarios: readonly Scenario[]): ScenarioResult[] {
  return scenarios.map((s) => runScenario(model, s));
}
