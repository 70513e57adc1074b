import type { z } from "zod";
import { migrationFilterSchema, migrationPlanSchema, runPaceSchema } from "@flowstate/client";
import { appliesToVersion } from "@flowstate/engine";
import { parseFeel, proposeStateMapping } from "@flowstate/model";
import type { ProcessModel, StateMappingProposal } from "@flowstate/model";
import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError } from "../errors/DomainError.ts";
import type { CachedVersion } from "../instances/ModelCache.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { instanceWhere } from "../instances/instanceFilter.ts";

type Reader = Prisma.TransactionClient;

// The plan's wire schemas are @flowstate/client's (the REST API's route table uses them too).
export { migrationFilterSchema, migrationPlanSchema, runPaceSchema };

export type MigrationPlanInput = z.infer<typeof migrationPlanSchema>;
export type MigrationFilter = z.infer<typeof migrationFilterSchema>;

/** A plan checked against the database: versions and models loaded, mapping completed. */
export interface ResolvedPlan {
  input: MigrationPlanInput;
  process: { id: string; key: string };
  target: CachedVersion;
  /** In the order given. */
  sources: CachedVersion[];
  /** Per source version: the proposal (ref, then name). */
  proposals: Record<string, StateMappingProposal>;
  /** Per source version: the proposal with the operator's choices on top (what the engine gets). */
  effectiveMapping: Record<string, Record<string, string>>;
  /** How each mapped source state was matched, per source version. */
  mappedBy: Record<string, Record<string, "mapping" | "ref" | "name">>;
  variableChanges: Record<string, string>;
}

/** A source state that has running instances in the selection and nowhere to go. */
export interface UnmappedState {
  sourceVersionId: string;
  sourceVersion: number;
  stateId: string;
  stateName: string;
  runningInstances: number;
}

const stateName = (model: ProcessModel, id: string) => model.states.find((s) => s.id === id)?.name ?? id;

/** Versions instances may run on: a plan never targets a draft or an inactive version. */
const runnable = new Set(["published", "deprecated"]);

/**
 * Loads and checks everything a plan names; throws a typed DomainError (nothing is written).
 * NOT_FOUND for an unknown process or version; BAD_REQUEST for a version of another process, a
 * draft, a mapping naming unknown states, or a FEEL expression that does not parse
 * (`data.invalidVariableChanges`).
 */
export async function resolvePlan(
  rt: Runtime,
  input: MigrationPlanInput,
  client: Reader = rt.db.prisma,
): Promise<ResolvedPlan> {
  const process = await client.process.findUnique({
    where: { key: input.processKey },
    select: { id: true, key: true },
  });
  if (!process) throw new DomainError("NOT_FOUND", `no process with key "${input.processKey}"`);
  const target = await rt.models.get(input.targetVersionId, client);
  if (target.processId !== process.id)
    throw new DomainError(
      "BAD_REQUEST",
      `the target version ${input.targetVersionId} is not a version of "${input.processKey}"`,
    );
  if (!runnable.has(target.status))
    throw new DomainError(
      "BAD_REQUEST",
      `the target v${target.number} is ${target.status}: migrate to a published (or deprecated) version`,
    );
  if (new Set(input.sourceVersionIds).size !== input.sourceVersionIds.length)
    throw new DomainError("BAD_REQUEST", "a source version is listed twice");
  const sources: CachedVersion[] = [];
  for (const id of input.sourceVersionIds) {
    const source = await rt.models.get(id, client);
    if (source.processId !== process.id)
      throw new DomainError(
        "BAD_REQUEST",
        `the source version ${id} is not a version of "${input.processKey}"`,
      );
    if (source.versionId === target.versionId)
      throw new DomainError("BAD_REQUEST", `v${source.number} is the target; it cannot be a source too`);
    if (source.status === "draft")
      throw new DomainError("BAD_REQUEST", `v${source.number} is a draft: no instance runs on it`);
    sources.push(source);
  }

  const invalidMapping: {
    sourceVersionId: string;
    fromStateId: string;
    toStateId: string;
    message: string;
  }[] = [];
  for (const [versionId, choices] of Object.entries(input.mapping)) {
    const source = sources.find((s) => s.versionId === versionId);
    if (!source) {
      invalidMapping.push({
        sourceVersionId: versionId,
        fromStateId: "",
        toStateId: "",
        message: `version ${versionId} is not one of the source versions`,
      });
      continue;
    }
    for (const [from, to] of Object.entries(choices)) {
      if (!source.model.states.some((s) => s.id === from))
        invalidMapping.push({
          sourceVersionId: versionId,
          fromStateId: from,
          toStateId: to,
          message: `v${source.number} has no state "${from}"`,
        });
      else if (!target.model.states.some((s) => s.id === to))
        invalidMapping.push({
          sourceVersionId: versionId,
          fromStateId: from,
          toStateId: to,
          message: `the target v${target.number} has no state "${to}"`,
        });
    }
  }
  if (invalidMapping.length)
    throw new DomainError("BAD_REQUEST", `the mapping names unknown states: ${invalidMapping[0]!.message}`, {
      invalidMapping,
    });

  const variableChanges = input.variableChanges ?? {};
  const invalidVariableChanges = Object.entries(variableChanges).flatMap(([name, expression]) => {
    const parsed = parseFeel(expression);
    return parsed.ok ? [] : [{ name, expression, message: parsed.error.message }];
  });
  if (invalidVariableChanges.length) {
    throw new DomainError(
      "BAD_REQUEST",
      `variable change "${invalidVariableChanges[0]!.name}" is not valid FEEL: ${invalidVariableChanges[0]!.message}`,
      { invalidVariableChanges },
    );
  }

  const proposals: ResolvedPlan["proposals"] = {};
  const effectiveMapping: ResolvedPlan["effectiveMapping"] = {};
  const mappedBy: ResolvedPlan["mappedBy"] = {};
  for (const source of sources) {
    const proposal = proposeStateMapping(source.model, target.model);
    const chosen = input.mapping[source.versionId] ?? {};
    proposals[source.versionId] = proposal;
    effectiveMapping[source.versionId] = { ...proposal.mapping, ...chosen };
    mappedBy[source.versionId] = {
      ...proposal.matchedBy,
      ...Object.fromEntries(Object.keys(chosen).map((k) => [k, "mapping" as const])),
    };
  }
  return { input, process, target, sources, proposals, effectiveMapping, mappedBy, variableChanges };
}

/** The instances a plan selects: running or locked, on one of its source versions, matching its filter. */
export function selectionWhere(
  plan: Pick<ResolvedPlan, "process" | "sources" | "input">,
): Prisma.InstanceWhereInput {
  const { status, instanceIds, identifiers, ...filter } = plan.input.filter ?? {};
  return {
    AND: [
      instanceWhere(filter),
      // With the process id first, as the identifier index (process_id, name, value) needs.
      ...(identifiers ?? []).map((i) => ({
        identifiers: { some: { processId: plan.process.id, name: i.name, value: i.value } },
      })),
      {
        processId: plan.process.id,
        versionId: { in: plan.sources.map((s) => s.versionId) },
        status: status ? status : { in: ["running", "locked"] },
        ...(instanceIds ? { id: { in: instanceIds } } : {}),
      },
    ],
  };
}

/** Running instances per (source version, current state) for the given instance selection. */
export async function countByState(client: Reader, where: Prisma.InstanceWhereInput) {
  const rows = await client.instance.groupBy({
    by: ["versionId", "currentStateId"],
    where,
    _count: { _all: true },
  });
  return rows
    .filter((r) => r.currentStateId !== null)
    .map((r) => ({ versionId: r.versionId, stateId: r.currentStateId!, count: r._count._all }));
}

/** Source states with selected instances and no target state (neither proposed nor chosen). */
export function unmappedStates(
  plan: ResolvedPlan,
  counts: { versionId: string; stateId: string; count: number }[],
): UnmappedState[] {
  const out: UnmappedState[] = [];
  for (const c of counts) {
    const source = plan.sources.find((s) => s.versionId === c.versionId);
    if (!source || plan.effectiveMapping[c.versionId]?.[c.stateId] !== undefined) continue;
    out.push({
      sourceVersionId: c.versionId,
      sourceVersion: source.number,
      stateId: c.stateId,
      stateName: stateName(source.model, c.stateId),
      runningInstances: c.count,
    });
  }
  return out.sort((a, b) => a.sourceVersion - b.sourceVersion || a.stateId.localeCompare(b.stateId));
}

/** Refuses (BAD_REQUEST, `data.unmapped`) when a state with selected running instances has no target. */
export function assertMapped(unmapped: UnmappedState[]): void {
  if (unmapped.length === 0) return;
  const first = unmapped[0]!;
  throw new DomainError(
    "BAD_REQUEST",
    `state "${first.stateName}" of v${first.sourceVersion} has ${first.runningInstances} running instance(s) and no counterpart in the target version: map it to a target state` +
      (unmapped.length > 1 ? ` (${unmapped.length - 1} more unmapped state(s))` : ""),
    { unmapped },
  );
}

/** Resolves a plan and refuses it when a state with selected instances is unmapped. */
export async function checkPlan(
  rt: Runtime,
  input: MigrationPlanInput,
  client: Reader = rt.db.prisma,
): Promise<ResolvedPlan> {
  const plan = await resolvePlan(rt, input, client);
  assertMapped(unmappedStates(plan, await countByState(client, selectionWhere(plan))));
  return plan;
}

/** The target state's migration actions and whether each applies to instances coming from `sourceVersion`. */
export function migrationActionsOf(target: ProcessModel, targetStateId: string, sourceVersion: number) {
  return target.nodes
    .filter((n) => n.stateId === targetStateId && n.kind === "action" && n.migration !== undefined)
    .map((n) => {
      const rule = n.kind === "action" ? n.migration?.sourceVersions : undefined;
      return {
        nodeId: n.id,
        name: n.name,
        include: rule?.include ?? null,
        exclude: rule?.exclude ?? null,
        applies: appliesToVersion(rule, sourceVersion),
      };
    });
}

/** What `migration_run.plan` holds: the plan as given plus what was resolved when the run was created. */
export interface StoredPlan extends MigrationPlanInput {
  /** Per source version: proposal + operator choices (what every instance of that version is planned with). */
  effectiveMapping: Record<string, Record<string, string>>;
  /** Source version id → number. */
  sourceVersions: Record<string, number>;
  targetVersion: number;
  /** How fast the run goes (given at `create`); absent: the executor's defaults. */
  pace?: RunPace;
}

/**
 * A run's pace: fewer instances per chunk and a pause between chunks spread a large migration
 * over time (less load on the database and on the handlers its migration actions call) and make
 * pause/resume/cancel take effect sooner (they act between chunks).
 */
export interface RunPace {
  /** Items claimed per chunk (the executor's `chunkSize` otherwise). */
  chunkSize?: number;
  /** Wait after each chunk, in milliseconds. */
  chunkDelayMs?: number;
}

export function storedPlan(plan: ResolvedPlan, pace?: RunPace): StoredPlan {
  return {
    ...plan.input,
    ...(pace && Object.keys(pace).length > 0 ? { pace } : {}),
    variableChanges: plan.variableChanges,
    effectiveMapping: plan.effectiveMapping,
    sourceVersions: Object.fromEntries(plan.sources.map((s) => [s.versionId, s.number])),
    targetVersion: plan.target.number,
  };
}
