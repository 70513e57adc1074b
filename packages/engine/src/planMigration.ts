import type { ProcessModel } from "@flowstate/model";
import { evaluateExpression } from "./evaluateExpression";
import { expressionContext } from "./expressionContext";
import { indexModel } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import { migrate } from "./migrate";
import { unlockedActions } from "./unlockedActions";

/** What a migration of one instance needs from the operator. */
export interface MigrationOptions {
  /** Source state id → target state id. States not mapped are matched by `ref`. */
  mapping?: Record<string, string>;
  /** Variable name → FEEL expression over the current variables; applied on migration. */
  variableChanges?: Record<string, string>;
  /** The version the instance is on (checked against `state.version`). */
  sourceVersion: number;
  /** The version `toModel` is. */
  targetVersion: number;
  /** Time of the dry run (decides which timers would already be due); default 1970-01-01. */
  now?: string;
  /**
   * Dry-run the migration to preview it (default true): refuses a plan that cannot settle
   * (`CANNOT_SETTLE`) and fills `unlocked`, `becomesUnlocked` and `noLongerUnlocked`. `false` plans
   * for executing right away: no dry run (the executor's step runs the migration anyway; one that
   * cannot settle is refused by `migrate` itself) and the three lists stay empty.
   */
  preview?: boolean;
}

/** A checked migration plan for one instance (the dry run); pass it to `migrate`. */
export interface MigrationPlan {
  ok: true;
  sourceVersion: number;
  targetVersion: number;
  fromStateId: string;
  /** The state instance the plan was made for; `migrate` refuses if the instance moved on. */
  fromStateInstanceId: string;
  targetStateId: string;
  mappedBy: "mapping" | "ref";
  variableChanges: Record<string, string>;
  /** Migration actions of the target state that apply to the source version (they will be armed). */
  migrationActions: string[];
  /** Actions unlocked right after the migration (target model ids); empty when planned without preview. */
  unlocked: string[];
  /** Unlocked after but not now (target ids; matched by ref). */
  becomesUnlocked: string[];
  /** Unlocked now but not after (source ids; matched by ref). */
  noLongerUnlocked: string[];
}

/** Why an instance cannot be migrated as asked. */
export type MigrationProblem =
  | "UNMAPPED_STATE"
  | "UNKNOWN_TARGET_STATE"
  | "INSTANCE_FINISHED"
  | "VERSION_MISMATCH"
  | "PROCESS_MISMATCH"
  | "INVALID_VARIABLE_CHANGE"
  | "CANNOT_SETTLE";

/** Result of `planMigration`. */
export type MigrationPlanResult = MigrationPlan | { ok: false; reason: MigrationProblem; message: string };

/** True when a migration action applies to instances coming from `sourceVersion` (include list, then exclude list). */
export function appliesToVersion(
  sourceVersions: { include?: number[]; exclude?: number[] } | undefined,
  sourceVersion: number,
): boolean {
  if (sourceVersions?.include !== undefined && !sourceVersions.include.includes(sourceVersion)) return false;
  if (sourceVersions?.exclude !== undefined && sourceVersions.exclude.includes(sourceVersion)) return false;
  return true;
}

/**
 * Plans (dry-runs) migrating `state` from `fromModel` to `toModel`: the target state (operator
 * mapping first, else the state with the same `ref`), the migration actions that will be armed,
 * what is unlocked right after and how that differs from now (matched by `ref`) — or why it cannot
 * be done. Pure; changes nothing.
 */
export function planMigration(
  fromModel: ProcessModel,
  toModel: ProcessModel,
  state: InstanceState,
  options: MigrationOptions,
): MigrationPlanResult {
  const fail = (reason: MigrationProblem, message: string): MigrationPlanResult => ({
    ok: false,
    reason,
    message,
  });
  if (state.status !== "running" && state.status !== "locked")
    return fail("INSTANCE_FINISHED", `the instance is ${state.status}`);
  if (state.version !== options.sourceVersion)
    return fail(
      "VERSION_MISMATCH",
      `the instance is on version ${state.version}, not ${options.sourceVersion}`,
    );
  if (fromModel.key !== state.processKey || toModel.key !== state.processKey)
    return fail("PROCESS_MISMATCH", `both models must be versions of ${state.processKey}`);
  const from = indexModel(fromModel);
  const to = indexModel(toModel);
  const fromStateId = state.current.stateId;
  const fromState = from.states.get(fromStateId);
  const mapped = options.mapping?.[fromStateId];
  let targetStateId: string | undefined;
  let mappedBy: "mapping" | "ref" = "mapping";
  if (mapped !== undefined) {
    if (!to.states.has(mapped))
      return fail(
        "UNKNOWN_TARGET_STATE",
        `state ${mapped} does not exist in version ${options.targetVersion}`,
      );
    targetStateId = mapped;
  } else {
    targetStateId = fromState ? toModel.states.find((s) => s.ref === fromState.ref)?.id : undefined;
    mappedBy = "ref";
  }
  if (targetStateId === undefined)
    return fail(
      "UNMAPPED_STATE",
      `state ${fromStateId} has no counterpart in version ${options.targetVersion}: map it to a state`,
    );
  const variableChanges = options.variableChanges ?? {};
  const context = expressionContext(state);
  for (const [name, expression] of Object.entries(variableChanges)) {
    const r = evaluateExpression(expression, context);
    if (r.error !== undefined) return fail("INVALID_VARIABLE_CHANGE", `variable ${name}: ${r.error}`);
  }
  const migrationActions = (to.stateActions.get(targetStateId) ?? [])
    .filter(
      (n) => n.migration && appliesToVersion(n.action?.migration?.sourceVersions, options.sourceVersion),
    )
    .map((n) => n.id);
  const plan: MigrationPlan = {
    ok: true,
    sourceVersion: options.sourceVersion,
    targetVersion: options.targetVersion,
    fromStateId,
    fromStateInstanceId: state.current.id,
    targetStateId,
    mappedBy,
    variableChanges: { ...variableChanges },
    migrationActions,
    unlocked: [],
    becomesUnlocked: [],
    noLongerUnlocked: [],
  };
  if (options.preview === false) return plan;
  const dryRun = migrate(fromModel, toModel, state, plan, options.now ?? "1970-01-01T00:00:00.000Z");
  if (!dryRun.ok) return fail("CANNOT_SETTLE", dryRun.rejection.message);
  const now = unlockedActions(fromModel, state);
  const after = unlockedActions(toModel, dryRun.state);
  const nowRefs = new Set(now.map((a) => a.ref));
  const afterRefs = new Set(after.map((a) => a.ref));
  plan.unlocked = after.map((a) => a.nodeId);
  plan.becomesUnlocked = after.filter((a) => !nowRefs.has(a.ref)).map((a) => a.nodeId);
  plan.noLongerUnlocked = now.filter((a) => !afterRefs.has(a.ref)).map((a) => a.nodeId);
  return plan;
}
