/** How bad a problem is: errors block publishing, warnings are shown but allowed. */
export type Severity = "error" | "warning";

/** What a problem code means; drives messages, docs and tests. */
export interface ProblemCodeInfo {
  severity: Severity;
  /** One line: what is wrong. */
  title: string;
  /** Default advice on how to fix it. */
  hint: string;
}

/**
 * Every problem `parseModel` and `validateModel` can report. Severity is fixed per code, so the
 * modeler and the publish check agree. Grouped: input, schema, structure, semantics (unlock rule).
 */
export const problemCodes = {
  // input
  "json.syntax": {
    severity: "error",
    title: "The document is not valid JSON",
    hint: "Fix the JSON syntax at the reported position.",
  },
  "format.version": {
    severity: "error",
    title: "Missing or unsupported formatVersion",
    hint: "Set formatVersion to a version this package knows (0 or 1).",
  },
  "internal.error": {
    severity: "error",
    title: "The validator failed on this input",
    hint: "This is a bug in @flowstate/model; report it with the document.",
  },
  // schema
  "schema.invalid": {
    severity: "error",
    title: "A field does not match the model format",
    hint: "Correct the field as described in the message.",
  },
  "node.unknown-kind": {
    severity: "error",
    title: "A node has an unknown kind",
    hint: "Use one of the registered node kinds: action, and, or, finalizer.",
  },
  "line.unknown-kind": {
    severity: "error",
    title: "A line has an unknown kind",
    hint: "Use flow, limit or not.",
  },
  // structure
  "id.duplicate": {
    severity: "error",
    title: "Two elements share an id",
    hint: "Give every element its own id.",
  },
  "ref.duplicate": {
    severity: "error",
    title: "Two elements share a ref",
    hint: "Give every element its own ref; refs match elements across versions.",
  },
  "code.duplicate": {
    severity: "error",
    title: "Two actions share a code",
    hint: "Action codes are the external names used by signals and the API; make them unique.",
  },
  "reference.dangling": {
    severity: "error",
    title: "A reference points at no element of the right kind",
    hint: "Point it at an existing element or remove it.",
  },
  "schedule.duplicate": {
    severity: "error",
    title: "Two schedules share an id",
    hint: "Give every schedule its own id: the runtime records each schedule's ticks by it.",
  },
  "diagram.dangling": {
    severity: "warning",
    title: "A diagram entry belongs to no element",
    hint: "Remove the stale layout entry (it has no effect).",
  },
  "line.across-states": {
    severity: "error",
    title: "A line connects nodes of different states",
    hint: "Lines stay inside one state; use a transition to move to another state.",
  },
  "line.self": {
    severity: "error",
    title: "A line starts and ends at the same node",
    hint: "Remove it; use maxOccurs or repeatUntil to repeat an action.",
  },
  "line.duplicate": {
    severity: "error",
    title: "Two lines of the same kind connect the same nodes",
    hint: "Remove the duplicate (conditional alternatives belong on one line or an or node).",
  },
  "line.from-finalizer": {
    severity: "error",
    title: "A line leaves a finalizer",
    hint: "A finalizer ends the instance; nothing can follow it.",
  },
  "line.failure-from-control": {
    severity: "error",
    title: "A failure flow leaves a control node",
    hint: "Control nodes never fail; attach failure flows to actions.",
  },
  "state.initial-count": {
    severity: "error",
    title: "There must be exactly one initial state",
    hint: "Mark exactly one state as initial.",
  },
  "state.unreachable": {
    severity: "warning",
    title: "No transition reaches this state",
    hint: "Add a transition into it, a migration action in it, or remove it.",
  },
  "state.no-end": {
    severity: "warning",
    title: "An instance in this state can never end",
    hint: "Add a finalizer, or a transition towards a state that can end. Endless processes may ignore this.",
  },
  "transition.from-non-action": {
    severity: "error",
    title: "A transition starts at a node that is not an action",
    hint: "Transitions start at actions; connect the control node to an action first.",
  },
  "action.no-handler": {
    severity: "error",
    title: "An automatic action has no handler",
    hint: "Set a handler (built-ins: http, setVariables, noop) or make the action manual.",
  },
  "action.handler-on-manual": {
    severity: "warning",
    title: "A manual action has a handler that never runs",
    hint: "Remove the handler or make the action automatic.",
  },
  "action.unbounded-repeat": {
    severity: "error",
    title: "An automatic action repeats forever without a delay",
    hint: "Set maxOccurs above 0, add a delay, or let an immediate successor close it.",
  },
  "cycle.unbounded": {
    severity: "error",
    title: "A cycle of automatic steps without delay can run forever",
    hint: "Put a delay on an action in the cycle or a manual step into it.",
  },
  "cycle.conditional": {
    severity: "warning",
    title: "A cycle of automatic steps without delay runs until a condition stops it",
    hint: "Make sure a condition on the cycle eventually fails, or add a delay.",
  },
  "singleton.no-identifier": {
    severity: "error",
    title: "A singleton action has no identifier capture",
    hint: "Add a capture with identifier: true; locking matches other instances by it.",
  },
  "capture.duplicate-name": {
    severity: "error",
    title: "Two captures of one action share a name",
    hint: "Rename one of them.",
  },
  "personal.unknown": {
    severity: "warning",
    title: "A personal path names nothing the model writes",
    hint: "Check the spelling: it should start with an output mapping target, a capture or a form field (start variables the model does not declare are fine).",
  },
  "feel.syntax": {
    severity: "error",
    title: "A FEEL expression does not parse",
    hint: "Fix the expression at the reported position.",
  },
  "migration.incoming-lines": {
    severity: "error",
    title: "A migration action has incoming lines",
    hint: "Migration actions sit at the root of their state; remove the incoming lines.",
  },
  // semantics of the unlock rule
  "node.never-armed": {
    severity: "error",
    title: "This node can never be armed",
    hint: "Every incoming flow line comes from a node that can never complete (or fail, for failure flows); connect it from a reachable node.",
  },
  "and.waits-on-dead": {
    severity: "error",
    title: "An and waits on a node that can never complete",
    hint: "Remove the line from the dead node or make that node reachable.",
  },
  "finalizer.fires-at-entry": {
    severity: "error",
    title: "A finalizer ends the instance as soon as it enters the state",
    hint: "Connect a line into it from the action that should end the instance (or delete it).",
  },
  "action.ended-first": {
    severity: "warning",
    title: "An action can never complete: the instance ends first",
    hint: "The node that must complete before this action leads straight to a finalizer; give that line a condition, or connect the finalizer after this action instead.",
  },
  "join.fires-at-entry": {
    severity: "warning",
    title: "An and/or without incoming flow lines fires at entry",
    hint: "Connect the branches it should join into it, or remove it.",
  },
  "join.single-incoming": {
    severity: "warning",
    title: "An and/or node has a single incoming line",
    hint: "A join with one input does nothing; connect the second branch or remove the node.",
  },
  "limit.upstream-target": {
    severity: "warning",
    title: "A limit line points upstream",
    hint: "The target already ran before the source was armed, so the line only closes the source if the target runs again. Did you mean the opposite direction?",
  },
  "limit.closes-at-open": {
    severity: "error",
    title: "A limit line closes the source's window as soon as it opens",
    hint: "The target is armed together with the source and runs at once; add a delay to the target or limit against another node.",
  },
  "not.always-blocked": {
    severity: "error",
    title: "A not line blocks a node that can only run after the not line's source",
    hint: "The source must complete before the target is armed, and then blocks it; remove the not line.",
  },
  "not.blocks-all-finalizers": {
    severity: "error",
    title: "Not lines make every finalizer of this state unreachable",
    hint: "Remove or redirect the not lines so at least one finalizer can run.",
  },
} as const satisfies Record<string, ProblemCodeInfo>;

/** A problem code. */
export type ProblemCode = keyof typeof problemCodes;
