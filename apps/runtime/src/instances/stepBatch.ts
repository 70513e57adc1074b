import { step } from "@flowstate/engine";
import type { EngineEvent, InstanceState, Rejection } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import type { PendingAudit } from "../auth/auditLog.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { ClaimedJob } from "../queue/queueSql.ts";
import { afterCommit } from "./afterCommit.ts";
import type { CommittedStep, Enclosing } from "./afterCommit.ts";
import { rowState, selectInstanceSql, selectTextSql } from "./instanceRow.ts";
import type { InstanceRow } from "./instanceRow.ts";
import type { CachedVersion } from "./ModelCache.ts";
import { WritesRefusedError, persistSteps } from "./persistStep.ts";
import type { StepTx } from "./persistStep.ts";
import type { Runtime } from "./Runtime.ts";
import { SideWritesNeedPrismaError, needsSideWrites } from "./sideWrites.ts";
import { alikeState, alikeText, kindState, shareable, standIn, textKind } from "./alikeSteps.ts";
import type { StepToWrite } from "./alikeSteps.ts";
import type { StepWrite } from "./stepRows.ts";
import type { AlongsideWrites } from "./stepStatement.ts";

/** The batch path of steps (`stepInstances`); the execution modes are tabled in `stepInstance.ts`. */

type Tx = Prisma.TransactionClient;

/** What a step came to: accepted (and written) with the new state, or rejected with the engine's reason. */
export type StepOutcome =
  | { ok: true; state: InstanceState; handedOver?: ClaimedJob[] }
  | { ok: false; rejection: Rejection; state: InstanceState };

/** An optimistic batch (`BatchOptions.optimistic`) found an instance written since it read it: the batch wrote nothing. */
export class BatchConflictError extends Error {
  override name = "BatchConflictError";
}

/** The fenced job is no longer leased to the step's worker: the step wrote nothing. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
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
  /**
   * When the batch found the instance alike others by text (`BatchOptions.alike`): one object per
   * kind, the same for every instance of it, whose states differ in their id and business key
   * only. A caller may reuse per kind what it derives from the state without its identity.
   */
  kind?: object;
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
  /** The job whose result a single-instance step records (see `StepOptions.fence`). */
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
  /**
   * A key of an instance's event (undefined: none). Instances whose events have the same key and
   * whose states are the same but for their id and business key take ONE engine step, written
   * for each with its own identity (`alikeSteps.ts`) — when that step evaluated no expression.
   * Not with `fence` or `audit`.
   */
  alike?: (row: LockedInstance, event: EngineEvent) => string | undefined;
}

/** The shared step of a kind of alike instances, or null when they step one by one. */
type AlikeKind = { n: number; write: StepWrite; after: InstanceState } | null;

/** A row read by `selectTextSql` (or by `selectInstanceSql`, without a business key). */
type TextRow = InstanceRow & { business_key?: string | null };

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

/**
 * The shared step of a kind of alike instances: the event stepped on the stand-in state, kept when
 * it evaluated no expression, wrote nothing through Prisma and names the stand-ins only as its own
 * identity; otherwise null (each instance of the kind steps on its own).
 */
function alikeKind(
  row: LockedInstance,
  stood: InstanceState,
  event: EngineEvent,
  n: number,
  nowIso: string,
  actor: string | undefined,
): AlikeKind {
  const taken = step(row.version.model, stood, event, nowIso);
  if (!taken.ok || !taken.contextFree || !shareable(taken.state, n)) return null;
  const write: StepWrite = {
    processId: row.processId,
    before: stood,
    after: taken.state,
    records: taken.records,
    effects: taken.effects,
    ...(actor ? { actor } : {}),
    expectedSeq: row.seq,
  };
  return needsSideWrites(write) ? null : { n, write, after: taken.state };
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
  const accepted: CommittedStep[] = [];
  let jobsInserted = false;
  const nowIso = now.toISOString();
  const results = await transaction(async (tx, prisma) => {
    const alike = options.fence || options.audit ? undefined : options.alike;
    // Instances that may be alike are read with their states as text (`textKind`).
    const read = `${alike ? selectTextSql : selectInstanceSql} WHERE id = ANY($1::uuid[]) ORDER BY id${options.optimistic ? "" : " FOR UPDATE"}`;
    // Autocommit is only taken by optimistic batches (`alongside`): one text per statement name.
    const rows =
      tx === "autocommit"
        ? await rt.db.query<TextRow>(alike ? "flowstate_read_batch_text" : "flowstate_read_batch", read, [
            [...instanceIds],
          ])
        : await tx.$queryRawUnsafe<TextRow[]>(read, [...instanceIds]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const results: BatchResult[] = [];
    const writes: StepToWrite[] = [];
    /** The states of the kinds found by text (null: the kind's instances are parsed one by one). */
    const textKinds = new Map<string, InstanceState | null>();
    /**
     * The shared steps per kind of instance — its state found by text, or else its version and
     * serialised state (`alikeText`) — and per event key.
     */
    const kinds = new Map<InstanceState | string, Map<string, AlikeKind>>();
    let kindCount = 0;
    const stepped: { result: BatchResult; processKey: string }[] = [];
    for (const instanceId of instanceIds) {
      const r = byId.get(instanceId);
      if (!r) {
        if (options.mustExist) throw new DomainError("NOT_FOUND", `no instance with id "${instanceId}"`);
        results.push({ instanceId, row: undefined, decision: undefined, outcome: undefined });
        continue;
      }
      // An instance of a kind found by text is its kind's state with its own identity (not parsed).
      let textKindState: InstanceState | undefined;
      let state: InstanceState | undefined;
      const key = r.business_key;
      if (alike && typeof r.state === "string" && typeof key === "string") {
        const kindText = textKind(r.state, r.id, key);
        if (kindText !== undefined) {
          const textKey = `${r.version_id}\n${kindText}`;
          let kind = textKinds.get(textKey);
          if (kind === undefined) textKinds.set(textKey, (kind = kindState(kindText) ?? null));
          if (kind) {
            textKindState = kind;
            state = { ...kind, instanceId: r.id, businessKey: key };
          }
        }
      }
      state ??= rowState(r);
      const row: LockedInstance = {
        id: r.id,
        versionId: r.version_id,
        processId: r.process_id,
        status: r.status,
        seq: Number(r.seq),
        state,
        version: rt.models.peek(r.version_id) ?? (await rt.models.get(r.version_id, prisma)),
        ...(textKindState ? { kind: textKindState } : {}),
      };
      const decision = decide(row);
      const result: BatchResult = { instanceId, row, decision, outcome: undefined };
      results.push(result);
      if (!("event" in decision)) continue;
      const eventKey = alike?.(row, decision.event);
      if (eventKey !== undefined) {
        // One engine step per kind of instance (its event, version and state but for its identity).
        const kindOf = textKindState ?? `${row.versionId}\n${alikeText(state)}`;
        let steps = kinds.get(kindOf);
        if (!steps) kinds.set(kindOf, (steps = new Map()));
        let kind = steps.get(eventKey);
        if (kind === undefined) {
          const n = kindCount++;
          kind = alikeKind(row, standIn(state, n), decision.event, n, nowIso, options.actor);
          steps.set(eventKey, kind);
        }
        if (kind) {
          result.outcome = { ok: true, state: alikeState(kind.after, row.id, state.businessKey) };
          writes.push({
            like: kind.write,
            instanceId: row.id,
            businessKey: state.businessKey,
            expectedSeq: row.seq,
          });
          stepped.push({ result, processKey: row.version.processKey });
          continue;
        }
      }
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
