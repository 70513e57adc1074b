import type { InstanceState } from "./InstanceState";
import type { Json, JsonObject } from "./Json";

/** What anonymisation writes in place of a personal value (objects stay objects, arrays keep their length). */
export const ANONYMISED = "«anonymised»";

/** The personal path naming the business key (`BUSINESS_KEY_PATH` of `@flowstate/model`). */
const BUSINESS_KEY = "$businessKey";

/**
 * Keys whose values hold data (variables, inputs, outputs, payloads, captured identifiers): a
 * personal path is applied to an object under one of them, wherever it sits — `state.variables`,
 * an occurrence's `input`, a history event's `event.payload`, a migration stash's `variables`.
 */
const DATA_KEYS = new Set(["variables", "identifiers", "input", "output", "payload", "result"]);

/**
 * Keys of the engine's own bookkeeping (ids, counters, seqs, times, summaries, plans): never
 * rewritten outside data, so an anonymised state still reads and explains as before.
 */
const STRUCTURAL_KEYS = new Set([
  "instanceId",
  "processKey",
  "version",
  "status",
  "outcome",
  "seq",
  "counters",
  "lockedBy",
  "stateInstances",
  "current",
  "messageIds",
  "id",
  "nodeId",
  "stateId",
  "occurrenceId",
  "stateInstanceId",
  "lineId",
  "firingId",
  "incidentId",
  "finalizerId",
  "from",
  "to",
  "type",
  "reason",
  "exitReason",
  "attempt",
  "armedAt",
  "createdSeq",
  "closedSeq",
  "enteredSeq",
  "exitedSeq",
  "openedSeq",
  "completedSeq",
  "seqAfter",
  "dueAt",
  "at",
  "now",
  "byInstanceId",
  "wasLockedBy",
  "actionId",
  "code",
  "handler",
  "fromVersion",
  "toVersion",
  "plan",
  "actor",
  "messageId",
]);

/** Shortest string value also replaced where it appears inside a longer text (shorter ones only when whole). */
const MIN_INSIDE = 4;
/** Shortest string (in characters) or number (in digits) collected as a personal value to look for elsewhere. */
const MIN_STRING = 3;
const MIN_DIGITS = 6;

const pathsOf = (personal: readonly string[]) =>
  personal.filter((p) => p !== BUSINESS_KEY).map((p) => p.split("."));

/** `value` with every leaf replaced by the marker; `null` stays (it holds nothing). */
export function maskValue(value: Json): Json {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(maskValue);
  if (typeof value === "object") {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(v);
    return out;
  }
  return ANONYMISED;
}

/** `value` with what `path` names masked; through arrays a path applies to every element. */
export function maskPath(value: Json, path: readonly string[]): Json {
  if (path.length === 0) return maskValue(value);
  if (Array.isArray(value)) return value.map((v) => maskPath(v, path));
  if (value === null || typeof value !== "object") return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (!Object.hasOwn(value, head)) return value;
  return { ...value, [head]: maskPath(value[head]!, rest) };
}

function leaves(value: Json, path: readonly string[], into: Set<string>): void {
  if (path.length > 0) {
    if (Array.isArray(value)) for (const v of value) leaves(v, path, into);
    else if (value !== null && typeof value === "object" && Object.hasOwn(value, path[0]!))
      leaves(value[path[0]!]!, path.slice(1), into);
    return;
  }
  if (typeof value === "string") {
    if (value.length >= MIN_STRING && value !== ANONYMISED) into.add(value);
  } else if (typeof value === "number") {
    if (String(Math.abs(Math.trunc(value))).length >= MIN_DIGITS) into.add(String(value));
  } else if (Array.isArray(value)) for (const v of value) leaves(v, [], into);
  else if (value !== null && typeof value === "object")
    for (const v of Object.values(value)) leaves(v, [], into);
}

/**
 * Adds to `into` the personal values found in `json`: the strings (≥ 3 characters) and long numbers
 * (≥ 6 digits) that personal paths name under data keys, wherever those sit. Collected from the
 * state and every history record first, so `anonymiseJson` also finds a value that was overwritten
 * since, or copied into an action's input under another name.
 */
export function collectPersonalValues(json: Json, personal: readonly string[], into: Set<string>): void {
  const paths = pathsOf(personal);
  if (paths.length === 0) return;
  const walk = (value: Json, key: string | undefined): void => {
    if (value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, undefined);
      return;
    }
    if (key !== undefined && DATA_KEYS.has(key)) for (const p of paths) leaves(value, p, into);
    for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(json, undefined);
}

function scrubString(text: string, values: ReadonlySet<string>, inside: readonly string[]): string {
  if (values.has(text)) return ANONYMISED;
  let out = text;
  for (const v of inside) if (out.includes(v)) out = out.split(v).join(ANONYMISED);
  return out;
}

/**
 * `json` with personal data replaced by the marker, keeping its shape: what personal paths name
 * under data keys (see `DATA_KEYS`), and anywhere else outside the engine's structural keys, a string
 * equal to a personal value (or, for values of ≥ 4 characters, containing one) and a number equal to
 * one. Pure; returns `json` itself when nothing changed.
 */
export function anonymiseJson(json: Json, personal: readonly string[], values: ReadonlySet<string>): Json {
  const paths = pathsOf(personal);
  const inside = [...values].filter((v) => v.length >= MIN_INSIDE).sort((a, b) => b.length - a.length);
  const walk = (value: Json, key: string | undefined, inData: boolean): Json => {
    if (!inData && key !== undefined && STRUCTURAL_KEYS.has(key)) return value;
    if (typeof value === "string") return scrubString(value, values, inside);
    if (typeof value === "number") return values.has(String(value)) ? ANONYMISED : value;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, undefined, inData));
    let source: Json = value;
    const data = inData || (key !== undefined && DATA_KEYS.has(key));
    if (key !== undefined && DATA_KEYS.has(key)) for (const p of paths) source = maskPath(source, p);
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(source as JsonObject)) out[k] = walk(v, k, data);
    return out;
  };
  const result = walk(json, undefined, false);
  return JSON.stringify(result) === JSON.stringify(json) ? json : result;
}

/** The personal values of an instance's own state (its variables and identifiers at personal paths, a declared business key). */
export function personalValuesOf(state: InstanceState, personal: readonly string[]): Set<string> {
  const values = new Set<string>();
  collectPersonalValues(state as unknown as Json, personal, values);
  if (personal.includes(BUSINESS_KEY) && state.businessKey.length > 0 && state.businessKey !== ANONYMISED)
    values.add(state.businessKey);
  return values;
}

/**
 * The state with its personal data replaced (`anonymiseJson`), the business key too when
 * `$businessKey` is personal. Bookkeeping (status, seq, summaries, history shape) is untouched.
 */
export function anonymiseState(
  state: InstanceState,
  personal: readonly string[],
  values: ReadonlySet<string>,
): InstanceState {
  const out = anonymiseJson(state as unknown as Json, personal, values) as unknown as InstanceState;
  if (!personal.includes(BUSINESS_KEY) || state.businessKey === "") return out;
  return { ...out, businessKey: ANONYMISED };
}
