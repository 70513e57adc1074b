import { useCallback, useEffect, useRef, useState } from "react";
import type { Scenario } from "@flowstate/engine";
import { trpc } from "../api/trpc";
import { errorInfo } from "../api/errorInfo";
import { clearLocalScenarios, loadScenarios, withScenario } from "./scenarioStore";

export interface VersionScenarios {
  scenarios: Scenario[];
  /** Loading, or the last load/save problem in words. */
  status: { kind: "loading" } | { kind: "ready" } | { kind: "error"; message: string };
  /** Saves `scenario` with the draft (replacing one with the same name). */
  save(scenario: Scenario): Promise<void>;
}

/**
 * The scenarios stored with a version in the runtime (`version.scenarios`). A draft's are saved
 * there; scenarios an older modeler kept in this browser's local storage move to the draft the
 * first time it has none.
 */
export function useVersionScenarios(
  versionId: string,
  processKey: string,
  editable: boolean,
  /** Called once with the loaded list (play mode opens a scenario from it). */
  onLoaded?: (scenarios: Scenario[]) => void,
): VersionScenarios {
  const loaded = useRef(onLoaded);
  const [scenarios, setScenarios] = useState<Scenario[]>([]);
  const [status, setStatus] = useState<VersionScenarios["status"]>({ kind: "loading" });

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        let list = (await trpc.version.scenarios.query({ id: versionId })).file.scenarios;
        const local = editable && list.length === 0 ? loadScenarios(localStorage, processKey) : [];
        if (local.length > 0) {
          await trpc.version.saveScenarios.mutate({ id: versionId, scenarios: local });
          clearLocalScenarios(localStorage, processKey);
          list = local;
        }
        if (!live) return;
        setScenarios(list);
        setStatus({ kind: "ready" });
        loaded.current?.(list);
      } catch (error) {
        if (live) setStatus({ kind: "error", message: errorInfo(error).message });
      }
    })();
    return () => {
      live = false;
    };
  }, [versionId, processKey, editable]);

  const save = useCallback(
    async (scenario: Scenario) => {
      const next = withScenario(scenarios, scenario);
      try {
        await trpc.version.saveScenarios.mutate({ id: versionId, scenarios: next });
        setScenarios(next);
        setStatus({ kind: "ready" });
      } catch (error) {
        setStatus({ kind: "error", message: `The scenario was not saved: ${errorInfo(error).message}` });
      }
    },
    [scenarios, versionId],
  );

  return { scenarios, status, save };
}
