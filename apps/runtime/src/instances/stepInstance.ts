import { step } from "@flowstate/engine";
import type { EngineEvent, InstanceState } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { Prisma } from "../generated/prisma/client.ts";
import type { PendingAudit } from "../auth/auditLog.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { ClaimedJob } from "../queue/queueSql.ts";
import type { HandedOverJob, JobHandoff } from "../queue/stepJobs.ts";
import { afterCommit } from "./afterCommit.ts";
import { readInstanceRow, rowState } from "./instanceRow.ts";
import type { InstanceRow } from "./instanceRow.ts";
import { persistSteps } from "./persistStep.ts";
import type { Runtime } from "./Runtime.ts";
import { needsSideWrites } from "./sideWrites.ts";
import { LeaseLostError, stepInstances } from "./stepBatch.ts";
import type { BatchResult, LockedInstance, StepOutcome } from "./stepBatch.ts";
import type { StepWrite } from "./stepRows.ts";

/**
 * THE step path: every event (API, callback, signal, timer, worker result, migration) goes through
 * `stepInstance` (one event) or `stepInstances` (a batch, `stepBatch.ts`); starts through
 * `startInstance`. Each asks the engine and writes the step with ONE statement (`persistSteps` →
 * `stepStatement`), guarded so it applies whole or not at all. The execution modes:
 *
 * | mode / option   | who uses it                                      | what it does and guarantees                                                    |
 * |-----------------|--------------------------------------------------|--------------------------------------------------------------------------------|
 * | optimistic      | `stepInstance` without `inTransaction` (API,     | read the row (no lock), step, one autocommit statement (`StepTx` =             |
 * | (default)       | callbacks, signals, timers, worker results)      | "autocommit") written only if the row's `seq` is unchanged; a lost race is     |
 * |                 |                                                  | retried on a fresh read (3×), then the locked path                             |
 * | `known`         | workers (the claim's row)                        | step from a row the caller already read; stale = one more retry                |
 * | row cache       | every optimistic step (`rt.rows`): API steps     | first try from the row this process last wrote (`InstanceRowCache`); stale =   |
 * |                 | (perform, signals, variables) hit it             | one refused write, forgotten, a fresh read; `authorize` re-checked on it       |
 * | `fence`         | workers, remote jobs (`processJob`, `RemoteJobs`)| the job's delete joins the step; lease lost → nothing written, `LeaseLostError`|
 * | `handoff`       | in-process workers (`JobHandoff`)                | the step's next handler job is inserted leased to the worker (no claim)        |
 * | group           | in-process workers on Postgres (`StepGroup`,     | results arriving in one turn: one statement, each step guarded by its seq and  |
 * | (`stepGroup.ts`)| `processJob`), tracing off                       | lease; a refused one goes alone (this path); a lone one goes alone at once     |
 * | `audit`         | `instance.*` procedures, callback route          | the call's audit record is written by the step's statement                     |
 * | locked          | `inTransaction`; a step with side writes         | Prisma transaction: rows `FOR UPDATE` (id order), statement, side writes       |
 * |                 | (identifiers, incidents); after lost races       | (`sideWrites.ts`), then the caller's writes: all commit together               |
 * | `inTransaction` | callbacks (token used), `migrateItem` (item),    | the caller's writes in the step's transaction, given the outcome; throwing     |
 * |                 | `RemoteJobs`, schedules (start), revert          | rolls the step back                                                            |
 * | batch           | `stepInstances` (migration chunks, revert,       | many instances in one transaction and one statement; `mustExist`: NOT_FOUND    |
 * |                 | signals in a caller's transaction)               | for a missing instance, otherwise a result without row                         |
 * | `optimistic`    | `migrateChunk`                                   | batch rows read unlocked; any row written meanwhile → `BatchConflictError`,    |
 * | (batch)         |                                                  | nothing written                                                                |
 * | `alongside`     | `migrateChunk` (its items)                       | with `optimistic`: the caller's CTEs join the step statement (Postgres: no     |
 * |                 |                                                  | transaction, "autocommit"); applies whole or fails FS409 → `BatchConflictError`|
 * | `enclosing`     | `deliverSignalOnce`                              | run in the caller's transaction; after-commit work waits (`runAfterCommit`)    |
 *
 * After a commit (`afterCommit`): wake this process's workers if jobs were inserted, tell live
 * pages, retire versions left without running instances. A rejection writes nothing of the
 * instance (only `inTransaction`'s writes, e.g. a dedupe record) and returns the reason.
 */

type Tx = Prisma.TransactionClient;

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
  /**
   * The data-dependent half of the caller's authorization (e.g. a perform's action role), checked
   * against the model of the version of every row the step is computed from — a stale row's
   * refusal only after a fresh read agrees. Throws a `DomainError` (FORBIDDEN) to refuse.
   */
  authorize?: (model: ProcessModel) => void;
}

/** How often a step computed from a row that another step changed meanwhile is retried before taking the row lock. */
const optimisticAttempts = 3;

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
  const authorize = options.authorize;
  const decide = authorize
    ? (row: LockedInstance) => {
        authorize(row.version.model);
        return { event };
      }
    : () => ({ event });
  const [result] = await stepInstances(rt, [instanceId], decide, {
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
  // A row not read just now (the caller's, or this process's last write of it) may be stale: its
  // rejection or refusal counts only once a fresh read agrees, and a stale write writes nothing.
  const untrusted = known ?? rt.rows.get(instanceId);
  const r = untrusted ?? (await readInstanceRow(rt, instanceId));
  if (!r) throw new DomainError("NOT_FOUND", `no instance with id "${instanceId}"`);
  const state = rowState(r);
  const version = await rt.models.get(r.version_id);
  const forget = () => {
    rt.rows.forget(instanceId);
    return "conflict" as const;
  };
  if (options.authorize) {
    try {
      options.authorize(version.model);
    } catch (error) {
      if (untrusted) return forget();
      throw error;
    }
  }
  const now = rt.clock.now();
  const stepResult = step(version.model, state, event, now.toISOString());
  if (!stepResult.ok)
    return untrusted ? forget() : { ok: false, rejection: stepResult.rejection, state: stepResult.state };
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
  if (!written!.written) return forget();
  const after = stepResult.state;
  // Kept unless the version changed or the snapshot goes on to a handler (whose code might change it).
  if (after.version === version.number && !options.handoff)
    rt.rows.remember({ ...r, status: after.status, seq: after.seq, state: after });
  else rt.rows.forget(instanceId);
  const handedOver = handedOverJobs(written!.handedOver, r, after, version.number);
  await afterCommit(rt, persisted.jobsInserted, [
    { processId: r.process_id, processKey: version.processKey, state: after, finished: written!.finished },
  ]);
  return { ok: true, state: after, ...(handedOver.length ? { handedOver } : {}) };
}

/**
 * The jobs a written step handed over to its worker (`JobHandoff`), as the worker runs them: with
 * the instance's new variables, and its new row when the step stayed on the row's version.
 */
export function handedOverJobs(
  handed: readonly HandedOverJob[],
  r: InstanceRow,
  after: InstanceState,
  versionNumber: number,
): ClaimedJob[] {
  return handed.map((j) => ({
    ...j,
    kind: "handler",
    deliveries: 1,
    variables: after.variables as Record<string, unknown>,
    ...(after.version === versionNumber
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
}
