import { explain, initialState, step, unlockedActions, viewRecords } from "@flowstate/engine";
import type {
  EngineEvent,
  MigrationPlan,
  Explanation,
  InstanceState,
  Records,
  StartOptions,
  UnlockedAction,
  ViewFiring,
  ViewOccurrence,
} from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { DomainError } from "../errors/DomainError.ts";
import { historyRecordsSql } from "./historyRecords.ts";
import type { Runtime } from "./Runtime.ts";

/**
 * One instance as the operate canvas overlays it, now or at a point of its history: the engine
 * state, what is unlocked, the explainer's answer for every node of the current state, the
 * occurrences (with their status at that point) and the firings so far.
 */
export interface InstanceView {
  instanceId: string;
  /** The version the instance was on at the viewed point (now: the one it is on). */
  versionId: string;
  versionNumber: number;
  /** The instance's latest `seq`. */
  latestSeq: number;
  /** `null` when this is the instance as it is now; otherwise the `seq` the view was rebuilt at. */
  atSeq: number | null;
  /** When retention replaced the instance's personal data (ISO time; null: never). */
  anonymisedAt: string | null;
  state: InstanceState;
  unlocked: UnlockedAction[];
  explanations: Record<string, Explanation>;
  occurrences: ViewOccurrence[];
  firings: ViewFiring[];
}

function queries(model: ProcessModel, state: InstanceState) {
  const nodes = model.nodes.filter((n) => n.stateId === state.current.stateId);
  return {
    unlocked: unlockedActions(model, state),
    explanations: Object.fromEntries(nodes.map((n) => [n.id, explain(model, state, n.id)])),
  };
}

/**
 * The view of an instance now (from its rows) or, with `atSeq`, as it was right after the last
 * event recorded at or before `atSeq` (time travel): the stored events are replayed through the
 * pure engine, collecting occurrences and firings on the way. The replay starts on the version the
 * instance started on and follows its migrations and reverts: a recorded `migrate` keeps its plan, whose
 * `targetVersion` names the model it moved to; a `revertMigration` goes back to the version the
 * migration came from (the state's migration stash). So each point is shown on the version the
 * instance was on at that point (`versionId`).
 */
export async function readInstanceView(rt: Runtime, id: string, atSeq?: number): Promise<InstanceView> {
  const row = await rt.db.prisma.instance.findUnique({
    where: { id },
    select: { id: true, versionId: true, processId: true, seq: true, state: true, anonymisedAt: true },
  });
  if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${id}"`);
  if (atSeq === undefined || atSeq >= row.seq) {
    const state = row.state as unknown as InstanceState;
    const { model, number } = await rt.models.get(row.versionId);
    const [occurrences, firings] = await Promise.all([
      rt.db.prisma.occurrence.findMany({
        where: { instanceId: id },
        select: { id: true, nodeId: true, stateInstanceKey: true, status: true, attempt: true, dueAt: true },
      }),
      rt.db.prisma.firing.findMany({
        where: { instanceId: id },
        orderBy: { seq: "asc" },
        select: { key: true, lineId: true, stateInstanceKey: true, seq: true },
      }),
    ]);
    return {
      instanceId: row.id,
      versionId: row.versionId,
      versionNumber: number,
      latestSeq: row.seq,
      atSeq: null,
      anonymisedAt: row.anonymisedAt?.toISOString() ?? null,
      state,
      ...queries(model, state),
      occurrences: occurrences.map((o) => ({ ...o, dueAt: o.dueAt ? o.dueAt.toISOString() : null })),
      firings,
    };
  }
  if (atSeq < 1) throw new DomainError("BAD_REQUEST", `atSeq must be at least 1 (the start), got ${atSeq}`);
  // The accepted events up to atSeq (a row's seq is its first record's: the event of its step).
  const events = await rt.db.prisma.$queryRawUnsafe<{ data: unknown }[]>(
    `SELECT r.data FROM (${historyRecordsSql} WHERE h.instance_id = $1::uuid AND h.seq <= $2) r WHERE r.type = 'event' AND r.seq <= $2 ORDER BY r.seq`,
    id,
    atSeq,
  );
  const recorded = events.map(
    (e) =>
      (typeof e.data === "string" ? JSON.parse(e.data) : e.data) as {
        event: EngineEvent | (Omit<StartOptions, "now"> & { type: "start" });
        now: string;
      },
  );
  const start = recorded[0];
  if (!start || start.event.type !== "start")
    throw new DomainError("PRECONDITION_FAILED", `instance "${id}" has no recorded start event`);
  const startEvent = start.event as Omit<StartOptions, "now"> & { type: "start" };
  const startVersion = await rt.models.getByNumber(row.processId, startEvent.version);
  const started = initialState(startVersion.model, {
    instanceId: startEvent.instanceId,
    businessKey: startEvent.businessKey,
    version: startEvent.version,
    now: start.now,
    ...(startEvent.variables ? { variables: startEvent.variables } : {}),
  });
  if (!started.ok)
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the start of "${id}" does not replay: ${started.rejection.message}`,
    );
  let state = started.state;
  const records: Records[] = [started.records];
  let version = startVersion;
  for (const { event, now } of recorded.slice(1)) {
    let input = event as EngineEvent;
    let next = version;
    if (event.type === "migrate") {
      const plan = (event as unknown as { plan: MigrationPlan }).plan;
      next = await rt.models.getByNumber(row.processId, plan.targetVersion);
      input = { type: "migrate", toModel: next.model, plan };
    } else if (event.type === "revertMigration") {
      const fromVersion = state.migration?.fromVersion;
      if (fromVersion === undefined)
        throw new DomainError(
          "PRECONDITION_FAILED",
          `the history of "${id}" does not replay: a revert without a migration before it`,
        );
      next = await rt.models.getByNumber(row.processId, fromVersion);
      input = { type: "revertMigration", fromModel: next.model };
    }
    const result = step(version.model, state, input, now);
    if (!result.ok)
      throw new DomainError(
        "PRECONDITION_FAILED",
        `the history of "${id}" does not replay: ${result.rejection.message}`,
      );
    state = result.state;
    version = next;
    records.push(result.records);
  }
  return {
    instanceId: row.id,
    versionId: version.versionId,
    versionNumber: version.number,
    latestSeq: row.seq,
    atSeq,
    anonymisedAt: row.anonymisedAt?.toISOString() ?? null,
    state,
    ...queries(version.model, state),
    ...viewRecords(records),
  };
}

/**
 * Running (and locked) instances per state and, per action, how many running instances have it
 * unlocked now; in both, how many of them have an open incident (in the state / at the action).
 */
export interface Heat {
  states: { stateId: string; count: number; incidents: number }[];
  actions: { nodeId: string; count: number; incidents: number }[];
  instances: number;
}

/**
 * The heat overlay of one version: how many running instances sit in each state and on each
 * unlocked action, and how many have an open incident there. Reads the running instances' states
 * in pages (the explainer is O(lines) per node, independent of history).
 */
export async function readHeat(rt: Runtime, versionId: string): Promise<Heat> {
  const { model } = await rt.models.get(versionId);
  type Tally = { count: number; incidents: number };
  const states = new Map<string, Tally>();
  const actions = new Map<string, Tally>();
  const tally = (map: Map<string, Tally>, id: string): Tally => {
    let t = map.get(id);
    if (!t) map.set(id, (t = { count: 0, incidents: 0 }));
    return t;
  };
  let instances = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await rt.db.prisma.instance.findMany({
      // Keyset paging (`id > cursor`), not Prisma's cursor + skip: that skips a row when the cursor's own row left the filter meanwhile.
      where: { versionId, status: { in: ["running", "locked"] }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: 500,
      select: { id: true, state: true },
    });
    for (const r of page) {
      const state = r.state as unknown as InstanceState;
      instances++;
      const inState = tally(states, state.current.stateId);
      inState.count++;
      if (state.incidents.length > 0) inState.incidents++;
      for (const u of unlockedActions(model, state)) tally(actions, u.nodeId).count++;
      for (const nodeId of new Set(state.incidents.map((i) => i.nodeId))) tally(actions, nodeId).incidents++;
    }
    if (page.length < 500) break;
    cursor = page[page.length - 1]!.id;
  }
  return {
    instances,
    states: [...states].map(([stateId, t]) => ({ stateId, ...t })),
    actions: [...actions].map(([nodeId, t]) => ({ nodeId, ...t })),
  };
}
