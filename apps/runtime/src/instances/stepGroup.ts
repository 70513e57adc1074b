import { step } from "@flowstate/engine";
import type { EngineEvent } from "@flowstate/engine";
import type { JobHandoff } from "../queue/stepJobs.ts";
import { activeTraceparent, traceparentOf } from "../observability/tracing.ts";
import { afterCommit } from "./afterCommit.ts";
import type { CommittedStep } from "./afterCommit.ts";
import { rowState } from "./instanceRow.ts";
import type { InstanceRow } from "./instanceRow.ts";
import { persistSteps } from "./persistStep.ts";
import type { Runtime } from "./Runtime.ts";
import { needsSideWrites } from "./sideWrites.ts";
import { LeaseLostError } from "./stepBatch.ts";
import type { StepOutcome } from "./stepBatch.ts";
import { handedOverJobs, stepInstance } from "./stepInstance.ts";
import type { StepWrite } from "./stepRows.ts";

/**
 * Group commit of a worker's automatic steps: the results of jobs that finish at about the same
 * time (handler completions and failures, timers) are stepped and written with ONE step statement
 * (`persistSteps`), one commit, instead of one each. Nothing waits to fill a group: a result is
 * written at the end of the event-loop turn it arrived in (`setImmediate`), together with whatever
 * else arrived in that turn or while `maxInFlight` group statements were already running. So an
 * idle worker's lone step costs what it did, and a busy worker's steps per commit rise with load.
 *
 * Each step is still guarded on its own (its row's seq, its job's lease): the statement writes the
 * steps whose guards hold. A step refused there (its row moved since the claim read it; a
 * rejection computed from that row) does not block or undo the others: it is retried alone on the
 * single-step path (`stepInstance`: fresh read, then the row lock). A lost lease is the step's
 * `LeaseLostError`. A step with side writes (identifiers, incidents), a lone step, and any group
 * whose statement failed as a whole (e.g. a deadlock with another process) take the single-step
 * path too. Every caller's promise settles after the commit that wrote (or refused) its step.
 */

/** One job's result to step: as `stepInstance`'s options of a worker (fence, known row, hand-off). */
export interface GroupedStep {
  instanceId: string;
  event: EngineEvent;
  actor: string;
  fence: { jobId: bigint; workerId: string };
  known?: InstanceRow | undefined;
  handoff?: JobHandoff | undefined;
}

interface Entry {
  request: GroupedStep;
  /** The caller's trace context (its job's span) when tracing is on: the step's span continues it. */
  traceParent: string | undefined;
  resolve(outcome: StepOutcome): void;
  reject(error: unknown): void;
}

/** Counters of what the group wrote (the throughput bench prints steps per statement). */
export interface StepGroupStats {
  /** Group statements run (each one commit). */
  statements: number;
  /** Steps those statements wrote. */
  steps: number;
  /** Steps that went the single-step path (alone, refused in a group, side writes, a failed group). */
  alone: number;
}

/** The sums over every `StepGroup` of this process (benchmarks read them before and after a run). */
export const stepGroupTotals: StepGroupStats = { statements: 0, steps: 0, alone: 0 };

export class StepGroup {
  readonly stats: StepGroupStats = { statements: 0, steps: 0, alone: 0 };
  private pending: Entry[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly rt: Runtime,
    /** Group statements running at once; results arriving meanwhile join the next group. */
    private readonly maxInFlight = 4,
    /** The most steps one statement writes. */
    private readonly maxSize = 64,
  ) {}

  /** Steps `request` with the others that arrive in this turn; settles after its commit. */
  step(request: GroupedStep): Promise<StepOutcome> {
    return new Promise<StepOutcome>((resolve, reject) => {
      this.pending.push({ request, traceParent: activeTraceparent(), resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    // At most one step per instance in a statement (two of one instance would race each other's
    // seq); the later ones wait for the next group.
    const group: Entry[] = [];
    const rest: Entry[] = [];
    const seen = new Set<string>();
    for (const e of this.pending) {
      if (group.length < this.maxSize && !seen.has(e.request.instanceId)) {
        seen.add(e.request.instanceId);
        group.push(e);
      } else rest.push(e);
    }
    this.pending = rest;
    if (group.length === 0) return;
    this.inFlight++;
    void this.write(group).finally(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }

  /** The single-step path for one entry (fresh read unless `known` is still worth a try). */
  private async alone(entry: Entry, known?: InstanceRow): Promise<void> {
    this.stats.alone++;
    stepGroupTotals.alone++;
    const { instanceId, event, actor, fence, handoff } = entry.request;
    try {
      entry.resolve(
        await stepInstance(this.rt, instanceId, event, {
          actor,
          fence,
          ...(known ? { known } : {}),
          ...(handoff ? { handoff } : {}),
        }),
      );
    } catch (error) {
      entry.reject(error);
    }
  }

  private async write(group: Entry[]): Promise<void> {
    const rt = this.rt;
    if (group.length === 1) return this.alone(group[0]!, group[0]!.request.known);
    const now = rt.clock.now();
    const nowIso = now.toISOString();
    const retry: Entry[] = [];
    const planned: {
      entry: Entry;
      write: StepWrite;
      row: InstanceRow;
      processKey: string;
      versionNumber: number;
    }[] = [];
    for (const entry of group) {
      const { known, event, actor, fence, handoff } = entry.request;
      // Without the claim's row (instance gone, or a job read another way): the single-step path reads it.
      if (!known) {
        retry.push(entry);
        continue;
      }
      try {
        const version = rt.models.peek(known.version_id) ?? (await rt.models.get(known.version_id));
        const before = rowState(known);
        const result = step(version.model, before, event, nowIso);
        // A rejection computed from the claim's row counts only on a fresh read: the single-step path.
        if (!result.ok) {
          retry.push(entry);
          continue;
        }
        const write: StepWrite = {
          processId: known.process_id,
          before,
          after: result.state,
          records: result.records,
          effects: result.effects,
          expectedSeq: Number(known.seq),
          actor,
          fence,
          ...(handoff ? { handoff } : {}),
        };
        if (needsSideWrites(write)) retry.push(entry);
        else
          planned.push({
            entry,
            write,
            row: known,
            processKey: version.processKey,
            versionNumber: version.number,
          });
      } catch {
        retry.push(entry);
      }
    }
    if (planned.length < 2) {
      await Promise.all([
        ...planned.map((p) => this.alone(p.entry, p.row)),
        ...retry.map((e) => this.alone(e)),
      ]);
      return;
    }
    // Id order: two groups (of this or another process) lock the instance rows they share in the same order.
    planned.sort((a, b) => (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
    // Tracing on: each step gets a span of its own in its job's trace (the jobs and webhook
    // deliveries it writes carry that span's context), all ending when the shared statement does.
    const spans = planned.map((p) => {
      const started = rt.tracing?.start("step", {
        ...(p.entry.traceParent ? { parent: p.entry.traceParent } : {}),
        attributes: {
          "flowstate.instance_id": p.write.after.instanceId,
          "flowstate.group_size": planned.length,
        },
      });
      if (started) p.write.traceParent = traceparentOf(started.context);
      return started?.span;
    });
    let persisted: Awaited<ReturnType<typeof persistSteps>>;
    try {
      persisted = await persistSteps(
        "autocommit",
        rt,
        now,
        planned.map((p) => p.write),
      );
      persisted.steps.forEach((written, i) => {
        spans[i]?.setAttribute("flowstate.written", written.written);
        spans[i]?.end();
      });
    } catch (error) {
      for (const span of spans) {
        span?.recordException(error instanceof Error ? error : String(error));
        span?.end();
      }
      // The statement failed as a whole (nothing written): every step goes the single-step path.
      await Promise.all([...planned, ...retry.map((entry) => ({ entry }))].map((p) => this.alone(p.entry)));
      return;
    }
    this.stats.statements++;
    stepGroupTotals.statements++;
    const accepted: CommittedStep[] = [];
    const settle: (() => void)[] = [];
    persisted.steps.forEach((written, i) => {
      const { entry, write, row, processKey, versionNumber } = planned[i]!;
      if (!written.fenced) {
        settle.push(() =>
          entry.reject(
            new LeaseLostError(`job ${write.fence!.jobId} is no longer leased to ${write.fence!.workerId}`),
          ),
        );
        return;
      }
      if (!written.written) {
        retry.push(entry); // its row moved since the claim read it
        return;
      }
      this.stats.steps++;
      stepGroupTotals.steps++;
      accepted.push({
        processId: row.process_id,
        processKey,
        state: write.after,
        finished: written.finished,
      });
      const handedOver = handedOverJobs(written.handedOver, row, write.after, versionNumber);
      settle.push(() =>
        entry.resolve({ ok: true, state: write.after, ...(handedOver.length ? { handedOver } : {}) }),
      );
    });
    try {
      await afterCommit(rt, persisted.jobsInserted, accepted);
    } finally {
      for (const s of settle) s();
    }
    await Promise.all(retry.map((e) => this.alone(e)));
  }
}
