import type { ProcessModel } from "@flowstate/model";
import { indexModel } from "../indexModel";
import type { InstanceState, NodeSummary } from "../InstanceState";
import type { Json } from "../Json";
import { epochMillis } from "../time/addDuration";
import { unlockedActions } from "../unlockedActions";
import { canonical, playStep, startPlay } from "./play";
import type { PlayFrame, PlayProblem, PlayStart } from "./play";
import type { Scenario, ScenarioFile, ScenarioStep } from "./Scenario";

/** What the search may try and how far it may go. */
export interface DeadEndOptions {
  /** How the instance starts (variables, start time, built-ins): as a scenario's head. */
  start?: PlayStart;
  /** Inputs to try when performing a manual action: action id → alternatives (default `[{}]`). */
  inputs?: Record<string, Json[]>;
  /** Outputs to try when completing an automatic action: action id → alternatives (default `[{}]`). */
  outputs?: Record<string, Json[]>;
  /** Most distinct situations to explore (default 5,000). */
  maxStates?: number;
  /** Most events to try (default 50,000). */
  maxSteps?: number;
  /** Stop after this many dead ends (default 10). */
  maxDeadEnds?: number;
}

/** A reachable situation where the instance runs and nothing can happen, with the shortest way there. */
export interface DeadEnd {
  /** The state the instance is stuck in. */
  stateId: string;
  /** The shortest event sequence from the start, in scenario form. */
  steps: ScenarioStep[];
  /** The same as a scenario that replays in play mode and expects the stuck situation at its end. */
  scenario: Scenario;
}

/** The result of a search; `complete: false` when a budget ran out (then dead ends may be missing). */
export interface DeadEndSearch {
  complete: boolean;
  /** Distinct situations explored. */
  explored: number;
  /** Events tried. */
  steps: number;
  budget: { maxStates: number; maxSteps: number; hit?: "states" | "steps" | "deadEnds" };
  deadEnds: DeadEnd[];
  /** Events the engine rejected (at most 10 kept), e.g. a cascade limit: worth a look, not dead ends. */
  problems: { steps: ScenarioStep[]; problem: PlayProblem }[];
}

const EMPTY: Json[] = [{}];

/** Every seq a node summary holds, for ranking. */
function summarySeqs(s: NodeSummary): number[] {
  const seqs = [
    s.lastCompletedSeq,
    s.countedFrom,
    s.failedSeq,
    s.timerPassedFor,
    s.repeatDoneFor,
    s.migrationArmedAt,
  ];
  for (const f of Object.values(s.fired ?? {})) seqs.push(f.seq);
  return seqs.filter((n): n is number => n !== undefined);
}

/**
 * The canonical key of a situation: what decides what can happen next, without absolute seqs,
 * ids or times. Seqs become their rank (the gates only compare them), due times become offsets
 * from the virtual clock. Two situations with the same key have the same futures (up to calendars,
 * which depend on the absolute time).
 */
export function situationKey(model: ProcessModel, state: InstanceState, now: string): string {
  const cur = state.current;
  const ix = indexModel(model);
  const all = new Set<number>([cur.enteredSeq]);
  for (const s of Object.values(cur.nodes)) for (const n of summarySeqs(s)) all.add(n);
  const occurrences = Object.values(state.occurrences);
  for (const o of occurrences) all.add(o.createdSeq).add(o.armedAt);
  const ranks = new Map([...all].sort((a, b) => a - b).map((n, i) => [n, i]));
  const r = (n: number | undefined): number | null => (n === undefined ? null : (ranks.get(n) ?? -1));
  const nodes = Object.entries(cur.nodes).map(([id, s]) => [
    id,
    Object.entries(s.fired ?? {}).map(([line, f]) => [line, r(f.seq)]),
    r(s.lastCompletedSeq),
    // only "how many are left" matters: an unlimited action's count is dropped, so loops close
    Math.min(s.completions ?? 0, ix.nodes.get(id)?.maxOccurs ?? 0),
    r(s.countedFrom),
    r(s.failedSeq),
    r(s.timerPassedFor),
    r(s.repeatDoneFor),
    r(s.migrationArmedAt),
  ]);
  const nowMs = epochMillis(now);
  const open = occurrences.map((o) => [
    o.nodeId,
    o.status,
    o.attempt,
    r(o.createdSeq),
    r(o.armedAt),
    o.dueAt === undefined ? null : epochMillis(o.dueAt) - nowMs,
    o.input ?? null,
  ]);
  return canonical([
    state.status,
    state.outcome ?? null,
    cur.stateId,
    r(cur.enteredSeq),
    nodes,
    open,
    state.incidents.map((i) => i.nodeId),
    state.variables,
    state.identifiers,
  ]);
}

/** The events an analyst can cause in `frame`, in scenario form. */
function candidateSteps(model: ProcessModel, frame: PlayFrame, options: DeadEndOptions): ScenarioStep[] {
  const state = frame.state;
  if (state.status !== "running") return [];
  const out: ScenarioStep[] = [];
  for (const u of unlockedActions(model, state))
    if (u.mode === "manual")
      for (const input of options.inputs?.[u.nodeId] ?? options.inputs?.[u.code ?? ""] ?? EMPTY)
        out.push({ perform: u.nodeId, input });
  const running = new Set<string>();
  for (const o of Object.values(state.occurrences))
    if (o.status === "running" && !running.has(o.nodeId)) {
      running.add(o.nodeId);
      for (const output of options.outputs?.[o.nodeId] ?? EMPTY) out.push({ complete: o.nodeId, output });
      if (model.lines.some((l) => l.kind === "flow" && l.from === o.nodeId && l.on === "failed"))
        out.push({ fail: o.nodeId, error: "failed in the dead-end search", final: true });
    }
  if (Object.values(state.occurrences).some((o) => o.status === "scheduled")) out.push({ clock: "next" });
  return out;
}

/**
 * For a running instance without open incidents: what tells one dead end from another (state,
 * which actions ran or failed for good, variables), so orderings of the same actions count once.
 */
function stuckSignature(state: InstanceState): string | undefined {
  if (state.status !== "running" || state.incidents.length > 0) return undefined;
  const nodes = Object.entries(state.current.nodes);
  const ran = nodes.filter(([, s]) => s.lastCompletedSeq !== undefined).map(([id]) => id);
  const failed = nodes.filter(([, s]) => s.failedSeq !== undefined).map(([id]) => id);
  return canonical([state.current.stateId, ran.sort(), failed.sort(), state.variables]);
}

interface Visit {
  parent: string | undefined;
  step: ScenarioStep | undefined;
}

function pathTo(visits: Map<string, Visit>, key: string): ScenarioStep[] {
  const steps: ScenarioStep[] = [];
  for (let k: string | undefined = key; k !== undefined;) {
    const v: Visit | undefined = visits.get(k);
    if (v?.step !== undefined) steps.push(v.step);
    k = v?.parent;
  }
  return steps.reverse();
}

/**
 * Breadth-first search over the situations reachable from the start by the events an analyst can
 * cause (perform unlocked manual actions, complete running automatic ones, fail them for good where
 * a failure flow leaves them, move the clock to the next due timer). A dead end is a running
 * instance with nothing unlocked, nothing running or scheduled and no open incident; breadth-first
 * order makes each counterexample a shortest one. Pure and bounded by the budget.
 */
export function findDeadEnds(model: ProcessModel, options: DeadEndOptions = {}): DeadEndSearch {
  const maxStates = options.maxStates ?? 5000;
  const maxSteps = options.maxSteps ?? 50_000;
  const maxDeadEnds = options.maxDeadEnds ?? 10;
  const start = options.start ?? {};
  const builtins = start.builtins !== false;
  const result: DeadEndSearch = {
    complete: true,
    explored: 0,
    steps: 0,
    budget: { maxStates, maxSteps },
    deadEnds: [],
    problems: [],
  };
  const started = startPlay(model, start);
  if (!started.ok) {
    result.problems.push({ steps: [], problem: started.problem });
    return result;
  }
  const visits = new Map<string, Visit>();
  const stuck = new Set<string>();
  const firstKey = situationKey(model, started.frame.state, started.frame.now);
  visits.set(firstKey, { parent: undefined, step: undefined });
  const queue: ({ key: string; frame: PlayFrame } | undefined)[] = [{ key: firstKey, frame: started.frame }];
  const stop = (hit: "states" | "steps" | "deadEnds"): DeadEndSearch => {
    result.complete = false;
    result.budget.hit = hit;
    return result;
  };
  for (let head = 0; head < queue.length; head++) {
    const item = queue[head];
    if (item === undefined) continue;
    queue[head] = undefined; // explored: let its frame go
    const { key, frame } = item;
    result.explored++;
    const candidates = candidateSteps(model, frame, options);
    const signature = stuckSignature(frame.state);
    if (candidates.length === 0 && signature !== undefined && !stuck.has(signature)) {
      stuck.add(signature);
      const steps = pathTo(visits, key);
      const stateId = frame.state.current.stateId;
      result.deadEnds.push({
        stateId,
        steps,
        scenario: {
          name: `dead end in ${stateId}`,
          ...start,
          steps: [...steps, { expect: { state: stateId, status: "running", unlocked: [] } }],
        },
      });
      if (result.deadEnds.length >= maxDeadEnds) return stop("deadEnds");
    }
    for (const s of candidates) {
      if (result.steps >= maxSteps) return stop("steps");
      result.steps++;
      const taken = playStep(model, frame, s, { builtins, schedules: false });
      if (!taken.ok) {
        if (result.problems.length < 10)
          result.problems.push({ steps: [...pathTo(visits, key), s], problem: taken.problem });
        continue;
      }
      const next = situationKey(model, taken.frame.state, taken.frame.now);
      if (visits.has(next)) continue;
      if (visits.size >= maxStates) return stop("states");
      visits.set(next, { parent: key, step: s });
      queue.push({ key: next, frame: taken.frame });
    }
  }
  return result;
}

/**
 * Inputs and outputs the scenarios of a process use, per action id, to feed the search with data an
 * analyst considered realistic (the search never invents variable values).
 */
export function scenarioSamples(file: ScenarioFile): Required<Pick<DeadEndOptions, "inputs" | "outputs">> {
  const inputs: Record<string, Json[]> = {};
  const outputs: Record<string, Json[]> = {};
  const add = (into: Record<string, Json[]>, id: string, value: Json): void => {
    const list = (into[id] ??= []);
    if (!list.some((v) => canonical(v) === canonical(value))) list.push(value);
  };
  for (const scenario of file.scenarios)
    for (const s of scenario.steps) {
      if ("perform" in s) add(inputs, s.perform, s.input ?? {});
      if ("complete" in s) add(outputs, s.complete, s.output ?? {});
    }
  return { inputs, outputs };
}
