import type { ProcessModel } from "@flowstate/model";
import { Draft } from "./Draft";
import { enterState, leaveState } from "./enterState";
import { evaluateExpression } from "./evaluateExpression";
import { indexModel } from "./indexModel";
import type { InstanceState, MigrationStash } from "./InstanceState";
import { toJson } from "./Json";
import type { JsonObject } from "./Json";
import type { MigrationPlan } from "./MigrationPlan";
import { settle } from "./settle";
import { rejectThrown } from "./rejectThrown";
import { refused, refusedTime } from "./StepResult";
import type { StepResult } from "./StepResult";
import { normalizeTime } from "./time/addDuration";

/**
 * Applies a migration plan (from `planMigration`) as one step: the current state instance is
 * closed (reason `migration`, its open occurrences cancelled), variable changes are applied, the
 * instance moves to `plan.targetVersion` and enters a NEW state instance of the mapped state
 * (reason `migration`; earlier occurrences no longer count) in which the plan's migration actions
 * are armed; then it settles in `toModel`. The previous state instance stays recorded on the old
 * version. Revertible with `revertMigration` until anything else happens.
 */
export function migrate(
  fromModel: ProcessModel,
  toModel: ProcessModel,
  state: InstanceState,
  plan: MigrationPlan,
  now: string,
): StepResult {
  return applyPlan(fromModel, toModel, state, plan, now, { kind: "migration" });
}

/**
 * How a plan is applied: as a migration (reason `migration`, a `migrated` record, revertible), or
 * as an operator's manual move within the version (`move.ts`: reason `manual`, a `moved` record
 * with who and why, not revertible).
 */
export type PlanMode =
  { kind: "migration" } | { kind: "move"; event: JsonObject; reason: string; actor?: string };

/** `migrate` and `move`: the plan applied as one step (see `migrate`). */
export function applyPlan(
  fromModel: ProcessModel,
  toModel: ProcessModel,
  state: InstanceState,
  plan: MigrationPlan,
  now: string,
  mode: PlanMode,
): StepResult {
  const reject = (message: string): StepResult => refused(state, "MIGRATION_INVALID", message);
  try {
    const at = normalizeTime(now);
    if (at === undefined) return refusedTime(state, now);
    if (plan.ok !== true) return reject("not a migration plan");
    if (state.status !== "running" && state.status !== "locked")
      return reject(`the instance is ${state.status}`);
    if (state.version !== plan.sourceVersion)
      return reject(`the instance is on version ${state.version}, the plan is for ${plan.sourceVersion}`);
    if (state.current.id !== plan.fromStateInstanceId)
      return reject(`the instance moved on since the plan was made (now in ${state.current.id})`);
    if (fromModel.key !== state.processKey || toModel.key !== state.processKey)
      return reject(`both models must be versions of ${state.processKey}`);
    const to = indexModel(toModel);
    if (!to.states.has(plan.targetStateId))
      return reject(`state ${plan.targetStateId} does not exist in the target version`);
    const d = new Draft(to, state, at);
    delete d.state.migration;
    const manual = mode.kind === "move";
    d.log("event", {
      event: manual ? mode.event : { type: "migrate", plan: toJson(plan) as JsonObject },
      now: at,
    });
    const previousRecord = d.currentStateInstance();
    const previous: MigrationStash["previous"] | undefined = previousRecord
      ? {
          current: state.current,
          stateInstance: previousRecord,
          occurrences: state.occurrences,
          incidents: state.incidents,
          variables: state.variables,
          identifiers: state.identifiers,
        }
      : undefined;
    leaveState(d, manual ? "manual" : "migration");
    const changes: JsonObject = {};
    const variableChanges = Object.entries(plan.variableChanges);
    if (variableChanges.length > 0) {
      const context = d.context();
      for (const [name, expression] of variableChanges)
        changes[name] = evaluateExpression(expression, context).value;
    }
    d.setVariables(changes);
    d.state.version = plan.targetVersion;
    if (manual)
      d.log("moved", {
        fromStateId: plan.fromStateId,
        targetStateId: plan.targetStateId,
        reason: mode.reason,
        ...(mode.actor !== undefined ? { by: mode.actor } : {}),
        migrationActions: plan.migrationActions,
      });
    else
      d.log("migrated", {
        fromVersion: plan.sourceVersion,
        toVersion: plan.targetVersion,
        fromStateId: plan.fromStateId,
        targetStateId: plan.targetStateId,
        variables: Object.keys(changes),
      });
    const migrationActions = plan.migrationActions.filter(
      (id) => to.nodes.get(id)?.stateId === plan.targetStateId,
    );
    enterState(d, plan.targetStateId, manual ? "manual" : "migration", migrationActions);
    const enteredId = d.current.id;
    settle(d);
    if (
      !manual &&
      previous &&
      d.state.status !== "completed" &&
      d.state.status !== "failed" &&
      d.state.status !== "cancelled"
    ) {
      d.state.migration = {
        seqAfter: d.state.seq,
        fromVersion: plan.sourceVersion,
        toVersion: plan.targetVersion,
        stateInstanceId: enteredId,
        previous,
      };
    }
    return d.accept();
  } catch (error) {
    return rejectThrown(state, error);
  }
}
