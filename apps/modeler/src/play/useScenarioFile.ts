import { useEffect, useState } from "react";
import type { ScenarioFile } from "@flowstate/engine";
import { trpc } from "../api/trpc";

/**
 * The version's scenario file, whose inputs and outputs the dead-end lint tries (the worker derives
 * them with `scenarioSamples`, so that code stays out of the editor's chunk). Null until loaded, or
 * when it cannot be: the lint then tries `{}` for every action.
 */
export function useScenarioFile(versionId: string): ScenarioFile | null {
  const [file, setFile] = useState<ScenarioFile | null>(null);
  useEffect(() => {
    let live = true;
    trpc.version.scenarios
      .query({ id: versionId })
      .then(({ file }) => live && setFile(file))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [versionId]);
  return file;
}
