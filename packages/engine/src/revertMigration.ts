import type { ProcessModel } from "@flowstate/model";
import { Draft } from "./Draft";
import { leaveState } from "./enterState";
import { indexModel } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import type { OccurrenceRecord } from "./Records";
import { settle } from "./settle";
import { rejectThrown } from "./rejectThrown";
import { refused, refusedTime } from "./StepResult";
import type { StepResult } from "./StepResult";
import { normalizeTime } from "./time/addDuration";

/**
 * Undoes the latest migration while nothing happened since (`state.seq` unchanged since it):
 * leaves the migration's state instance (reason `reverted`), goes back to the source version, its
 * variables, identifiers, incidents and its old state instance (re-opened, with its node
 * summaries, and last again in `stateInstances`: the last is the current one). The open occurrences the migration cancelled are scheduled again (`schedule`
 * effects; a handler that was running is re-delivered with the same attempt and idempotency key).
 */
export function revertMigration(
  fromModel: ProcessModel,
  toModel: ProcessModel,
  state: InstanceState,
  now: string,
): StepResult {
  try {
    const at = normalizeTime(now);
    if (at === undefined) return refusedTime(state, now);
    const stash = state.migration;
    if (!stash)
      return refused(
        state,
        "NOT_REVERTIBLE",
        "there is no migration to revert (or something happened since it)",
      );
    if (state.seq !== stash.seqAfter)
      return refused(
        state,
        "NOT_REVERTIBLE",
        `something happened since the migration (seq ${stash.seqAfter} → ${state.seq})`,
      );
    if (fromModel.key !== state.processKey || toModel.key !== state.processKey)
      return refused(state, "MIGRATION_INVALID", `both models must be versions of ${state.processKey}`);
    const d = new Draft(indexModel(fromModel), state, at);
    delete d.state.migration;
    d.log("event", { event: { type: "revertMigration" }, now: at });
    leaveState(d, "reverted");
    const previous = stash.previous;
    d.state.version = stash.fromVersion;
    d.state.variables = previous.variables;
    d.state.identifiers = previous.identifiers;
    d.setIncidents(previous.incidents);
    d.restoreCurrent(previous.current);
    const reopened = { ...previous.stateInstance };
    delete reopened.exitedSeq;
    delete reopened.exitReason;
    d.reopenStateInstance(reopened);
    d.setOccurrences({});
    for (const occurrence of Object.values(previous.occurrences)) {
      const manualWaiting =
        occurrence.status === "running" && d.ix.nodes.get(occurrence.nodeId)?.action?.mode === "manual";
      const restored: OccurrenceRecord = manualWaiting
        ? { ...occurrence }
        : { ...occurrence, status: "scheduled", dueAt: occurrence.dueAt ?? at };
      delete restored.closedSeq;
      delete restored.note;
      d.putOccurrence(restored);
      if (restored.status === "scheduled") {
        d.effects.push({
          type: "schedule",
          occurrenceId: restored.id,
          nodeId: restored.nodeId,
          ...(d.ix.nodes.get(restored.nodeId)?.action?.mode === "automatic"
            ? { handler: d.ix.nodes.get(restored.nodeId)?.action?.handler ?? "noop" }
            : {}),
          dueAt: restored.dueAt ?? at,
          attempt: restored.attempt,
          idempotencyKey: `${state.instanceId}:${restored.nodeId}:${restored.id}:${restored.attempt}`,
          input: restored.input ?? {},
        });
      }
    }
    d.log("migrationReverted", {
      fromVersion: stash.toVersion,
      toVersion: stash.fromVersion,
      stateInstanceId: previous.stateInstance.id,
    });
    settle(d);
    return d.accept();
  } catch (error) {
    return rejectThrown(state, error);
  }
}
