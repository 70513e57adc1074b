/** The package name, for diagnostics. */
export const MODEL_PACKAGE = "@flowstate/model";

// schema: one file per concept
export { IdSchema, RefSchema, NameSchema } from "./schema/Element";
export { DurationSchema, parseDuration, isZeroDuration } from "./schema/Duration";
export type { Duration, DurationParts } from "./schema/Duration";
export { FeelExpressionSchema, MappingSchema } from "./schema/Mapping";
export type { FeelExpression, Mapping } from "./schema/Mapping";
export { CaptureSchema } from "./schema/Capture";
export type { Capture } from "./schema/Capture";
export { StateSchema } from "./schema/State";
export type { State } from "./schema/State";
export {
  ActionSchema,
  ActionCodeSchema,
  RetrySchema,
  CompensationSchema,
  MigrationSchema,
  FormSchema,
} from "./schema/Action";
export type { Action, ActionInput, Retry, Compensation, Migration, Form } from "./schema/Action";
export { AndNodeSchema, OrNodeSchema, FinalizerSchema } from "./schema/ControlNode";
export type { AndNode, OrNode, Finalizer, ControlNode } from "./schema/ControlNode";
export { nodeKinds, NODE_KINDS, NodeSchema, isNodeKind } from "./schema/nodeKinds";
export type { NodeKind, NodeKindInfo } from "./schema/nodeKinds";
export type { Node, NodeInput } from "./schema/Node";
export { LineSchema, FlowLineSchema, LimitLineSchema, NotLineSchema, LINE_KINDS } from "./schema/Line";
export type { Line, FlowLine, LimitLine, NotLine, LineKind } from "./schema/Line";
export { TransitionSchema } from "./schema/Transition";
export type { Transition } from "./schema/Transition";
export { CalendarSchema, WeeklyWindowSchema, isTimeZone } from "./schema/Calendar";
export type { Calendar, CalendarInput, WeeklyWindow } from "./schema/Calendar";
export { ScheduleSchema, isCronShape } from "./schema/Schedule";
export type { Schedule, ScheduleInput } from "./schema/Schedule";
export { DiagramSchema, BoundsSchema, PointSchema, EdgeLayoutSchema, emptyDiagram } from "./schema/Diagram";
export type { Diagram, Bounds, Point, EdgeLayout } from "./schema/Diagram";
export { ProcessModelSchema, ProcessKeySchema, FORMAT_VERSION } from "./schema/Process";
export {
  PersonalPathSchema,
  PersonalSchema,
  BUSINESS_KEY_PATH,
  personalPathSegments,
} from "./schema/Personal";
export type { ProcessModel, ProcessModelInput } from "./schema/Process";

// reading documents
export { parseModel } from "./parse/parseModel";
export type { ParseResult } from "./parse/parseModel";
export { upgradeFormat, formatUpgrades } from "./parse/upgradeFormat";
export type { FormatUpgradeResult } from "./parse/upgradeFormat";

// FEEL
export { parseFeel } from "./feel/parseFeel";
export type { FeelParseResult, FeelSyntaxError, FeelTree } from "./feel/parseFeel";
export { evaluateFeel, FEEL_LIMITS } from "./feel/evaluateFeel";
export type { FeelEvaluation, FeelEvaluationError, FeelLimits, FeelWarning } from "./feel/evaluateFeel";
export { FeelRegexError } from "./feel/feelRegex";
export { feelVariables } from "./feel/feelVariables";

// validation and lint
export { validateModel, lintModel, lintRules } from "./validate/validateModel";
export { indexModel, isAction } from "./validate/ModelIndex";
export type { ModelIndex, ElementCategory } from "./validate/ModelIndex";
export { analyzeArming, isImmediate, isMigrationAction } from "./validate/analyzeArming";
export type { ArmingAnalysis } from "./validate/analyzeArming";
export type { Rule, RuleContext } from "./validate/RuleContext";
export { checkFeelSyntax, FEEL_KEYWORDS } from "./feel/checkFeelSyntax";
export type { Problem } from "./validate/Problem";
export { problemCodes } from "./validate/problemCodes";
export type { ProblemCode, ProblemCodeInfo, Severity } from "./validate/problemCodes";

// building models in code
export { ModelBuilder } from "./builder/ModelBuilder";
export { generateModel } from "./builder/generateModel";
export type { GenerateOptions } from "./builder/generateModel";

// diagram
export { layoutModel, LAYOUT_GRID } from "./diagram/layoutModel";

// edit operations (pure; each returns { model, patches, inverse })
export { EditError } from "./edit/EditContext";
export type { EditContext, EditResult, EditErrorCode } from "./edit/EditContext";
export { sequentialIds } from "./edit/sequentialIds";
export { applyPatches } from "./edit/applyPatches";
export type { Patch } from "./edit/applyPatches";
export { CONNECT_KINDS } from "./edit/ConnectKind";
export type { ConnectKind } from "./edit/ConnectKind";
export { canConnect } from "./edit/canConnect";
export type { ConnectCheck } from "./edit/canConnect";
export { createNode } from "./edit/createNode";
export { addState } from "./edit/addState";
export { removeState } from "./edit/removeState";
export { addNode } from "./edit/addNode";
export { removeNode } from "./edit/removeNode";
export { removeElements, removalCascade } from "./edit/removeElements";
export { moveNode } from "./edit/moveNode";
export { resizeNode } from "./edit/resizeNode";
export { resizeState } from "./edit/resizeState";
export { renameElement } from "./edit/renameElement";
export { updateNode } from "./edit/updateNode";
export type { NodeChanges } from "./edit/updateNode";
export { updateLine } from "./edit/updateLine";
export type { LineChanges } from "./edit/updateLine";
export { updateTransition } from "./edit/updateTransition";
export { setInitialState } from "./edit/setInitialState";
export { updateState } from "./edit/updateState";
export { updateProcess } from "./edit/updateProcess";
export { addCalendar } from "./edit/addCalendar";
export { updateCalendar } from "./edit/updateCalendar";
export { connect } from "./edit/connect";
export type { ConnectOptions } from "./edit/connect";
export { disconnect } from "./edit/disconnect";
export { changeLineKind } from "./edit/changeLineKind";
export { setWaypoints } from "./edit/setWaypoints";
export { changeNodeKind } from "./edit/changeNodeKind";
export type { NodeKindChange } from "./edit/changeNodeKind";
export { copyElements } from "./edit/copyElements";
export type { ClipboardContent } from "./edit/copyElements";
export { pasteElements } from "./edit/pasteElements";
export type { PasteOptions } from "./edit/pasteElements";
export { jsonEqual } from "./json/jsonEqual";

// versions
export { diffModels } from "./versions/diffModels";
export type { ModelDiff, CollectionDiff, ElementChange } from "./versions/diffModels";
export { proposeStateMapping } from "./versions/proposeStateMapping";
export type { StateMappingProposal, StateMatch } from "./versions/proposeStateMapping";
export { VERSION_STATUSES } from "./versions/VersionStatus";
export type { VersionStatus } from "./versions/VersionStatus";
export {
  canEdit,
  canStartInstances,
  canRunInstances,
  nextStatusOnPublish,
  transitionVersion,
  shouldDeactivate,
} from "./versions/versionLifecycle";
export type { VersionEvent, LifecycleError, LifecycleResult } from "./versions/versionLifecycle";
export { contentHash } from "./versions/contentHash";
export { canonicalJson } from "./json/canonicalJson";
