import { useEffect, useState } from "react";
import { scenarioSamples } from "@flowstate/engine";
import { trpc } from "../api/trpc";
import type { DeadEndRequest } from "./useDeadEnds";

const none: DeadEndRequest["samples"] = {};

/** The inputs and outputs the version's scenarios use, per action: the data the dead-end lint tries. */
export function useScenarioSamples(versionId: string): DeadEndRequest["samples"] {
  const [samples, setSamples] = useState(none);
  useEffect(() => {
    let live = true;
    trpc.version.scenarios
      .query({ id: versionId })
      .then(({ file }) => live && setSamples(scenarioSamples(file)))
      .catch(() => undefined); // no samples: the lint tries `{}` for every action
    return () => {
      live = false;
    };
  }, [versionId]);
  return samples;
}
