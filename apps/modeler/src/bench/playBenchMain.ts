import { parseScenarioFile } from "@flowstate/engine";
import { parseModel } from "@flowstate/model";
import salesCaseModel from "../../../../processes/sales-case.model.json";
import salesCaseScenarios from "../../../../processes/sales-case.scenarios.json";
import { playStepDurations } from "./playStepProbe";

// bench.html?play: the sales case's scenarios stepped in the browser (bench/modeler/play.bench.ts).
const model = parseModel(salesCaseModel);
const file = parseScenarioFile(salesCaseScenarios);
if (!model.ok || !file.ok) throw new Error("the sales case or its scenarios do not parse");
const ready = model.model;
const scenarios = file.file.scenarios;

(window as unknown as { __playBench: (repeats: number) => number[] }).__playBench = (repeats) =>
  playStepDurations(ready, scenarios, repeats);
