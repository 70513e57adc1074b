/** The package name, for diagnostics. */
export const ENGINE_PACKAGE = "@flowstate/engine";

// the transition and its inputs/outputs
export { initialState } from "./initialState";
export type { StartOptions } from "./initialState";
export { step } from "./step";
export { replay } from "./replay";
export type { RecordedEvent } from "./replay";
export type {
  EngineEvent,
  StartEvent,
  PerformEvent,
  CompleteEvent,
  FailEvent,
  TimerDueEvent,
  SignalEvent,
  CancelEvent,
  RetryIncidentEvent,
  SkipIncidentEvent,
  LockEvent,
  UnlockEvent,
  MigrateEvent,
  RevertMigrationEvent,
  MoveEvent,
  SetVariablesEvent,
  AssignEvent,
} from "./EngineEvent";
export { planMove } from "./move";
export type { MovePlanResult, MoveProblem } from "./move";
export type {
  StepResult,
  StepAccepted,
  StepRejected,
  StartResult,
  Rejection,
  RejectionCode,
} from "./StepResult";
export type {
  Effect,
  ScheduleEffect,
  CallHandlerEffect,
  CancelScheduleEffect,
  CompensateEffect,
  LockInstancesEffect,
  EmitEffect,
  InstanceFinishedEffect,
} from "./Effect";
export type {
  Records,
  StateInstanceRecord,
  OccurrenceRecord,
  FiringRecord,
  HistoryEntry,
  OccurrenceStatus,
  OccurrenceReason,
  StateEntryReason,
  StateExitReason,
} from "./Records";
export type {
  InstanceState,
  InstanceStatus,
  Outcome,
  NodeSummary,
  LineFiring,
  CurrentStateInstance,
  Incident,
  CompensationEntry,
  MigrationStash,
  IdCounters,
  Assignee,
} from "./InstanceState";
export type { Json, JsonObject } from "./Json";
export { viewRecords } from "./viewRecords";
export type { ViewOccurrence, ViewFiring } from "./viewRecords";
export { CASCADE_LIMIT } from "./Draft";

// queries
export { unlockedActions } from "./unlockedActions";
export type { UnlockedAction } from "./unlockedActions";
export { explain } from "./explain";
export { describeExplanation, describeReason, explanationParts } from "./describeExplanation";
export type { ExplanationParts } from "./describeExplanation";
export { dateTimeText } from "./dateTimeText";
export type { TimeWords } from "./describeExplanation";
export type { Explanation, Reason } from "./Explanation";
export { startActions } from "./startActions";
export { mayPerformAssigned, mayPerformRole } from "./EngineActor";
export type { EngineActor } from "./EngineActor";

// migration
export { planMigration, appliesToVersion } from "./planMigration";
export type { MigrationOptions, MigrationPlan, MigrationPlanResult, MigrationProblem } from "./MigrationPlan";
export { migrate } from "./migrate";
export { revertMigration } from "./revertMigration";

// time (business calendars), shared with the runtime and the modeler
export { nextCalendarTime } from "./time/nextCalendarTime";
export { addDuration } from "./time/addDuration";
export { dueTicks, scheduleTicker } from "./time/scheduleTicker";

// play: scenarios on a virtual clock (modeler play mode, `flowstate test`)
export { MAX_TICKS_PER_MOVE, nextScheduleTick, scheduleTicksBetween } from "./play/scheduleTicks";
export type { ScheduleTick } from "./play/scheduleTicks";
export {
  PLAY_START,
  ExpectationSchema,
  ScenarioStepSchema,
  ScenarioSchema,
  ScenarioFileSchema,
  parseScenarioFile,
} from "./play/Scenario";
export type { Expectation, ScenarioStep, Scenario, ScenarioFile, ScenarioProblem } from "./play/Scenario";
export {
  startPlay,
  playStep,
  checkExpectation,
  canonical,
  runScenario,
  nextDueTime,
  nextPlayTime,
  playInstance,
  playInstanceCount,
  coverageTotals,
  mergeCoverage,
} from "./play/play";
export {
  describeDifference,
  describeFailingStep,
  describeFailure,
  describeStep,
  durationWords,
} from "./play/describePlay";
export { findDeadEnds, scenarioSamples, situationKey } from "./play/findDeadEnds";
export {
  coverageKinds,
  coveragePercent,
  coverageText,
  describeCoverage,
  summarizeCoverage,
} from "./play/coverageSummary";
export type { CoverageCount, CoverageSummary } from "./play/coverageSummary";
export type { DeadEnd, DeadEndOptions, DeadEndSearch } from "./play/findDeadEnds";
export type {
  Coverage,
  PlayFrame,
  ScheduledPlayInstance,
  PlayProblem,
  PlayStepResult,
  PlayLog,
  PlayStart,
  Difference,
  ScenarioFailure,
  ScenarioResult,
} from "./play/play";

// retention (anonymisation of finished instances)
export * from "./anonymise";
export { jsonEqual } from "./Json";
