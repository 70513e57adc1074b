import { initialState, step } from "@flowstate/engine";
import type { EngineEvent, InstanceState, Rejection } from "@flowstate/engine";
import type { JsonObject } from "@flowstate/engine";
import { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { Runtime } from "./Runtime.ts";
import { persistStep } from "./persistStep.ts";
import { deactivateIdleVersions } from "../versions/versionService.ts";

type Tx = Prisma.TransactionClient;

export type StepOutcome = { ok: true; state: InstanceState } | { ok: false; rejection: Rejection; state: InstanceState };

export interface StepOptions {
  /** The job whose result this step records: it is deleted in the same transaction, but only if this worker still holds its lease. */
  fence?: { jobId: bigint; workerId: string };
  /** Who caused the step (user, system, worker), for the history. */
  actor?: string;
  /** Extra writes that must commit with the step (e.g. marking a callback token used), given the outcome. */
  inTransaction?: (tx: Tx, outcome: StepOutcome) => Promise<void>;
}

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/**
 * The one code path for every event source (API, callback, signal, timer, worker result):
 * lock the instance row, ask the engine, persist the new state, history and jobs in the same
 * transaction, commit, then wake workers and notify live pages. A rejection commits nothing of
 * the instance (only `inTransaction`'s writes, e.g. a dedupe record) and returns the reason.
 */
export async function stepInstance(rt: Runtime, instanceId: string, event: EngineEvent, options: StepOptions = {}): Promise<StepOutcome> {
  const now = rt.clock.now();
  let after: { jobs: boolean; finished: boolean; processId: string; processKey: string; state: InstanceState } | undefined;
  const outcome = await rt.db.prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRawUnsafe<{ version_id: string; process_id: string; state: unknown }[]>(
        `SELECT version_id, process_id, state FROM instance WHERE id = $1::uuid FOR UPDATE`,
        instanceId,
      );
      const row = rows[0];
      if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${instanceId}"`);
      const state = (typeof row.state === "string" ? JSON.parse(row.state) : row.state) as InstanceState;
      const version = await rt.models.get(row.version_id, tx);
      const result = step(version.model, state, event, now.toISOString());
      if (!result.ok) {
        const rejected: StepOutcome = { ok: false, rejection: result.rejection, state: result.state };
        await options.inTransaction?.(tx, rejected);
        return rejected;
      }
      const persisted = await persistStep({ tx, rt, processId: row.process_id, before: state, after: result.state, records: result.records, effects: result.effects, now, ...(options.actor ? { actor: options.actor } : {}) });
      if (options.fence) {
        const deleted = await tx.$executeRawUnsafe(`DELETE FROM job WHERE id = $1 AND locked_by = $2`, String(options.fence.jobId), options.fence.workerId);
        if (deleted !== 1) throw new LeaseLostError(`job ${options.fence.jobId} is no longer leased to ${options.fence.workerId}`);
      }
      const accepted: StepOutcome = { ok: true, state: result.state };
      await options.inTransaction?.(tx, accepted);
      await notifyChange(rt, tx, version.processKey, result.state);
      after = { jobs: persisted.jobsInserted, finished: persisted.finished, processId: row.process_id, processKey: version.processKey, state: result.state };
      return accepted;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
  if (after) await afterCommit(rt, after);
  return outcome;
}

async function notifyChange(rt: Runtime, tx: Tx, processKey: string, state: InstanceState) {
  const sql = rt.feed.notifySql({ instanceId: state.instanceId, processKey, seq: state.seq, status: state.status });
  if (sql) await tx.$executeRawUnsafe(sql[0], sql[1]);
}

async function afterCommit(rt: Runtime, a: { jobs: boolean; finished: boolean; processId: string; processKey: string; state: InstanceState }) {
  if (a.jobs) rt.wake();
  rt.feed.published({ instanceId: a.state.instanceId, processKey: a.processKey, seq: a.state.seq, status: a.state.status });
  if (a.finished) await deactivateIdleVersions(rt, a.processId);
}

export interface StartInput {
  processKey: string;
  businessKey?: string;
  variables?: JsonObject;
  actor?: string;
  /** Extra writes that must commit with the new instance (e.g. a schedule's tick); throwing rolls the start back. */
  inTransaction?: (tx: Tx, instance: { instanceId: string; versionId: string }) => Promise<void>;
}

/**
 * Starts an instance of the newest published version of a process. The business key is unique
 * among running instances of the process (CONFLICT otherwise; 100 concurrent starts with one key
 * give exactly one instance, enforced by a unique index).
 */
export async function startInstance(rt: Runtime, input: StartInput, instanceId: string): Promise<InstanceState> {
  const process = await rt.db.prisma.process.findUnique({ where: { key: input.processKey }, select: { id: true } });
  if (!process) throw new DomainError("NOT_FOUND", `no process with key "${input.processKey}"`);
  const published = await rt.db.prisma.version.findFirst({ where: { processId: process.id, status: "published" }, orderBy: { number: "desc" }, select: { id: true } });
  if (!published) throw new DomainError("PRECONDITION_FAILED", `"${input.processKey}" has no published version`);
  const version = await rt.models.get(published.id);
  const now = rt.clock.now();
  const businessKey = input.businessKey ?? instanceId;
  const result = initialState(version.model, { instanceId, businessKey, variables: input.variables ?? {}, now: now.toISOString(), version: version.number });
  if (!result.ok) throw new DomainError("UNPROCESSABLE_CONTENT", `cannot start "${input.processKey}": ${result.rejection.message}`, { rejection: result.rejection });
  let persisted: { jobsInserted: boolean; finished: boolean } | undefined;
  try {
    await rt.db.prisma.$transaction(
      async (tx) => {
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
        persisted = await persistStep({ tx, rt, processId: process.id, after: result.state, records: result.records, effects: result.effects, now, ...(input.actor ? { actor: input.actor } : {}) });
        await input.inTransaction?.(tx, { instanceId, versionId: version.versionId });
        await notifyChange(rt, tx, version.processKey, result.state);
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new DomainError("CONFLICT", `a running instance of "${input.processKey}" already has business key "${businessKey}"`, { businessKey });
    }
    throw error;
  }
  await afterCommit(rt, { jobs: persisted!.jobsInserted, finished: persisted!.finished, processId: process.id, processKey: version.processKey, state: result.state });
  return result.state;
}
