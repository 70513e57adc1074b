import type { ProcessModel } from "@flowstate/model";
import { CascadeLimitError, Draft } from "./Draft";
import { enterState } from "./enterState";
import { indexModel } from "./indexModel";
import type { InstanceState } from "./InstanceState";
import { isJsonObject } from "./Json";
import type { JsonObject } from "./Json";
import { settle } from "./settle";
import { rejection } from "./StepResult";
import type { StartResult } from "./StepResult";
import { normalizeTime } from "./time/addDuration";

/** What starting an instance needs. `instanceId` is the caller's (ids are never invented by the engine). */
export interface StartOptions {
  instanceId: string;
  businessKey: string;
  variables?: JsonObject;
  now: string;
  /** The published version number of `model`. */
  version: number;
}

/**
 * Starts an instance: an empty state entering the model's initial state (reason `start`), root
 * nodes armed, cascade settled (root control nodes fire, unlocked automatic actions are started
 * or scheduled). Returns the first `StepResult`-like answer; a rejection carries no state.
 */
export function initialState(model: ProcessModel, options: StartOptions): StartResult {
  const fail = (
    code: "INVALID_EVENT" | "INVALID_TIME" | "NO_INITIAL_STATE",
    message: string,
  ): StartResult => ({ ok: false, rejection: rejection(code, message) });
  try {
    if (typeof options !== "object" || options === null) return fail("INVALID_EVENT", "start needs options");
    const { instanceId, businessKey, version } = options;
    if (typeof instanceId !== "string" || instanceId === "")
      return fail("INVALID_EVENT", "instanceId must be a non-empty string");
    if (typeof businessKey !== "string") return fail("INVALID_EVENT", "businessKey must be a string");
    if (typeof version !== "number" || !Number.isInteger(version))
      return fail("INVALID_EVENT", "version must be an integer");
    const variables = options.variables ?? {};
    if (!isJsonObject(variables)) return fail("INVALID_EVENT", "variables must be a JSON object");
    const now = typeof options.now === "string" ? normalizeTime(options.now) : undefined;
    if (now === undefined)
      return fail("INVALID_TIME", `now must be an ISO-8601 time, got ${JSON.stringify(options.now)}`);
    const ix = indexModel(model);
    if (ix.initialStateId === undefined)
      return fail("NO_INITIAL_STATE", `process ${model.key} has no initial state`);
    const empty: InstanceState = {
      instanceId,
      processKey: model.key,
      version,
      status: "running",
      businessKey,
      variables: structuredCopy(variables),
      seq: 0,
      counters: { occurrence: 0, stateInstance: 0, firing: 0, incident: 0 },
      identifiers: {},
      stateInstances: [],
      current: { id: "", stateId: "", enteredSeq: 0, nodes: {} },
      occurrences: {},
      incidents: [],
      compensation: [],
      messageIds: [],
    };
    const d = new Draft(ix, empty, now);
    d.log("event", {
      event: { type: "start", instanceId, businessKey, version, variables: empty.variables },
      now,
    });
    enterState(d, ix.initialStateId, "start");
    settle(d);
    return d.accept();
  } catch (error) {
    if (error instanceof CascadeLimitError)
      return {
        ok: false,
        rejection: rejection(
          "CASCADE_LIMIT",
          `starting would not settle: control nodes keep firing (at ${error.nodeId})`,
        ),
      };
    return {
      ok: false,
      rejection: rejection("INTERNAL_ERROR", error instanceof Error ? error.message : String(error)),
    };
  }
}

function structuredCopy(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
