import { randomUUID } from "node:crypto";
import { diffModels } from "@flowstate/model";
import type { InstanceState } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { stepInstances } from "../instances/stepInstance.ts";
import type { LockedInstance } from "../instances/stepInstance.ts";
import {
  assertMapped,
  checkPlan,
  countByState,
  migrationActionsOf,
  resolvePlan,
  selectionWhere,
  unmappedStates,
} from "./migrationPlan.ts";
import type { MigrationPlanInput, ResolvedPlan } from "./migrationPlan.ts";
import { planInstance } from "./migrateItem.ts";
import type { RunPace, StoredPlan } from "./migrateItem.ts";
import { lockRun, refreshCounters, wakeMigrations } from "./MigrationExecutor.ts";

/**
 * Instance migration (semantics §6, issue 7 §4): propose a state mapping, dry-run a plan, create a
 * run (a snapshot of the selected instances as items), start / pause / resume / cancel it, follow
 * its progress and per-instance outcome, retry the failed subset and revert one migrated
 * instance. Execution is `MigrationExecutor`'s; every refusal is a typed DomainError and changes
 * nothing.
 */

export type RunStatus = "planned" | "running" | "paused" | "completed" | "cancelled";
export type ItemStatus = "pending" | "migrated" | "failed" | "skipped" | "cancelled" | "reverted";

const states = (model: { states: { id: string; ref: string; name: string }[] }) =>
  model.states.map((s) => ({ id: s.id, ref: s.ref, name: s.name }));

/**
 * Per source version: the proposed mapping (by ref, then name), the states that need a choice,
 * running instances per state (all running instances of the version, not only a filter), the
 * states that MUST be chosen (need a choice and have running instances) and the model diff.
 */
export async function proposeMapping(
  rt: Runtime,
  input: { processKey: string; sourceVersionIds: string[]; targetVersionId: string },
) {
  const plan = await resolvePlan(rt, { ...input, mapping: {} });
  const counts = await countByState(rt.db.prisma, {
    processId: plan.process.id,
    versionId: { in: plan.sources.map((s) => s.versionId) },
    status: { in: ["running", "locked"] },
  });
  return {
    processKey: plan.process.key,
    target: {
      versionId: plan.target.versionId,
      number: plan.target.number,
      status: plan.target.status,
      states: states(plan.target.model),
    },
    sources: plan.sources.map((source) => {
      const proposal = plan.proposals[source.versionId]!;
      const running = Object.fromEntries(
        counts.filter((c) => c.versionId === source.versionId).map((c) => [c.stateId, c.count]),
      );
      const mustChoose = proposal.needsChoice
        .filter((id) => (running[id] ?? 0) > 0)
        .map((id) => ({
          stateId: id,
          stateName: source.model.states.find((s) => s.id === id)?.name ?? id,
          runningInstances: running[id]!,
        }));
      return {
        versionId: source.versionId,
        number: source.number,
        status: source.status,
        states: states(source.model),
        mapping: proposal.mapping,
        matchedBy: proposal.matchedBy,
        needsChoice: proposal.needsChoice,
        runningByState: running,
        runningInstances: Object.values(running).reduce((a, b) => a + b, 0),
        mustChoose,
        diff: diffModels(source.model, plan.target.model),
      };
    }),
  };
}

/**
 * Checks a plan without looking at instances one by one: refused exactly like `create` (unmapped
 * state with running instances, bad FEEL, unknown states or versions); otherwise the selected
 * instance count and where each source state goes.
 */
export async function validatePlan(rt: Runtime, input: MigrationPlanInput) {
  const plan = await resolvePlan(rt, input);
  const counts = await countByState(rt.db.prisma, selectionWhere(plan));
  assertMapped(unmappedStates(plan, counts));
  return {
    ok: true as const,
    instances: counts.reduce((a, c) => a + c.count, 0),
    bySourceState: routeCounts(plan, counts),
  };
}

function routeCounts(plan: ResolvedPlan, counts: { versionId: string; stateId: string; count: number }[]) {
  return counts
    .map((c) => {
      const source = plan.sources.find((s) => s.versionId === c.versionId)!;
      const targetStateId = plan.effectiveMapping[c.versionId]?.[c.stateId] ?? null;
      return {
        sourceVersionId: c.versionId,
        sourceVersion: source.number,
        fromStateId: c.stateId,
        targetStateId,
        mappedBy: plan.mappedBy[c.versionId]?.[c.stateId] ?? null,
        count: c.count,
        migrationActions: targetStateId
          ? migrationActionsOf(plan.target.model, targetStateId, source.number)
          : [],
      };
    })
    .sort((a, b) => a.sourceVersion - b.sourceVersion || a.fromStateId.localeCompare(b.fromStateId));
}

function storedPlan(plan: ResolvedPlan, pace?: RunPace): StoredPlan {
  return {
    ...plan.input,
    ...(pace && Object.keys(pace).length > 0 ? { pace } : {}),
    variableChanges: plan.variableChanges,
    effectiveMapping: plan.effectiveMapping,
    sourceVersions: Object.fromEntries(plan.sources.map((s) => [s.versionId, s.number])),
    targetVersion: plan.target.number,
  };
}

/**
 * The dry run: refused like `create` (unmapped state, bad FEEL); otherwise, per instance (paged by
 * id), the target state, the migration actions that will run, what becomes unlocked and what is
 * no longer unlocked, and problems (errors: it would fail; warnings: what the migration closes),
 * plus totals per source state over the whole selection.
 */
export async function dryRun(
  rt: Runtime,
  input: { plan: MigrationPlanInput; cursor?: string; limit: number },
) {
  const plan = await resolvePlan(rt, input.plan);
  const where = selectionWhere(plan);
  const counts = await countByState(rt.db.prisma, where);
  assertMapped(unmappedStates(plan, counts));
  const rows = await rt.db.prisma.instance.findMany({
    // Keyset paging: the cursor's instance may have left the selection meanwhile (Prisma's cursor + skip would then skip a row).
    where: input.cursor ? { AND: [where, { id: { gt: input.cursor } }] } : where,
    orderBy: { id: "asc" },
    take: input.limit + 1,
    select: {
      id: true,
      businessKey: true,
      versionId: true,
      status: true,
      seq: true,
      state: true,
      hasIncident: true,
    },
  });
  const now = rt.clock.now();
  const context = { target: plan.target, plan: storedPlan(plan) };
  const items = rows.slice(0, input.limit).map((row) => {
    const source = plan.sources.find((s) => s.versionId === row.versionId)!;
    const state = row.state as unknown as InstanceState;
    const base = {
      instanceId: row.id,
      businessKey: row.businessKey,
      sourceVersionId: source.versionId,
      sourceVersion: source.number,
      status: row.status,
      seq: row.seq,
      fromStateId: state.current.stateId,
    };
    const result = planInstance(context, source, state, now);
    if (!result.ok)
      return {
        ...base,
        ok: false as const,
        targetStateId: null,
        mappedBy: null,
        migrationActions: [],
        unlocked: [],
        becomesUnlocked: [],
        noLongerUnlocked: [],
        problems: [{ severity: "error" as const, code: result.reason, message: result.message }],
      };
    const problems: { severity: "error" | "warning"; code: string; message: string }[] = [];
    const open = Object.values(state.occurrences);
    if (open.length)
      problems.push({
        severity: "warning",
        code: "OPEN_OCCURRENCES_CANCELLED",
        message: `${open.length} open occurrence(s) are cancelled: ${open.map((o) => `${o.nodeId} (${o.status})`).join(", ")}`,
      });
    if (state.incidents.length)
      problems.push({
        severity: "warning",
        code: "INCIDENTS_CLOSED",
        message: `${state.incidents.length} open incident(s) are closed by leaving the state`,
      });
    if (state.status === "locked")
      problems.push({
        severity: "warning",
        code: "INSTANCE_LOCKED",
        message: `the instance is locked by ${state.lockedBy ?? "another instance"} and stays locked`,
      });
    return {
      ...base,
      ok: true as const,
      targetStateId: result.targetStateId,
      mappedBy: plan.mappedBy[source.versionId]?.[result.fromStateId] ?? result.mappedBy,
      migrationActions: result.migrationActions,
      unlocked: result.unlocked,
      becomesUnlocked: result.becomesUnlocked,
      noLongerUnlocked: result.noLongerUnlocked,
      problems,
    };
  });
  return {
    totals: { instances: counts.reduce((a, c) => a + c.count, 0), bySourceState: routeCounts(plan, counts) },
    items,
    nextCursor: rows.length > input.limit ? rows[input.limit - 1]!.id : null,
  };
}

/**
 * Creates a run (status `planned`) for the instances the plan selects right now: one `pending`
 * item per instance with the version, state and seq it was planned on. Refused (nothing written)
 * like the dry run.
 */
export async function createRun(
  rt: Runtime,
  input: { plan: MigrationPlanInput; createdBy?: string; pace?: RunPace },
) {
  const runId = randomUUID();
  const now = rt.clock.now();
  return rt.db.prisma.$transaction(
    async (tx) => {
      const plan = await checkPlan(rt, input.plan, tx);
      const rows = await tx.instance.findMany({
        where: selectionWhere(plan),
        select: { id: true, versionId: true, currentStateId: true, seq: true },
        orderBy: { id: "asc" },
      });
      await tx.migrationRun.create({
        data: {
          id: runId,
          processId: plan.process.id,
          targetVersionId: plan.target.versionId,
          plan: storedPlan(plan, input.pace) as unknown as Prisma.InputJsonValue,
          status: "planned",
          total: rows.length,
          createdBy: input.createdBy ?? null,
          createdAt: now,
        },
      });
      // Batches stay well under Postgres' 65,535 bind parameters (8 columns per row).
      for (let i = 0; i < rows.length; i += 2000) {
        await tx.migrationItem.createMany({
          data: rows.slice(i, i + 2000).map((r) => ({
            runId,
            instanceId: r.id,
            status: "pending",
            fromVersionId: r.versionId,
            fromStateId: r.currentStateId,
            toStateId: r.currentStateId
              ? (plan.effectiveMapping[r.versionId]?.[r.currentStateId] ?? null)
              : null,
            seqBefore: r.seq,
            updatedAt: now,
          })),
        });
      }
      return { runId, status: "planned" as RunStatus, total: rows.length };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

async function runRow(rt: Runtime, runId: string, client: Prisma.TransactionClient = rt.db.prisma) {
  const run = await client.migrationRun.findUnique({ where: { id: runId } });
  if (!run) throw new DomainError("NOT_FOUND", `no migration run with id "${runId}"`);
  return run;
}

/** Moves a run from one of `from` to `to`, or refuses with PRECONDITION_FAILED naming its status. */
async function transition(
  rt: Runtime,
  runId: string,
  from: RunStatus[],
  to: RunStatus,
  extra: Prisma.MigrationRunUpdateManyMutationInput = {},
) {
  const run = await runRow(rt, runId);
  if (!from.includes(run.status as RunStatus))
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the run is ${run.status}; it can be ${verb(to)} only when ${from.join(" or ")}`,
      { status: run.status },
    );
  const updated = await rt.db.prisma.migrationRun.updateMany({
    where: { id: runId, status: run.status },
    data: { status: to, ...extra },
  });
  if (updated.count !== 1) throw new DomainError("CONFLICT", "the run changed meanwhile; look again");
  return { runId, status: to, previous: run.status as RunStatus };
}

const verb = (to: RunStatus) =>
  ({
    running: "started",
    paused: "paused",
    cancelled: "cancelled",
    completed: "completed",
    planned: "planned",
  })[to];

/**
 * Starts a planned run. The plan is checked again against the instances as they are now: a
 * pending instance that moved into a state with no target refuses the start (BAD_REQUEST,
 * `data.unmapped`; nothing changes) — make a new plan that maps it.
 */
export async function startRun(rt: Runtime, runId: string) {
  const run = await runRow(rt, runId);
  if (run.status !== "planned")
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the run is ${run.status}; only a planned run is started (resume a paused one)`,
      { status: run.status },
    );
  const plan = await resolvePlan(rt, stripResolved(run.plan as unknown as StoredPlan));
  // Where the run's pending instances are now (those still running on a source version).
  const counts = (
    await rt.db.prisma.$queryRawUnsafe<{ version_id: string; state_id: string; count: number }[]>(
      `SELECT i.version_id, i.current_state_id AS state_id, count(*)::int AS count
         FROM migration_item m JOIN instance i ON i.id = m.instance_id
        WHERE m.run_id = $1::uuid AND m.status = 'pending' AND i.status IN ('running', 'locked')
          AND i.version_id = ANY($2::uuid[]) AND i.current_state_id IS NOT NULL
        GROUP BY 1, 2`,
      runId,
      plan.sources.map((s) => s.versionId),
    )
  ).map((r) => ({ versionId: r.version_id, stateId: r.state_id, count: Number(r.count) }));
  assertMapped(
    unmappedStates(
      { ...plan, effectiveMapping: (run.plan as unknown as StoredPlan).effectiveMapping },
      counts,
    ),
  );
  const now = rt.clock.now();
  const result = await transition(rt, runId, ["planned"], "running", { startedAt: now, runningSince: now });
  wakeMigrations(rt);
  return result;
}

function stripResolved(plan: StoredPlan): MigrationPlanInput {
  const { effectiveMapping: _e, sourceVersions: _s, targetVersion: _t, pace: _p, ...input } = plan;
  return input;
}

export const pauseRun = (rt: Runtime, runId: string) => transition(rt, runId, ["running"], "paused");

export async function resumeRun(rt: Runtime, runId: string) {
  const result = await transition(rt, runId, ["paused"], "running", { runningSince: rt.clock.now() });
  wakeMigrations(rt);
  return result;
}

/** Cancels a run: its pending items become `cancelled` (an item being migrated right now rolls back). Migrated ones stay migrated. */
export async function cancelRun(rt: Runtime, runId: string) {
  const run = await runRow(rt, runId);
  if (!["planned", "running", "paused"].includes(run.status))
    throw new DomainError("PRECONDITION_FAILED", `the run is ${run.status} already`, { status: run.status });
  const now = rt.clock.now();
  const cancelledItems = await rt.db.prisma.$transaction(async (tx) => {
    const updated = await tx.migrationRun.updateMany({
      where: { id: runId, status: run.status },
      data: { status: "cancelled", finishedAt: now },
    });
    if (updated.count !== 1) throw new DomainError("CONFLICT", "the run changed meanwhile; look again");
    return (
      await tx.migrationItem.updateMany({
        where: { runId, status: "pending" },
        data: { status: "cancelled", updatedAt: now },
      })
    ).count;
  });
  await refreshCounters(rt, runId);
  return { runId, status: "cancelled" as RunStatus, previous: run.status as RunStatus, cancelledItems };
}

/**
 * Failed items become pending again; a completed run runs again (a cancelled one does not). The
 * run's status is read under its row lock (`lockRun`), which the executor's completion also takes:
 * a run completing at the same moment is either completed before (and reopened here) or sees the
 * pending items and stays running — never completed with pending items nobody drives.
 */
export async function retryFailed(rt: Runtime, runId: string) {
  await runRow(rt, runId);
  const now = rt.clock.now();
  const retried = await rt.db.prisma.$transaction(async (tx) => {
    const status = await lockRun(tx, runId);
    if (status === "cancelled" || status === "planned")
      throw new DomainError(
        "PRECONDITION_FAILED",
        `the run is ${status}; only a started run's failures are retried`,
        { status },
      );
    const count = (
      await tx.migrationItem.updateMany({
        where: { runId, status: "failed" },
        data: { status: "pending", error: null, updatedAt: now },
      })
    ).count;
    if (count > 0 && status === "completed")
      await tx.migrationRun.update({
        where: { id: runId },
        data: { status: "running", finishedAt: null, runningSince: now },
      });
    return count;
  });
  await refreshCounters(rt, runId);
  if (retried > 0) wakeMigrations(rt);
  return { runId, retried, status: (await runRow(rt, runId)).status as RunStatus };
}

/**
 * Reverts one migrated instance of a run (back to its source version and old state instance)
 * while nothing happened to it since; otherwise CONFLICT with the reason (`data.rejection` when
 * the engine refused). "Nothing since" is checked on the locked row against THIS run's item: the
 * instance must still be on the run's target version at the seq the run left it (`seqAfter`) —
 * the engine alone would revert whatever migration is the latest, e.g. a later run's. The source
 * model is the one the migration came from (the engine's stash), which is not necessarily the
 * version the item was selected on (an instance can move between source versions before the run
 * reaches it). The item becomes `reverted` in the same transaction.
 */
export async function revertInstance(
  rt: Runtime,
  input: { runId: string; instanceId: string; actor?: string },
) {
  const run = await runRow(rt, input.runId);
  const item = await rt.db.prisma.migrationItem.findUnique({
    where: { runId_instanceId: { runId: input.runId, instanceId: input.instanceId } },
  });
  if (!item)
    throw new DomainError("NOT_FOUND", `instance ${input.instanceId} is not part of run ${input.runId}`);
  if (item.status !== "migrated")
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the item is ${item.status}; only a migrated instance is reverted`,
      { status: item.status },
    );
  const target = await rt.models.get(run.targetVersionId);
  const current = await rt.db.prisma.instance.findUnique({
    where: { id: input.instanceId },
    select: { state: true },
  });
  const fromNumber = (current?.state as unknown as InstanceState | undefined)?.migration?.fromVersion;
  const source =
    fromNumber === undefined ? undefined : await rt.models.getByNumber(run.processId, fromNumber);
  const now = rt.clock.now();
  /** Why this run's migration of the instance can no longer be reverted (undefined: it can). */
  const moved = (row: LockedInstance): string | undefined => {
    const stash = row.state.migration;
    if (row.versionId !== run.targetVersionId)
      return `the instance is on v${row.version.number} now, not on this run's target v${target.number}`;
    if (item.seqAfter === null || row.seq !== item.seqAfter)
      return `something happened since this run migrated the instance (seq ${item.seqAfter ?? "?"} → ${row.seq})`;
    if (!stash || stash.seqAfter !== item.seqAfter || !source || stash.fromVersion !== source.number)
      return "the instance's last migration is not this run's";
    return undefined;
  };
  let refused: string | undefined;
  const [result] = await stepInstances(
    rt,
    [input.instanceId],
    (row) => {
      refused = moved(row);
      return refused === undefined
        ? { event: { type: "revertMigration", fromModel: source!.model } }
        : { pass: refused };
    },
    {
      mustExist: true,
      actor: input.actor ?? `migration:${input.runId}`,
      inTransaction: async (tx, results) => {
        if (!results[0]?.outcome?.ok) return;
        const updated = await tx.migrationItem.updateMany({
          where: { runId: input.runId, instanceId: input.instanceId, status: "migrated" },
          data: { status: "reverted", updatedAt: now },
        });
        if (updated.count !== 1) throw new DomainError("CONFLICT", "the item changed meanwhile; look again");
        // Back on the source version: an inactive version (emptied by the run) runs instances again.
        await tx.version.updateMany({
          where: { id: source!.versionId, status: "inactive" },
          data: { status: "deprecated" },
        });
      },
    },
  );
  if (refused !== undefined)
    throw new DomainError("CONFLICT", `cannot revert: ${refused}`, {
      rejection: { code: "NOT_REVERTIBLE", message: refused },
    });
  const outcome = result!.outcome!;
  if (!outcome.ok)
    throw new DomainError("CONFLICT", `cannot revert: ${outcome.rejection.message}`, {
      rejection: outcome.rejection,
    });
  await refreshCounters(rt, input.runId);
  return {
    runId: input.runId,
    instanceId: input.instanceId,
    status: "reverted" as ItemStatus,
    versionNumber: outcome.state.version,
    currentStateId: outcome.state.current.stateId,
    seq: outcome.state.seq,
  };
}

/** Per-status item counts of a run. */
async function itemCounts(rt: Runtime, runId: string): Promise<Record<ItemStatus, number>> {
  const rows = await rt.db.prisma.migrationItem.groupBy({
    by: ["status"],
    where: { runId },
    _count: { _all: true },
  });
  const counts: Record<ItemStatus, number> = {
    pending: 0,
    migrated: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
    reverted: 0,
  };
  for (const r of rows) counts[r.status as ItemStatus] = r._count._all;
  return counts;
}

/** The rate is measured over the last minute of finished items, and only since the run last went running (a pause does not drag it down). */
const RATE_WINDOW_MS = 60_000;

/** A run with its plan and progress: total, done, failed, remaining, rate per second and ETA. */
export async function getRun(rt: Runtime, runId: string) {
  const run = await runRow(rt, runId);
  const counts = await itemCounts(rt, runId);
  const now = rt.clock.now();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const windowStart = new Date(
    Math.max(now.getTime() - RATE_WINDOW_MS, (run.runningSince ?? run.startedAt)?.getTime() ?? now.getTime()),
  );
  const recent = run.startedAt
    ? await rt.db.prisma.migrationItem.count({
        where: { runId, status: { in: ["migrated", "failed", "skipped"] }, updatedAt: { gte: windowStart } },
      })
    : 0;
  const seconds = (now.getTime() - windowStart.getTime()) / 1000;
  const ratePerSecond = run.status === "running" && seconds > 0 ? recent / seconds : 0;
  const remaining = counts.pending;
  const done = counts.migrated + counts.skipped + counts.reverted;
  const plan = run.plan as unknown as StoredPlan;
  return {
    id: run.id,
    processKey: plan.processKey,
    status: run.status as RunStatus,
    targetVersionId: run.targetVersionId,
    targetVersion: plan.targetVersion,
    sourceVersions: plan.sourceVersions,
    plan: stripResolved(plan),
    pace: plan.pace ?? null,
    effectiveMapping: plan.effectiveMapping,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    progress: {
      total,
      done,
      failed: counts.failed,
      remaining,
      cancelled: counts.cancelled,
      counts,
      percent: total === 0 ? 100 : Math.round(((total - remaining - counts.cancelled) / total) * 1000) / 10,
      ratePerSecond: Math.round(ratePerSecond * 100) / 100,
      etaSeconds: remaining === 0 ? 0 : ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : null,
    },
  };
}

/**
 * A run's items (per-instance outcome and the reason for each failure), by instance id,
 * cursor-paged. A migrated item lists the migration actions the run started on the target
 * version with their occurrence status (`scheduled` … `completed`).
 */
export async function listItems(
  rt: Runtime,
  input: { runId: string; status?: ItemStatus; cursor?: string; limit: number },
) {
  await runRow(rt, input.runId);
  const rows = await rt.db.prisma.migrationItem.findMany({
    // Keyset paging: with a status filter the cursor's item may have changed status meanwhile (Prisma's cursor + skip would then skip a row).
    where: {
      runId: input.runId,
      ...(input.status ? { status: input.status } : {}),
      ...(input.cursor ? { instanceId: { gt: input.cursor } } : {}),
    },
    orderBy: { instanceId: "asc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const instances = await rt.db.prisma.instance.findMany({
    where: { id: { in: page.map((r) => r.instanceId) } },
    select: { id: true, businessKey: true, status: true, currentStateId: true, versionId: true },
  });
  const byId = new Map(instances.map((i) => [i.id, i]));
  // The migration actions the run started on the target version, and how far each got (the wizard's per-instance outcome).
  const run = await rt.db.prisma.migrationRun.findUniqueOrThrow({
    where: { id: input.runId },
    select: { targetVersionId: true },
  });
  const migrated = page.filter((r) => r.status === "migrated").map((r) => r.instanceId);
  const occurrences = migrated.length
    ? await rt.db.prisma.occurrence.findMany({
        where: { instanceId: { in: migrated }, versionId: run.targetVersionId, reason: "migration" },
        select: { instanceId: true, nodeId: true, status: true },
        orderBy: [{ instanceId: "asc" }, { createdAt: "asc" }],
      })
    : [];
  const actionsOf = (instanceId: string) =>
    occurrences
      .filter((o) => o.instanceId === instanceId)
      .map((o) => ({ nodeId: o.nodeId, status: o.status }));
  return {
    items: page.map((r) => ({
      instanceId: r.instanceId,
      businessKey: byId.get(r.instanceId)?.businessKey ?? null,
      status: r.status as ItemStatus,
      fromVersionId: r.fromVersionId,
      fromStateId: r.fromStateId,
      toStateId: r.toStateId,
      seqBefore: r.seqBefore,
      seqAfter: r.seqAfter,
      reason: r.error,
      updatedAt: r.updatedAt,
      migrationActions: r.status === "migrated" ? actionsOf(r.instanceId) : [],
      instance: byId.get(r.instanceId)
        ? {
            status: byId.get(r.instanceId)!.status,
            currentStateId: byId.get(r.instanceId)!.currentStateId,
            versionId: byId.get(r.instanceId)!.versionId,
          }
        : null,
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.instanceId : null,
  };
}

/** The runs of a process, newest first, with their counters. */
export async function listRuns(rt: Runtime, input: { processKey: string; limit: number }) {
  const process = await rt.db.prisma.process.findUnique({
    where: { key: input.processKey },
    select: { id: true },
  });
  if (!process) throw new DomainError("NOT_FOUND", `no process with key "${input.processKey}"`);
  const runs = await rt.db.prisma.migrationRun.findMany({
    where: { processId: process.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
  });
  return runs.map((r) => {
    const plan = r.plan as unknown as StoredPlan;
    return {
      id: r.id,
      status: r.status as RunStatus,
      targetVersionId: r.targetVersionId,
      targetVersion: plan.targetVersion,
      sourceVersions: plan.sourceVersions,
      total: r.total,
      done: r.done,
      failed: r.failed,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    };
  });
}
