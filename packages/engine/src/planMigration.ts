import type { ProcessModel } from "@flowstate/model";
import { evaluateExpression } from "./evaluateExpression";
import { expressionContext } from "./expressionContext";
import { indexModel } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import { migrate } from "./migrate";
import type { MigrationOptions, MigrationPlan, MigrationPlanResult, MigrationProblem } from "./MigrationPlan";
import { unlockedActions } from "./unlockedActions";

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
