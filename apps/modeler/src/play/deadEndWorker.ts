/// <reference lib="webworker" />
/** Runs the dead-end lint off the main thread, so typing in the editor never waits for it. */
import { scenarioSamples } from "@flowstate/engine";
import { lintDeadEnds } from "./deadEndLint";
import type { DeadEndRequest, DeadEndResponse } from "./useDeadEnds";

self.onmessage = (event: MessageEvent<DeadEndRequest>) => {
  const { id, model, scenarios } = event.data;
  const samples = scenarios ? scenarioSamples(scenarios) : {};
  const response: DeadEndResponse = { id, lint: lintDeadEnds(model, samples) };
  self.postMessage(response);
};
