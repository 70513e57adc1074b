import { randomUUID } from "node:crypto";
import type { InstanceState } from "@flowstate/engine";
import type { StepWrite } from "./stepRows.ts";

/**
 * Alike instances: instances whose states are the same but for their id and business key (a
 * migration run's instances often are) take the same step the same way — when the step evaluated
 * no expression (`StepAccepted.contextFree`: then it read the id and key only to copy them). A
 * batch steps the first of them once, on its state with STAND-IN identity (`standIn`), and writes
 * that step's rows, serialised once, for each of them with its own id and key in the stand-ins'
 * places (`withIdentity`): the engine, the row shaping and most of the serialisation run once per
 * kind of instance, not once per instance.
 *
 * A stand-in holds a secret of this process (random), so no model, input or stored text can hold
 * it: in the serialised step, every place the step copied the id or key into — the state,
 * records, job idempotency keys and payloads, webhook events — is found by text and nothing else
 * is. Each kind of instance in a batch has its own stand-in id, so its rows can be told apart.
 */

/** A step written for an instance as `like`'s rows (taken on stand-ins) with this instance's identity. */
export interface AlikeStep {
  like: StepWrite;
  instanceId: string;
  businessKey: string;
  /** The instance row's `seq` the step was computed from (the same as `like`'s). */
  expectedSeq: number;
}

export type StepToWrite = StepWrite | AlikeStep;

export const isAlike = (step: StepToWrite): step is AlikeStep => "like" in step;

const secret = randomUUID();
/** The stand-in business key, and the stand-in id of the n-th kind of instance in a batch (no JSON escapes in either). */
export const standInKey = `alike:${secret}:key`;
export const standInId = (n: number) => `alike:${secret}:${n}:`;

/** Text inside a JSON string literal (what `JSON.stringify` writes between the quotes). */
export const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

/** The text alike states share: the state with the stand-in identity (the first kind's id). */
export const alikeText = (state: InstanceState): string =>
  JSON.stringify({ ...state, instanceId: standInId(0), businessKey: standInKey });

/**
 * The text alike states share, found in a state's stored JSON text without parsing it: the text
 * with the JSON string of the instance's id, and that of its business key, replaced by the first
 * kind's stand-ins' (undefined for an empty key, whose string is no different from any other
 * empty string). Each instance's text is its kind's with its own strings back in the stand-ins'
 * places, so instances with the same kind text have the same state but where the stand-ins are:
 * what those places are is known only once the kind's text is parsed (`kindState`).
 */
export function textKind(text: string, instanceId: string, businessKey: string): string | undefined {
  if (businessKey.length === 0) return undefined;
  return text
    .replaceAll(JSON.stringify(instanceId), () => standInIdString)
    .replaceAll(JSON.stringify(businessKey), () => standInKeyString);
}
const standInIdString = JSON.stringify(standInId(0));
const standInKeyString = JSON.stringify(standInKey);

/**
 * The state of a kind of instances (`textKind`), when the stand-ins are exactly its id and
 * business key: each occurs once in the text, and parsed, they are the state's `instanceId` and
 * `businessKey`. Then an instance of the kind has this state with its own id and key in those two
 * fields (`{ ...kind, instanceId, businessKey }`). Undefined otherwise (the id or key was also
 * somewhere else in the state, or a key's string matched across other strings): each such
 * instance's own text is parsed.
 */
export function kindState(text: string): InstanceState | undefined {
  if (text.split(standInIdString).length !== 2 || text.split(standInKeyString).length !== 2) return undefined;
  let state: InstanceState;
  try {
    state = JSON.parse(text) as InstanceState;
  } catch {
    return undefined;
  }
  return state.instanceId === standInId(0) && state.businessKey === standInKey ? state : undefined;
}

/** The state with the n-th kind's stand-in identity (what its shared step is taken on). */
export const standIn = (state: InstanceState, n: number): InstanceState => ({
  ...state,
  instanceId: standInId(n),
  businessKey: standInKey,
});

/** Whether a step taken on the n-th stand-ins may be written for alike instances: its new state names them only as its own id and key. */
export function shareable(after: InstanceState, n: number): boolean {
  const text = JSON.stringify(after);
  return (
    after.instanceId === standInId(n) &&
    after.businessKey === standInKey &&
    text.split(standInId(n)).length === 2 &&
    text.split(standInKey).length === 2
  );
}

/** JSON text of a step taken on stand-ins (`like.after.instanceId` is its stand-in id), for the instance with this id and key. */
export function withIdentity(text: string, like: StepWrite, instanceId: string, businessKey: string): string {
  // Replacer functions: a replacement string would read `$&` and the like in a business key as patterns.
  const id = inJson(instanceId);
  const key = inJson(businessKey);
  return text.replaceAll(like.after.instanceId, () => id).replaceAll(standInKey, () => key);
}

/** The new state of an alike instance (the shared step's state with the instance's own identity). */
export const alikeState = (after: InstanceState, instanceId: string, businessKey: string): InstanceState => ({
  ...after,
  instanceId,
  businessKey,
});

/**
 * Whether the step statement can write a shared step's row for its instances itself
 * (`SharedSteps`: parsed once, the identity put in by Postgres): the row names the stand-in id
 * only as its own `id` and in its jobs' idempotency keys, and names the stand-in key nowhere.
 */
export function sharedInStatement(row: Record<string, unknown>, like: StepWrite): boolean {
  const { id: _id, jobs, ...rest } = row;
  const probe = JSON.stringify([
    rest,
    ((jobs as Record<string, unknown>[] | undefined) ?? []).map(({ idempotency_key: _key, ...job }) => job),
  ]);
  return !probe.includes(like.after.instanceId) && !probe.includes(standInKey) && rest.fenced === undefined;
}
