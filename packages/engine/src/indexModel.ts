import type {
  Action,
  Calendar,
  FlowLine,
  LimitLine,
  Node,
  NotLine,
  ProcessModel,
  State,
  Transition,
} from "@flowstate/model";

/** A node with its lines resolved: what the evaluation needs, precomputed once per model. */
export interface NodeInfo {
  id: string;
  node: Node;
  /** Set for actions. */
  action: Action | undefined;
  stateId: string;
  /** Incoming flow lines (completed and failure flows). None: a root node, armed at entry. */
  incoming: FlowLine[];
  /** Outgoing flow lines in model order (fired on completion or, `on: "failed"`, on failure). */
  outgoing: FlowLine[];
  /** Outgoing flow and limit lines: a completion of their target after arming closes the node. */
  closers: (FlowLine | LimitLine)[];
  /** Incoming not lines: a completion of their source in the state instance blocks the node. */
  blockers: NotLine[];
  /** Transitions of an action, by ascending `order` (ties: model order). */
  transitions: Transition[];
  /** Completions allowed per arming; 0 = unlimited. Control nodes: 1. */
  maxOccurs: number;
  /** A manual action with a delay or a calendar: performable only once its timer elapsed. */
  timerGated: boolean;
  /** A migration action: armed only when a migration enters its state. */
  migration: boolean;
}

/** A process model indexed for evaluation. Lines between nodes of different states or to unknown nodes are ignored. */
export interface ModelIndex {
  model: ProcessModel;
  nodes: Map<string, NodeInfo>;
  states: Map<string, State>;
  initialStateId: string | undefined;
  /** State id → its nodes, in model order. */
  stateNodes: Map<string, NodeInfo[]>;
  /** State id → its actions, in model order. */
  stateActions: Map<string, NodeInfo[]>;
  /** State id → its control nodes (and, or, finalizer), in model order. */
  stateControls: Map<string, NodeInfo[]>;
  /** State id → its automatic and timer-gated manual actions (what the scheduling pass looks at). */
  stateSchedulable: Map<string, NodeInfo[]>;
  /** Action code → action (first one wins on duplicates, which validation reports). */
  byCode: Map<string, NodeInfo>;
  calendars: Map<string, Calendar>;
}

const cache = new WeakMap<ProcessModel, ModelIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes a model for evaluation (memoised per model object: models are immutable once
 * published). Never throws on a model that breaks validation rules: dangling or cross-state lines
 * and transitions from unknown actions are left out.
 */
export function indexModel(model: ProcessModel): ModelIndex {
  const cached = cache.get(model);
  if (cached) return cached;
  const states = new Map<string, State>();
  for (const s of model.states) if (!states.has(s.id)) states.set(s.id, s);
  const initialStateId = model.states.find((s) => s.initial === true)?.id;
  const nodes = new Map<string, NodeInfo>();
  const stateNodes = new Map<string, NodeInfo[]>();
  const stateActions = new Map<string, NodeInfo[]>();
  const stateControls = new Map<string, NodeInfo[]>();
  const stateSchedulable = new Map<string, NodeInfo[]>();
  const byCode = new Map<string, NodeInfo>();
  for (const node of model.nodes) {
    if (nodes.has(node.id) || !states.has(node.stateId)) continue;
    const action = node.kind === "action" ? node : undefined;
    const info: NodeInfo = {
      id: node.id,
      node,
      action,
      stateId: node.stateId,
      incoming: [],
      outgoing: [],
      closers: [],
      blockers: [],
      transitions: [],
      maxOccurs: action ? action.maxOccurs : 1,
      timerGated:
        action !== undefined &&
        action.mode === "manual" &&
        (action.delay !== undefined || action.calendar !== undefined),
      migration: action?.migration !== undefined,
    };
    nodes.set(node.id, info);
    push(stateNodes, node.stateId, info);
    if (action) {
      push(stateActions, node.stateId, info);
      if (action.mode === "automatic" || info.timerGated) push(stateSchedulable, node.stateId, info);
      if (action.code !== undefined && !byCode.has(action.code)) byCode.set(action.code, info);
    } else push(stateControls, node.stateId, info);
  }
  for (const line of model.lines) {
    const from = nodes.get(line.from);
    const to = nodes.get(line.to);
    if (!from || !to || from.stateId !== to.stateId) continue;
    if (line.kind === "flow") {
      to.incoming.push(line);
      from.outgoing.push(line);
      from.closers.push(line);
    } else if (line.kind === "limit") from.closers.push(line);
    else to.blockers.push(line);
  }
  const ordered = model.transitions
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.order - b.t.order || a.i - b.i);
  for (const { t } of ordered) {
    const from = nodes.get(t.from);
    if (from?.action && states.has(t.to)) from.transitions.push(t);
  }
  const calendars = new Map<string, Calendar>();
  for (const c of model.calendars) if (!calendars.has(c.id)) calendars.set(c.id, c);
  const index: ModelIndex = {
    model,
    nodes,
    states,
    initialStateId,
    stateNodes,
    stateActions,
    stateControls,
    stateSchedulable,
    byCode,
    calendars,
  };
  cache.set(model, index);
  return index;
}
