import type { Prisma } from "../generated/prisma/client.ts";
import { jobsChannel } from "../queue/queueSql.ts";
import type { HandedOverJob, JobHandoff, StepJobRow } from "../queue/stepJobs.ts";
import type { Runtime } from "./Runtime.ts";
import { historyEntries } from "./historyRecords.ts";
import { SideWritesNeedPrismaError, needsSideWrites, writeSideWrites } from "./sideWrites.ts";
import { stepRows } from "./stepRows.ts";
import type { StepLookups, StepRows, StepWrite } from "./stepRows.ts";
import { stepStatement } from "./stepStatement.ts";
import type { StepStatementInput } from "./stepStatement.ts";
import { inJson, isAlike, sharedInStatement, standInKey, withIdentity } from "./alikeSteps.ts";
import type { StepToWrite } from "./alikeSteps.ts";
import { activeTraceparent, inSpan } from "../observability/tracing.ts";
import type { AlongsideWrites, StepStatementRow } from "./stepStatement.ts";

/**
 * Persisting accepted steps: look up what the rows need (version ids, models), shape the rows
 * (`stepRows`, pure), offer a new handler job to the stepping worker (`JobHandoff`), run THE step
 * statement (`stepStatement`), then the side writes (`sideWrites`) in the caller's transaction.
 */

type Tx = Prisma.TransactionClient;
/** Where a step's statement runs: in a Prisma transaction, or on its own. */
export type StepTx = Tx | "autocommit";

/** A step statement with writes alongside did not apply as a whole (a step's seq moved, or the writes' check failed): it wrote nothing. */
export class WritesRefusedError extends Error {
  override name = "WritesRefusedError";
}
/** The SQLSTATE `flowstate_assert` raises (migration `batch_assert`). */
const refusedState = "FS409";

/** What `persistSteps` wrote, per step (a step whose seq or fence no longer held writes nothing). */
export interface PersistResult {
  jobsInserted: boolean;
  steps: {
    jobsInserted: boolean;
    finished: boolean;
    fenced: boolean;
    written: boolean;
    handedOver: HandedOverJob[];
  }[];
}

/**
 * Writes one accepted step in the caller's transaction (the transactional outbox): `persistSteps`
 * for one step. Returns whether jobs were inserted (so the caller wakes workers after commit),
 * whether the instance ended, and whether the fenced job was still this worker's.
 */
export async function persistStep(
  tx: StepTx,
  rt: Runtime,
  now: Date,
  step: StepWrite,
): Promise<{ jobsInserted: boolean; finished: boolean; fenced: boolean; written: boolean }> {
  const [result] = (await persistSteps(tx, rt, now, [step])).steps;
  return result!;
}

/**
 * Writes many accepted steps (of any instances) with one statement. `tx` is the caller's
 * transaction, or "autocommit" for steps without side writes (`needsSideWrites`; refused with
 * `SideWritesNeedPrismaError`, nothing written), whose statement is its own transaction. Per
 * step: whether it was written (its seq and fence still held), whether it ended its instance and
 * whether its fenced job was still held; overall: whether any job was inserted. With `alongside`,
 * the caller's writes are part of the statement, which then applies only as a whole
 * (`AlongsideWrites`; `WritesRefusedError` otherwise) and runs even for no steps.
 */
export function persistSteps(
  tx: StepTx,
  rt: Runtime,
  now: Date,
  steps: StepToWrite[],
  alongside?: AlongsideWrites,
): Promise<PersistResult> {
  if (!rt.tracing && !rt.metrics) return writeSteps(tx, rt, now, steps, alongside);
  // Steps that carry their own trace context (a group's: each has its own span) get no statement span.
  if (!rt.tracing || (steps.length > 0 && steps.every((s) => !isAlike(s) && s.traceParent !== undefined)))
    return measured(rt, () => writeSteps(tx, rt, now, steps, alongside));
  const [first] = steps;
  const attributes = {
    "flowstate.steps": steps.length,
    ...(steps.length === 1
      ? { "flowstate.instance_id": isAlike(first!) ? first.instanceId : first!.after.instanceId }
      : {}),
  };
  // A span per statement of steps: the jobs and webhook deliveries it writes carry its context.
  return inSpan(rt.tracing, "step", { attributes }, () =>
    measured(rt, () => writeSteps(tx, rt, now, steps, alongside, activeTraceparent())),
  );
}

/** Runs a step statement and counts what it wrote (and how long it took) in the metrics, when on. */
async function measured(rt: Runtime, write: () => Promise<PersistResult>): Promise<PersistResult> {
  const started = performance.now();
  const result = await write();
  const written = result.steps.reduce((n, s) => n + (s.written ? 1 : 0), 0);
  rt.metrics?.stepsWritten(written, (performance.now() - started) / 1000);
  return result;
}

async function writeSteps(
  tx: StepTx,
  rt: Runtime,
  now: Date,
  steps: StepToWrite[],
  alongside: AlongsideWrites | undefined,
  traceParent?: string,
): Promise<PersistResult> {
  if (steps.length === 0 && !alongside) return { jobsInserted: false, steps: [] };
  // The steps the rows are shaped for: each step of its own, and once each shared step of alike instances.
  const shaped: StepWrite[] = [];
  const shapedAt = new Map<StepWrite, number>();
  for (const step of steps) {
    const write = isAlike(step) ? step.like : step;
    if (shapedAt.has(write)) continue;
    shapedAt.set(write, shaped.length);
    shaped.push(write);
  }
  if (tx === "autocommit" && shaped.some(needsSideWrites))
    throw new SideWritesNeedPrismaError(
      "a step with side writes (identifiers, incidents) needs a Prisma transaction",
    );
  const iso = now.toISOString();
  const lookups: StepLookups[] = [];
  for (const step of shaped) {
    const found = stepLookups(tx, rt, step);
    lookups.push(found instanceof Promise ? await found : found);
  }
  const rows = stepRows(shaped, lookups, now, traceParent);
  const offers = offerHandoffs(shaped, rows.handlerJobs, now);
  const lines = statementLines(steps, shapedAt, rows);
  const statement = stepStatement(
    {
      at: iso,
      ...lines,
      stepCount: steps.length,
      fences: rows.fences,
      audit: rows.audit,
      notifications: rt.db.pool ? [{ channel: jobsChannel, payload: "", jobs_only: true }] : [],
    },
    alongside,
  );
  // The rows are in the text now: let them go before the statement's wait (a batch's are thousands
  // of small objects the young generation would otherwise copy at every scavenge meanwhile).
  rows.steps.length = 0;
  let row: StepStatementRow | undefined;
  try {
    [row] =
      tx === "autocommit"
        ? await rt.db.query<StepStatementRow>(
            statement.name,
            statement.text,
            statement.values,
            // A batch with writes alongside (a migration chunk): planned once per connection, not per batch.
            alongside ? { plan: "generic" } : undefined,
          )
        : await tx.$queryRawUnsafe<StepStatementRow[]>(statement.text, ...statement.values);
  } catch (error) {
    for (const o of offers) o.handoff.release(o.job.handler!);
    if (refused(error)) throw new WritesRefusedError(error.message);
    throw error;
  }
  const updated = new Set(row?.updated ?? []);
  const handedOver = takeHandedOver(offers, row?.handed, iso);
  const jobsInserted = Number(row?.jobs ?? 0) > 0;
  const fenced = new Set(row?.fenced ?? []);
  for (const step of steps) {
    // A shared step has no audit record or side writes (`stepBatch`).
    if (isAlike(step) || !updated.has(step.after.instanceId)) continue;
    if (tx === "autocommit") {
      // Committed with the step (in a transaction, the caller marks it once the transaction committed).
      if (step.audit) step.audit.recorded = true;
      continue;
    }
    // In the caller's transaction: it commits with it (an audited mutation's transaction must not add it again).
    if (step.audit) step.audit.inTransaction = true;
    await writeSideWrites(tx, step, now);
  }
  // Job results are only told apart for a single step; fences per step (a group of worker steps carries one each).
  return {
    jobsInserted,
    steps: steps.map((step) => {
      const instanceId = isAlike(step) ? step.instanceId : step.after.instanceId;
      return {
        jobsInserted,
        finished: rows.finished[shapedAt.get(isAlike(step) ? step.like : step)!]!,
        fenced: !isAlike(step) && step.fence ? fenced.has(instanceId) : true,
        written: updated.has(instanceId),
        handedOver: isAlike(step) ? [] : (handedOver.get(instanceId) ?? []),
      };
    }),
  };
}

/**
 * The statement's per-step texts: one JSON line per step of its row (with its rows nested), its
 * new snapshot and its history row, plus the webhook events and cancelled jobs — a step of its
 * own serialised, a step of an alike instance as its shared step's texts (serialised once) with
 * its identity in the stand-ins' places.
 */
function statementLines(
  steps: readonly StepToWrite[],
  shapedAt: ReadonlyMap<StepWrite, number>,
  rows: StepRows,
): Pick<StepStatementInput, "steps" | "snapshots" | "history" | "webhookEvents" | "cancelled" | "shared"> {
  // The shared steps by their stand-in id: the texts written for each of their instances, and
  // whether the statement puts each instance's identity in itself (`SharedSteps`, `kind`).
  const shared = new Map<
    string,
    { step: string; snapshot: string; history: string; events: string[]; kind: number | undefined }
  >();
  const kinds = {
    steps: [] as string[],
    snapshots: [] as string[],
    history: [] as string[],
    standIns: [] as string[],
  };
  for (const step of steps)
    if (isAlike(step) && !shared.has(step.like.after.instanceId)) {
      const write = step.like;
      const row = rows.steps[shapedAt.get(write)!]!;
      const texts = {
        step: JSON.stringify(row),
        snapshot: JSON.stringify(write.after),
        history: JSON.stringify(historyEntries(write.records.history)),
        events: [],
        kind: undefined as number | undefined,
      };
      if (sharedInStatement(row, write)) {
        kinds.steps.push(texts.step);
        kinds.snapshots.push(texts.snapshot);
        kinds.history.push(texts.history);
        kinds.standIns.push(write.after.instanceId);
        texts.kind = kinds.standIns.length;
      }
      shared.set(write.after.instanceId, texts);
    }
  const events: string[] = [];
  for (const event of rows.webhookEvents) {
    const text = JSON.stringify(event);
    const of = shared.get(event.instance_id);
    if (of) of.events.push(text);
    else events.push(text);
  }
  const cancelled = rows.cancelled.filter((c) => !shared.has(c.instance_id));
  const stepLines: string[] = [];
  const snapshots: string[] = [];
  const history: string[] = [];
  const members = { ids: [] as string[], kinds: [] as number[], keys: [] as string[] };
  for (const step of steps) {
    if (isAlike(step)) {
      const texts = shared.get(step.like.after.instanceId)!;
      const own = (text: string) => withIdentity(text, step.like, step.instanceId, step.businessKey);
      if (texts.kind !== undefined) {
        members.ids.push(step.instanceId);
        members.kinds.push(texts.kind);
        members.keys.push(inJson(step.businessKey));
      } else {
        stepLines.push(own(texts.step));
        snapshots.push(own(texts.snapshot));
        history.push(own(texts.history));
      }
      for (const e of texts.events) events.push(own(e));
      for (const c of rows.cancelled)
        if (c.instance_id === step.like.after.instanceId)
          cancelled.push({ ...c, instance_id: step.instanceId });
      continue;
    }
    const i = shapedAt.get(step)!;
    stepLines.push(JSON.stringify(rows.steps[i]));
    snapshots.push(JSON.stringify(step.after));
    history.push(JSON.stringify(historyEntries(step.records.history)));
  }
  return {
    // One step per line (JSON text never holds a raw newline): parsed step by step (see the statement).
    steps: stepLines.join("\n"),
    snapshots: snapshots.join("\n"),
    history: history.join("\n"),
    webhookEvents: `[${events.join(",")}]`,
    cancelled,
    shared: {
      steps: kinds.steps.join("\n"),
      snapshots: kinds.snapshots.join("\n"),
      history: kinds.history.join("\n"),
      standIns: kinds.standIns,
      standInKey,
      ...members,
    },
  };
}

/**
 * Version ids of the numbers the records mention (history keeps pointing at old versions after a
 * migration), and the model (for webhook events). Read from the model cache without awaiting when
 * every one is cached (a batch of steps would otherwise yield once per step and version).
 */
function stepLookups(tx: StepTx, rt: Runtime, step: StepWrite): StepLookups | Promise<StepLookups> {
  const { after, records, processId } = step;
  const numbers = new Set<number>([after.version]);
  for (const s of records.stateInstances) numbers.add(s.version);
  for (const o of records.occurrences) numbers.add(o.version);
  const versionIds = new Map<number, string>();
  for (const n of numbers) {
    const cached = rt.models.peekByNumber(processId, n);
    if (!cached) return readLookups(tx, rt, step, numbers);
    versionIds.set(n, cached.versionId);
  }
  return { versionIds, model: rt.models.peekByNumber(processId, after.version)!.model };
}

async function readLookups(
  tx: StepTx,
  rt: Runtime,
  step: StepWrite,
  numbers: Set<number>,
): Promise<StepLookups> {
  const versionIds = new Map<number, string>();
  let model: StepLookups["model"] | undefined;
  for (const n of numbers) {
    const version = await rt.models.getByNumber(step.processId, n, reader(tx));
    versionIds.set(n, version.versionId);
    if (n === step.after.version) model = version.model;
  }
  return { versionIds, model: model! };
}

type Offer = { handoff: JobHandoff; instanceId: string; job: StepJobRow };

/**
 * At most one job per step is handed over (the first handler job the worker has a slot for): the
 * worker's slot passes from the job this step records to the next. Reserved right before the
 * statement (the job row is inserted leased), released unless the statement inserted it.
 */
function offerHandoffs(steps: readonly StepWrite[], handlerJobs: StepJobRow[][], now: Date): Offer[] {
  const offers: Offer[] = [];
  steps.forEach((step, i) => {
    const handoff = step.handoff;
    if (!handoff) return;
    const job = handlerJobs[i]!.find((j) => handoff.reserve(j.handler!));
    if (!job) return;
    job.locked_by = handoff.workerId;
    job.locked_until = new Date(now.getTime() + handoff.leaseMs).toISOString();
    offers.push({ handoff, instanceId: step.after.instanceId, job });
  });
  return offers;
}

/** The offered jobs the statement inserted (by idempotency key), per instance; the others' slots are released. */
function takeHandedOver(offers: Offer[], handed: unknown, iso: string): Map<string, HandedOverJob[]> {
  const handedKeys = new Map(
    ((typeof handed === "string" ? JSON.parse(handed) : (handed ?? [])) as { id: string; key: string }[]).map(
      (h) => [h.key, BigInt(h.id)],
    ),
  );
  const handedOver = new Map<string, HandedOverJob[]>();
  for (const { handoff, instanceId, job } of offers) {
    const id = handedKeys.get(job.idempotency_key);
    if (id === undefined) {
      handoff.release(job.handler!);
      continue;
    }
    const list = handedOver.get(instanceId) ?? [];
    list.push({
      id,
      instanceId,
      occurrenceId: job.occurrence_id!,
      handler: job.handler!,
      runAt: new Date(job.run_at ?? iso),
      attempt: job.attempt,
      idempotencyKey: job.idempotency_key,
      payload: job.payload,
    });
    handedOver.set(instanceId, list);
  }
  return handedOver;
}

/** What model lookups read through: the transaction, or the client for an autocommit statement (Postgres: any connection). */
const reader = (tx: StepTx): Tx | undefined => (tx === "autocommit" ? undefined : tx);

/** `flowstate_assert`'s error, as pg reports it or as Prisma wraps it (Postgres and PGlite alike). */
function refused(error: unknown): error is Error {
  const e = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  } | null;
  return (
    error instanceof Error &&
    (e?.code === refusedState || e?.meta?.driverAdapterError?.cause?.originalCode === refusedState)
  );
}
