import { useEffect, useState } from "react";
import type { ScenarioFile } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { DeadEndLint } from "./deadEndLint";

export interface DeadEndRequest {
  id: number;
  model: ProcessModel;
  /** The version's scenarios: the worker tries their inputs and outputs (`scenarioSamples`). */
  scenarios: ScenarioFile | null;
}
export interface DeadEndResponse {
  id: number;
  lint: DeadEndLint;
}

const DEBOUNCE_MS = 600;
let nextId = 0;

/**
 * The dead-end lint of the draft: searched in a Web Worker 600 ms after the last edit (the editor
 * never waits for it); a draft with errors is not searched. Without Web Workers there is no lint.
 */
export function useDeadEnds(
  model: ProcessModel,
  hasErrors: boolean,
  scenarios: ScenarioFile | null,
): DeadEndLint | null {
  const [lint, setLint] = useState<{ model: ProcessModel; lint: DeadEndLint } | null>(null);
  useEffect(() => {
    if (hasErrors || typeof Worker === "undefined") return;
    let worker: Worker | null = null;
    const timer = setTimeout(() => {
      try {
        worker = new Worker(new URL("./deadEndWorker.ts", import.meta.url), { type: "module" });
      } catch {
        return;
      }
      const id = ++nextId;
      worker.onmessage = (event: MessageEvent<DeadEndResponse>) => {
        if (event.data.id === id) setLint({ model, lint: event.data.lint });
        worker?.terminate();
      };
      worker.postMessage({ id, model, scenarios } satisfies DeadEndRequest);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      worker?.terminate();
    };
  }, [model, hasErrors, scenarios]);
  return lint && lint.model === model && !hasErrors ? lint.lint : null;
}
