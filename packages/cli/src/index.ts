export { runCli } from "./main";
export type { Io } from "./main";
export { testFolder, percent, MODEL_SUFFIX, SCENARIOS_SUFFIX } from "./testFolder";
export type { FolderRun, ProcessRun, ScenarioRun } from "./testFolder";
export { formatSummary, toJunitXml } from "./report";
