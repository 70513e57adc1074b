import { diffModels } from "@flowstate/model";
import type { InstanceState } from "@flowstate/engine";
import type { Runtime } from "../instances/Runtime.ts";
import {
  assertMapped,
  countByState,
  migrationActionsOf,
  resolvePlan,
  selectionWhere,
  unmappedStates,
  storedPlan,
} from "./migrationPlan.ts";
import type { MigrationPlanInput, ResolvedPlan } from "./migrationPlan.ts";
import { planInstance } from "./migrateItem.ts";

/** Before a run exists: the proposed state mapping, plan validation and the dry run (refused like `createRun`). */

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

export interface PlanProblem {
  severity: "error" | "warning";
  code: string;
  message: string;
}

/**
 * What leaving the current state instance closes (a migration's or a manual move's dry run):
 * open occurrences cancelled (scheduled timers dropped), incidents closed, a lock that stays.
 * `name` words a node id (default: the id).
 */
export function leavingWarnings(
  state: InstanceState,
  name: (nodeId: string) => string = (id) => id,
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const open = Object.values(state.occurrences);
  if (open.length)
    problems.push({
      severity: "warning",
      code: "OPEN_OCCURRENCES_CANCELLED",
      message: `${open.length} open occurrence(s) are cancelled: ${open.map((o) => `${name(o.nodeId)} (${o.status})`).join(", ")}`,
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
  return problems;
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
    const problems = leavingWarnings(state);
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
