import type { ProcessModel } from "@flowstate/model";
import type { Scenario } from "@flowstate/engine";
import { instanceOverlay } from "../operate/instanceOverlay";
import { overlayInput, startSession, takeStep } from "../play/playSession";

/**
 * What one play step costs in the modeler before React renders: the engine's step on the draft
 * (`takeStep`, built-ins and due timers included) and the instance overlay the canvas shows after it
 * (explanations of the state's nodes, unlocked actions, badges). Runs every step of `scenarios`
 * `repeats` times and returns each step's milliseconds. Used by bench/modeler/play.bench.ts in
 * Chromium (bench.html?play) and in Node, on the same code.
 */
export function playStepDurations(
  model: ProcessModel,
  scenarios: readonly Scenario[],
  repeats: number,
): number[] {
  const durations: number[] = [];
  let shown = 0;
  for (let r = 0; r < repeats; r++)
    for (const scenario of scenarios) {
      const started = startSession(model, scenario);
      if ("problem" in started) throw new Error(`${scenario.name}: ${started.problem}`);
      let session = started;
      for (const step of scenario.steps) {
        const t0 = performance.now();
        session = takeStep(model, session, step);
        const overlay = instanceOverlay(model, overlayInput(model, session));
        durations.push(performance.now() - t0);
        if (session.problem) throw new Error(`${scenario.name}: ${session.problem}`);
        shown += Object.keys(overlay).length;
      }
    }
  if (shown === 0) throw new Error("the overlay showed nothing");
  return durations;
}
