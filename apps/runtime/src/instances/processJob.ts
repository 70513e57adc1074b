import type { EngineEvent, Json } from "@flowstate/engine";
import { issueTaskToken } from "../callbacks/taskToken.ts";
import { FinalFailure } from "../handlers/defineHandler.ts";
import type { HandlerDefinition } from "../handlers/defineHandler.ts";
import type { ClaimedJob } from "../queue/queueSql.ts";
import { deleteLeasedJob, noteJobError, releaseJob, saveJobPayload } from "../queue/queueSql.ts";
import type { Runtime } from "./Runtime.ts";
import type { JobHandoff } from "../queue/stepJobs.ts";
import { LeaseLostError } from "./stepBatch.ts";
import { stepInstance } from "./stepInstance.ts";
import { StepGroup } from "./stepGroup.ts";
import { inSpan, SpanKind } from "../observability/tracing.ts";

/** Job kinds without a handler that every worker processes. */
export const systemJobKinds = ["timer", "compensation", "lockInstances"];

export interface JobProcessor {
  /** Returns the jobs the step handed over to this worker (see `JobHandoff`), to run next. */
  (
    job: ClaimedJob,
    handler: HandlerDefinition | undefined,
    signal: AbortSignal,
    handoff?: JobHandoff,
  ): Promise<ClaimedJob[] | void>;
}

function errorJson(error: unknown): Json {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { message: String(error) };
}

/**
 * What a worker does with one claimed job. Every outcome is recorded by `stepInstance` with the
 * job fenced (deleted only while this worker still holds its lease), so a redelivered job after a
 * crash or an expired lease is harmless: the handler runs again with the same idempotency key,
 * and a late result from a worker that lost its lease is refused.
 */
export function createJobProcessor(rt: Runtime, workerId: string): JobProcessor {
  const fence = (job: ClaimedJob) => ({ jobId: job.id, workerId });
  const dropJob = (job: ClaimedJob) => deleteLeasedJob(rt.db, { jobId: job.id, workerId });
  // Group commit of this worker's results (Postgres); with tracing, each grouped step keeps its job's trace.
  const group = rt.db.pool ? new StepGroup(rt) : undefined;
  /** Steps a job's result: with the others of this turn (`StepGroup`), or alone. */
  const stepJob = (job: ClaimedJob, event: EngineEvent, actor: string, handoff: JobHandoff | undefined) =>
    group
      ? group.step({
          instanceId: job.instanceId,
          event,
          actor,
          fence: fence(job),
          known: job.instance ?? undefined,
          handoff,
        })
      : stepInstance(rt, job.instanceId, event, {
          fence: fence(job),
          actor,
          ...(job.instance ? { known: job.instance } : {}),
          ...(handoff ? { handoff } : {}),
        });

  async function onTimer(job: ClaimedJob, handoff: JobHandoff | undefined) {
    const outcome = await stepJob(
      job,
      { type: "timerDue", occurrenceId: job.occurrenceId! },
      "timer",
      handoff,
    );
    if (outcome.ok) return outcome.handedOver;
    const code = outcome.rejection.code;
    if (code === "TIMER_NOT_DUE") {
      await releaseJob(rt.db, { jobId: job.id, workerId, runAt: new Date(rt.clock.now().getTime() + 1000) });
    } else if (code === "INSTANCE_LOCKED") {
      // The timer fires once the instance is unlocked: look again in a minute.
      await releaseJob(rt.db, {
        jobId: job.id,
        workerId,
        runAt: new Date(rt.clock.now().getTime() + 60_000),
        error: outcome.rejection.message,
      });
    } else {
      // The occurrence moved on (cancelled, already handled) or the instance ended: nothing to do.
      await dropJob(job);
    }
  }

  async function onHandler(
    job: ClaimedJob,
    handler: HandlerDefinition,
    signal: AbortSignal,
    handoff: JobHandoff | undefined,
  ) {
    const payload = job.payload as { nodeId: string; input: unknown };
    // The claim read the variables along (one round trip less per job); a job read otherwise reads them here.
    const state =
      job.variables !== undefined
        ? job.variables === null
          ? null
          : { variables: job.variables }
        : await rt.db.prisma.instance.findUnique({
            where: { id: job.instanceId },
            select: { variables: true },
          });
    if (!state) {
      await dropJob(job);
      return;
    }
    // The callback token is signed only when the handler asks for it (most handlers answer at once).
    let callback: { url: string; token: string } | undefined;
    const callbackFor = () => {
      if (!callback) {
        const token = issueTaskToken(
          rt.secret,
          { instanceId: job.instanceId, occurrenceId: job.occurrenceId!, attempt: job.attempt },
          rt.clock.now(),
          rt.callbackTtlMs,
        );
        callback = { url: `${rt.publicUrl}/api/callbacks/${token}`, token };
      }
      return callback;
    };
    let result: { output: Record<string, unknown> } | { pending: true } | { error: unknown; final: boolean };
    const parsed = handler.input.safeParse(payload.input);
    if (!parsed.success) {
      result = {
        error: new FinalFailure(
          `input does not fit handler "${handler.name}": ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`,
        ),
        final: true,
      };
    } else {
      // One controller for "lease lost" and "timed out" (AbortSignal.timeout + AbortSignal.any per job cost more than the rest of the call).
      const aborting = new AbortController();
      let timedOut = false;
      const leaseLost = () => aborting.abort(signal.reason);
      if (signal.aborted) leaseLost();
      else signal.addEventListener("abort", leaseLost, { once: true });
      const timer = setTimeout(
        () => {
          timedOut = true;
          aborting.abort(
            new DOMException(
              `handler "${handler.name}" timed out after ${handler.timeout} ms`,
              "TimeoutError",
            ),
          );
        },
        Math.min(handler.timeout, 2 ** 31 - 1),
      );
      try {
        const attributes = { "flowstate.handler": handler.name, "flowstate.instance_id": job.instanceId };
        result = await inSpan(
          rt.tracing,
          `handler ${handler.name}`,
          { kind: SpanKind.CLIENT, attributes },
          () =>
            handler.run({
              input: parsed.data,
              variables: state.variables as Record<string, unknown>,
              idempotencyKey: job.idempotencyKey,
              instanceId: job.instanceId,
              actionId: payload.nodeId,
              occurrenceId: job.occurrenceId!,
              attempt: job.attempt,
              get callback() {
                return callbackFor();
              },
              signal: aborting.signal,
            }),
        );
      } catch (error) {
        result = {
          error: timedOut
            ? new Error(`handler "${handler.name}" timed out after ${handler.timeout} ms`)
            : error,
          final: error instanceof FinalFailure,
        };
      } finally {
        clearTimeout(timer);
        signal.removeEventListener("abort", leaseLost);
      }
    }
    if (signal.aborted) return; // lease lost: the redelivered copy reports
    if ("pending" in result) {
      // The outside system reports through the callback; the occurrence stays running.
      await dropJob(job);
      return;
    }
    const event =
      "output" in result
        ? ({
            type: "complete",
            occurrenceId: job.occurrenceId!,
            attempt: job.attempt,
            output: result.output as Json,
          } as const)
        : ({
            type: "fail",
            occurrenceId: job.occurrenceId!,
            attempt: job.attempt,
            error: errorJson(result.error),
            final: result.final,
          } as const);
    const outcome = await stepJob(job, event, `handler:${handler.name}`, handoff);
    if (!outcome.ok) await dropJob(job); // stale attempt / occurrence gone: the result no longer matters
    return outcome.ok ? outcome.handedOver : undefined;
  }

  async function onCompensation(job: ClaimedJob) {
    const payload = job.payload as {
      done: number;
      items: {
        occurrenceId: string;
        actionId: string;
        handler: string;
        input: unknown;
        idempotencyKey: string;
      }[];
    };
    for (let i = payload.done; i < payload.items.length; i++) {
      const item = payload.items[i]!;
      const handler = rt.handlers.get(item.handler);
      if (!handler) throw new Error(`compensation handler "${item.handler}" is not registered here`);
      const input = handler.input.parse(item.input ?? {});
      const token = issueTaskToken(
        rt.secret,
        { instanceId: job.instanceId, occurrenceId: item.occurrenceId, attempt: 1 },
        rt.clock.now(),
        rt.callbackTtlMs,
      );
      await handler.run({
        input,
        variables: {},
        idempotencyKey: `compensate:${item.idempotencyKey}`,
        instanceId: job.instanceId,
        actionId: item.actionId,
        occurrenceId: item.occurrenceId,
        attempt: 1,
        callback: { url: `${rt.publicUrl}/api/callbacks/${token}`, token },
        signal: AbortSignal.timeout(handler.timeout),
      });
      // Progress survives a crash: the next delivery resumes after the last finished compensation.
      await rt.db.prisma.$transaction(async (tx) => {
        await saveJobPayload(tx, job.id, { ...payload, done: i + 1 });
        const seq =
          (await tx.instance.findUnique({ where: { id: job.instanceId }, select: { seq: true } }))?.seq ?? 0;
        await tx.historyEvent.create({
          data: {
            instanceId: job.instanceId,
            seq,
            type: "compensated",
            data: {
              occurrenceId: item.occurrenceId,
              actionId: item.actionId,
              handler: item.handler,
              order: i + 1,
            },
            actor: "compensation",
            at: rt.clock.now(),
          },
        });
      });
    }
    await dropJob(job);
  }

  async function onLock(job: ClaimedJob) {
    const payload = job.payload as {
      processKey: string;
      identifiers: Record<string, Json>;
      exceptInstanceId: string;
    };
    const entries = Object.entries(payload.identifiers).map(([name, v]) => ({
      name,
      value: typeof v === "string" ? v : JSON.stringify(v),
    }));
    if (entries.length > 0) {
      const process = await rt.db.prisma.process.findUnique({
        where: { key: payload.processKey },
        select: { id: true },
      });
      const candidates = process
        ? await rt.db.prisma.instance.findMany({
            // The engine's contract: lock every other running instance sharing at least one of the
            // singleton action's identifiers (a new login locks the user's older sessions, whose
            // session ids differ but whose user id is the same).
            where: {
              processId: process.id,
              status: "running",
              id: { not: payload.exceptInstanceId },
              OR: entries.map((e) => ({ identifiers: { some: { name: e.name, value: e.value } } })),
            },
            select: { id: true },
          })
        : [];
      for (const c of candidates)
        await stepInstance(
          rt,
          c.id,
          { type: "lock", byInstanceId: payload.exceptInstanceId },
          { actor: `singleton:${payload.exceptInstanceId}` },
        );
    }
    await dropJob(job);
  }

  const run: JobProcessor = async (job, handler, signal, handoff) => {
    try {
      if (job.kind === "timer") return await onTimer(job, handoff);
      if (job.kind === "handler" && handler) return await onHandler(job, handler, signal, handoff);
      if (job.kind === "compensation") return await onCompensation(job);
      if (job.kind === "lockInstances") return await onLock(job);
      throw new Error(`unknown job kind "${job.kind}"`);
    } catch (error) {
      if (error instanceof LeaseLostError) return; // another worker has it now
      // Leave the job leased: it is redelivered when the lease expires (backoff by lease time).
      await noteJobError(rt.db, {
        jobId: job.id,
        workerId,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  };
  if (!rt.tracing) return run;
  const tracing = rt.tracing;
  // A span per job, continuing the trace of the step that made it (the payload's `traceparent`).
  return (job, handler, signal, handoff) =>
    tracing.run(
      `job ${job.handler ?? job.kind}`,
      {
        kind: SpanKind.CONSUMER,
        parent: (job.payload as { traceparent?: string } | null)?.traceparent,
        attributes: { "flowstate.instance_id": job.instanceId, "flowstate.job_id": String(job.id) },
      },
      () => run(job, handler, signal, handoff),
    );
}
