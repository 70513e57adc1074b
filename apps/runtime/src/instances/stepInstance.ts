import { initialState, step } from "@flowstate/engine";
import type { EngineEvent, InstanceState, Rejection } from "@flowstate/engine";
import type { JsonObject } from "@flowstate/engine";
import { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { Runtime } from "./Runtime.ts";
import {
  SideWritesNeedPrismaError,
  WritesRefusedError,
  needsSideWrites,
  persistStep,
  persistSteps,
} from "./persistStep.ts";
import type { AlongsideWrites, JobHandoff, StepTx, StepWrite } from "./persistStep.ts";
import type { ClaimedJob } from "../queue/queueSql.ts";
import type { CachedVersion } from "./ModelCache.ts";
import type { PendingAudit } from "../auth/auditLog.ts";
import { deactivateIdleVersions } from "../versions/versionService.ts";

type Tx = Prisma.TransactionClient;

export type StepOutcome =
  | { ok: true; state: InstanceState; handedOver?: ClaimedJob[] }
  | { ok: false; rejection: Rejection; state: InstanceState };

export interface StepOptions {
  /** The job whose result this step records: it is deleted in the same transaction, but only if this worker still holds its lease. */
  fence?: { jobId: bigint; workerId: string };
  /** Who caused the step (user, system, worker), for the history. */
  actor?: string;
  /** Extra writes that must commit with the step (e.g. marking a callback token used), given the outcome. */
  inTransaction?: (tx: Tx, outcome: StepOutcome) => Promise<void>;
  /** The instance row as the caller already read it (e.g. with a job's claim), to step without reading it again; a stale one only costs a retry. */
  known?: InstanceRow;
  /** The worker recording this result offers to run a handler job the step creates right away (see `JobHandoff`). */
  handoff?: JobHandoff;
  /** The audit record of the call that causes the step: written by the step's own statement (see `PendingAudit`). */
  audit?: PendingAudit;
}

/**
 * A caller's transaction that steps and starts join (e.g. a signal's message-id claim, which must
 * commit with the signal's effect): they read and write through `tx`, and their after-commit work
 * (waking workers, live pages, retiring versions) waits in `afterCommit` until the caller committed
 * — run it with `runAfterCommit`; on a rollback it is dropped.
 */
export interface Enclosing {
  tx: Tx;
  afterCommit: (() => Promise<void>)[];
}

export async function runAfterCommit(enclosing: Enclosing): Promise<void> {
  for (const work of enclosing.afterCommit.splice(0)) await work();
}

/** An instance row as read for a step. */
export interface InstanceRow {
  id: string;
  version_id: string;
  process_id: string;
  status: string;
  seq: number;
  state: unknown;
}

/** How often a step computed from a row that another step changed meanwhile is retried before taking the row lock. */
const optimisticAttempts = 3;

/** An optimistic batch (`BatchOptions.optimistic`) found an instance written since it read it: the batch wrote nothing. */
export class BatchConflictError extends Error {
  override name = "BatchConflictError";
}

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/**
 * The one code path for every event source (API, callback, signal, timer, worker result): ask the
 * engine and persist the new state, history and jobs atomically, then wake workers and notify live
 * pages. Optimistic first (`stepOptimistically`: one statement guarded by the row's seq and the
 * job's lease, no transaction); with `inTransaction`, side writes or after repeated lost races,
 * under the row lock in a transaction (`stepInstances`). A rejection writes nothing of the instance
 * (only `inTransaction`'s writes, e.g. a dedupe record) and returns the reason.
 */
export async function stepInstance(
  rt: Runtime,
  instanceId: string,
  event: EngineEvent,
  options: StepOptions = {},
): Promise<StepOutcome> {
  if (!options.inTransaction) {
    let known = options.known;
    for (let attempt = 0; attempt < optimisticAttempts; attempt++) {
      const outcome = await stepOptimistically(rt, instanceId, event, options, known);
      known = undefined;
      if (outcome === "sideWrites") break;
      if (outcome !== "conflict") return outcome;
    }
  }
  const [result] = await stepInstances(rt, [instanceId], () => ({ event }), {
    mustExist: true,
    ...(options.actor ? { actor: options.actor } : {}),
    ...(options.fence ? { fence: options.fence } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
    ...(options.inTransaction
      ? {
          inTransaction: (tx: Tx, results: BatchResult[]) => options.inTransaction!(tx, results[0]!.outcome!),
        }
      : {}),
  });
  return result!.outcome!;
}

/** An instance row as `stepInstances` locked it. */
export interface LockedInstance {
  id: string;
  versionId: string;
  processId: string;
  status: string;
  seq: number;
  state: InstanceState;
  version: CachedVersion;
}

/** What a batch does with one locked instance: step an event, or pass it by (for a reason the caller records). */
export type BatchDecision = { event: EngineEvent } | { pass: string };

export interface BatchResult {
  instanceId: string;
  /** Undefined when no such instance exists. */
  row: LockedInstance | undefined;
  decision: BatchDecision | undefined;
  /** Set when an event was stepped: accepted (and persisted) or rejected. */
  outcome: StepOutcome | undefined;
}

export interface BatchOptions {
  actor?: string;
  /** NOT_FOUND when an instance does not exist (the single-event path); otherwise its result has no row. */
  mustExist?: boolean;
  /** The job whose result a single-instance step records (see StepOptions.fence). */
  fence?: { jobId: bigint; workerId: string };
  /** Extra writes that commit with the batch, given every result. Throwing rolls everything back. */
  inTransaction?: (tx: Tx, results: BatchResult[]) => Promise<void>;
  /** The audit record of the call: written with the first accepted step, marked `recorded` once committed. */
  audit?: PendingAudit;
  /**
   * Read the rows without locking them: every step is written only if its row still has the seq it
   * was read with (as on the single-step path); if any was written meanwhile, the whole batch rolls
   * back with `BatchConflictError` and the caller takes another way (a migration chunk goes item by
   * item). Saves a row lock (and its WAL record) per instance where conflicts are rare. What the
   * caller writes for instances it passes by should check their seq itself (`LockedInstance.seq`).
   */
  optimistic?: boolean;
  /**
   * With `optimistic`, instead of `inTransaction`: the caller's writes, given every result, as part
   * of the one statement that writes the steps (`AlongsideWrites`) — the fast path of large batches
   * such as migration chunks. On Postgres the batch then takes no transaction at all: one read, then
   * one statement that applies whole (every step written and the writes' check holding) or not at
   * all (`BatchConflictError`). Two statements instead of a transaction of five: under load each
   * round trip can wait for Node, busy stepping another batch, while its backend idles. A batch
   * with side writes (and every batch on PGlite) runs the same statement in a Prisma transaction.
   */
  alongside?: (results: BatchResult[]) => AlongsideWrites;
  /** Run inside the caller's transaction instead of one of its own (see `Enclosing`). */
  enclosing?: Enclosing;
}

/**
 * Steps many instances in ONE transaction (batch operations, e.g. a migration chunk): locks their
 * rows (in id order, so two batches never deadlock; `optimistic`: reads them unlocked and writes
 * each only if unchanged — callers give ids in id order), lets `decide` choose an event per
 * instance from its current state, asks the engine, persists every accepted step with one statement
 * (`persistSteps`), runs `inTransaction`, commits, then wakes workers and notifies live pages. The
 * single-event path `stepInstance` is this with one instance. With `alongside` (Postgres, no side
 * writes) there is no transaction: one read, then the one statement, which applies whole or not at all.
 */
export async function stepInstances(
  rt: Runtime,
  instanceIds: readonly string[],
  decide: (row: LockedInstance) => BatchDecision,
  options: BatchOptions = {},
): Promise<BatchResult[]> {
  if (options.alongside && (!options.optimistic || options.inTransaction || options.enclosing))
    throw new Error(
      "writes alongside the steps need an optimistic batch without inTransaction or an enclosing transaction",
    );
  const enclosing = options.enclosing;
  if (enclosing)
    return stepBatch(rt, instanceIds, decide, options, (work) => work(enclosing.tx, enclosing.tx));
  if (rt.db.pool && options.alongside) {
    try {
      // No transaction: the read and the write are one statement each (see `BatchOptions.alongside`).
      return await stepBatch(rt, instanceIds, decide, options, (work) => work("autocommit", undefined));
    } catch (error) {
      // A step of the batch changes identifiers or incidents (written through Prisma): the batch
      // wrote nothing; run it again in a Prisma transaction.
      if (!(error instanceof SideWritesNeedPrismaError)) throw error;
    }
  }
  return stepBatch(rt, instanceIds, decide, options, (work) =>
    rt.db.prisma.$transaction((tx) => work(tx, tx), { timeout: 30_000, maxWait: 30_000 }),
  );
}

/** `tx`: the Prisma transaction, or "autocommit" (Postgres, `alongside`): every statement on its own. */
type BatchWork = (tx: StepTx, prisma: Tx | undefined) => Promise<BatchResult[]>;

async function stepBatch(
  rt: Runtime,
  instanceIds: readonly string[],
  decide: (row: LockedInstance) => BatchDecision,
  options: BatchOptions,
  transaction: (work: BatchWork) => Promise<BatchResult[]>,
): Promise<BatchResult[]> {
  const now = rt.clock.now();
  const accepted: { processId: string; processKey: string; state: InstanceState; finished: boolean }[] = [];
  let jobsInserted = false;
  const nowIso = now.toISOString();
  const results = await transaction(async (tx, prisma) => {
    const read = `${selectInstanceSql} WHERE id = ANY($1::uuid[]) ORDER BY id${options.optimistic ? "" : " FOR UPDATE"}`;
    // Autocommit is only taken by optimistic batches (`alongside`): one text for the statement's name.
    const rows =
      tx === "autocommit"
        ? await rt.db.query<InstanceRow>("flowstate_read_batch", read, [[...instanceIds]])
        : await tx.$queryRawUnsafe<InstanceRow[]>(read, [...instanceIds]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const results: BatchResult[] = [];
    const writes: StepWrite[] = [];
    const stepped: { result: BatchResult; processKey: string }[] = [];
    for (const instanceId of instanceIds) {
      const r = byId.get(instanceId);
      if (!r) {
        if (options.mustExist) throw new DomainError("NOT_FOUND", `no instance with id "${instanceId}"`);
        results.push({ instanceId, row: undefined, decision: undefined, outcome: undefined });
        continue;
      }
      const state = (typeof r.state === "string" ? JSON.parse(r.state) : r.state) as InstanceState;
      const row: LockedInstance = {
        id: r.id,
        versionId: r.version_id,
        processId: r.process_id,
        status: r.status,
        seq: Number(r.seq),
        state,
        version: rt.models.peek(r.version_id) ?? (await rt.models.get(r.version_id, prisma)),
      };
      const decision = decide(row);
      const result: BatchResult = { instanceId, row, decision, outcome: undefined };
      results.push(result);
      if (!("event" in decision)) continue;
      const stepResult = step(row.version.model, state, decision.event, nowIso);
      if (!stepResult.ok) {
        result.outcome = { ok: false, rejection: stepResult.rejection, state: stepResult.state };
        continue;
      }
      result.outcome = { ok: true, state: stepResult.state };
      writes.push({
        processId: row.processId,
        before: state,
        after: stepResult.state,
        records: stepResult.records,
        effects: stepResult.effects,
        ...(options.actor ? { actor: options.actor } : {}),
        ...(options.fence ? { fence: options.fence } : {}),
        ...(options.audit && writes.length === 0 ? { audit: options.audit } : {}),
        expectedSeq: row.seq,
      });
      stepped.push({ result, processKey: row.version.processKey });
    }
    const persisted = await persistSteps(tx, rt, now, writes, options.alongside?.(results)).catch(
      (error: unknown) => {
        if (error instanceof WritesRefusedError)
          throw new BatchConflictError(`the batch did not apply as a whole: ${error.message}`);
        throw error;
      },
    );
    persisted.steps.forEach((p, i) => {
      if (options.fence && !p.fenced)
        throw new LeaseLostError(
          `job ${options.fence.jobId} is no longer leased to ${options.fence.workerId}`,
        );
      if (!p.written) {
        if (options.optimistic)
          throw new BatchConflictError(
            `instance ${stepped[i]!.result.instanceId} was written since the batch read it`,
          );
        throw new Error(`instance ${stepped[i]!.result.instanceId} changed under its row lock`);
      }
      const { result, processKey } = stepped[i]!;
      accepted.push({
        processId: result.row!.processId,
        processKey,
        state: result.outcome!.state,
        finished: p.finished,
      });
    });
    jobsInserted = persisted.jobsInserted;
    if (prisma) await options.inTransaction?.(prisma, results);
    return results;
  });
  const committed = async () => {
    if (options.audit && accepted.length > 0) options.audit.recorded = true;
    await afterCommit(rt, jobsInserted, accepted);
  };
  if (options.enclosing) options.enclosing.afterCommit.push(committed);
  else await committed();
  return results;
}

const selectInstanceSql = `SELECT id, version_id, process_id, status::text AS status, seq, state FROM instance`;

/**
 * An instance row as a step reads it (one named statement, no transaction). Callers that need the
 * row before stepping (e.g. `assertMayPerform`) pass it on as `StepOptions.known`, so the step
 * does not read it again.
 */
export async function readInstanceRow(
  rt: Pick<Runtime, "db">,
  instanceId: string,
): Promise<InstanceRow | undefined> {
  return (
    await rt.db.query<InstanceRow>("flowstate_read_instance", `${selectInstanceSql} WHERE id = $1::uuid`, [
      instanceId,
    ])
  )[0];
}

/**
 * The step without a transaction (optimistic concurrency): read the row (or take the caller's),
 * step, and write everything with ONE statement that applies only if the row's seq is still the
 * one read and the fenced job is still leased (`persistSteps`). Returns the outcome, "conflict"
 * when another step got in first (the caller retries with a fresh read), or "sideWrites" when the
 * step changes identifiers or incidents (written by separate statements: the locked path does it).
 * A rejection computed from a caller-supplied row is re-checked on a fresh read before it counts.
 */
async function stepOptimistically(
  rt: Runtime,
  instanceId: string,
  event: EngineEvent,
  options: StepOptions,
  known: InstanceRow | undefined,
): Promise<StepOutcome | "conflict" | "sideWrites"> {
  const r = known ?? (await readInstanceRow(rt, instanceId));
  if (!r) throw new DomainError("NOT_FOUND", `no instance with id "${instanceId}"`);
  const state = (typeof r.state === "string" ? JSON.parse(r.state) : r.state) as InstanceState;
  const version = await rt.models.get(r.version_id);
  const now = rt.clock.now();
  const stepResult = step(version.model, state, event, now.toISOString());
  if (!stepResult.ok)
    return known ? "conflict" : { ok: false, rejection: stepResult.rejection, state: stepResult.state };
  const write: StepWrite = {
    processId: r.process_id,
    before: state,
    after: stepResult.state,
    records: stepResult.records,
    effects: stepResult.effects,
    expectedSeq: Number(r.seq),
    ...(options.actor ? { actor: options.actor } : {}),
    ...(options.fence ? { fence: options.fence } : {}),
    ...(options.handoff ? { handoff: options.handoff } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
  };
  if (needsSideWrites(write)) return "sideWrites";
  const persisted = await persistSteps("autocommit", rt, now, [write]);
  const [written] = persisted.steps;
  if (options.fence && !written!.fenced)
    throw new LeaseLostError(`job ${options.fence.jobId} is no longer leased to ${options.fence.workerId}`);
  if (!written!.written) return "conflict";
  const after = stepResult.state;
  const handedOver: ClaimedJob[] = written!.handedOver.map((j) => ({
    ...j,
    kind: "handler",
    deliveries: 1,
    variables: after.variables as Record<string, unknown>,
    ...(after.version === version.number
      ? {
          instance: {
            id: r.id,
            version_id: r.version_id,
            process_id: r.process_id,
            status: after.status,
            seq: after.seq,
            state: after,
          },
        }
      : {}),
  }));
  await afterCommit(rt, persisted.jobsInserted, [
    { processId: r.process_id, processKey: version.processKey, state: after, finished: written!.finished },
  ]);
  return { ok: true, state: after, ...(handedOver.length ? { handedOver } : {}) };
}

/** After a commit: wake this process's workers, tell live pages here, and retire versions left without running instances. */
async function afterCommit(
  rt: Runtime,
  jobsInserted: boolean,
  accepted: readonly { processId: string; processKey: string; state: InstanceState; finished: boolean }[],
) {
  if (jobsInserted) rt.wake();
  for (const a of accepted)
    rt.feed.published({
      instanceId: a.state.instanceId,
      processKey: a.processKey,
      seq: a.state.seq,
      status: a.state.status,
    });
  for (const processId of new Set(accepted.filter((a) => a.finished).map((a) => a.processId)))
    await deactivateIdleVersions(rt, processId);
}

export interface StartInput {
  processKey: string;
  /** A published version's number; absent: the newest published version. */
  versionNumber?: number;
  businessKey?: string;
  variables?: JsonObject;
  actor?: string;
  /** Extra writes that must commit with the new instance (e.g. a schedule's tick); throwing rolls the start back. */
  inTransaction?: (tx: Tx, instance: { instanceId: string; versionId: string }) => Promise<void>;
  /** Start inside the caller's transaction instead of one of its own (see `Enclosing`). */
  enclosing?: Enclosing;
}

/**
 * Starts an instance of the newest published version of a process (or of the published version
 * `versionNumber`; a draft or deprecated one is refused: PRECONDITION_FAILED). The business key is unique
 * among running instances of the process (CONFLICT otherwise; 100 concurrent starts with one key
 * give exactly one instance, enforced by a unique index).
 */
export async function startInstance(
  rt: Runtime,
  input: StartInput,
  instanceId: string,
): Promise<InstanceState> {
  const enclosing = input.enclosing;
  const reader = enclosing?.tx ?? rt.db.prisma;
  const process = await reader.process.findUnique({ where: { key: input.processKey }, select: { id: true } });
  if (!process) throw new DomainError("NOT_FOUND", `no process with key "${input.processKey}"`);
  const published = await reader.version.findFirst({
    where: {
      processId: process.id,
      status: "published",
      ...(input.versionNumber !== undefined ? { number: input.versionNumber } : {}),
    },
    orderBy: { number: "desc" },
    select: { id: true },
  });
  if (!published)
    throw new DomainError(
      "PRECONDITION_FAILED",
      input.versionNumber !== undefined
        ? `"${input.processKey}" v${input.versionNumber} is not a published version`
        : `"${input.processKey}" has no published version`,
    );
  const version = await rt.models.get(published.id, reader);
  const now = rt.clock.now();
  const businessKey = input.businessKey ?? instanceId;
  const result = initialState(version.model, {
    instanceId,
    businessKey,
    variables: input.variables ?? {},
    now: now.toISOString(),
    version: version.number,
  });
  if (!result.ok)
    throw new DomainError(
      "UNPROCESSABLE_CONTENT",
      `cannot start "${input.processKey}": ${result.rejection.message}`,
      { rejection: result.rejection },
    );
  let persisted: { jobsInserted: boolean; finished: boolean } | undefined;
  const transaction = (work: (tx: Tx) => Promise<void>) =>
    enclosing ? work(enclosing.tx) : rt.db.prisma.$transaction(work, { timeout: 30_000, maxWait: 30_000 });
  try {
    await transaction(async (tx) => {
      await tx.instance.create({
        data: {
          id: instanceId,
          processId: process.id,
          versionId: version.versionId,
          businessKey,
          activeBusinessKey: businessKey,
          status: "running",
          variables: (input.variables ?? {}) as Prisma.InputJsonValue,
          state: result.state as unknown as Prisma.InputJsonValue,
          seq: 0,
          startedAt: now,
        },
      });
      persisted = await persistStep({
        tx,
        rt,
        processId: process.id,
        after: result.state,
        records: result.records,
        effects: result.effects,
        now,
        ...(input.actor ? { actor: input.actor } : {}),
      });
      await input.inTransaction?.(tx, { instanceId, versionId: version.versionId });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new DomainError(
        "CONFLICT",
        `a running instance of "${input.processKey}" already has business key "${businessKey}"`,
        { businessKey },
      );
    }
    throw error;
  }
  const committed = () =>
    afterCommit(rt, persisted!.jobsInserted, [
      {
        processId: process.id,
        processKey: version.processKey,
        state: result.state,
        finished: persisted!.finished,
      },
    ]);
  if (enclosing) enclosing.afterCommit.push(committed);
  else await committed();
  return result.state;
}
