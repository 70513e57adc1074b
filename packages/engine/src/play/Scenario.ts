import { z } from "zod";
import type { Json, JsonObject } from "../Json";

/** Monday 4 January 2027, 09:00 UTC: where the virtual clock of a scenario starts unless it says otherwise. */
export const PLAY_START = "2027-01-04T09:00:00.000Z";

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);
const jsonObject = z.record(z.string(), json) as z.ZodType<JsonObject>;
const isoTime = z.iso.datetime({ offset: true });

/**
 * What must hold after a step. Every field is optional; only the given ones are checked.
 * `unlocked` is the exact set of unlocked action ids; `variables` a subset (each named variable
 * deep-equals); `locked` maps an action id to a blocking reason code of the explainer
 * ("X is locked because …": `notArmed`, `closed`, `blocked`, `exhausted`, `waitingForTimer`, …).
 */
export const ExpectationSchema = z.strictObject({
  /** The play instance checked (1-based: 1 is the one the scenario starts, then one per schedule tick in order); default the step's. */
  instance: z.number().int().min(1).optional(),
  /** How many instances started so far (schedule ticks included), or each one's status in order. */
  instances: z
    .union([
      z.number().int().min(1),
      z.array(z.enum(["running", "completed", "failed", "cancelled", "locked"])).min(1),
    ])
    .optional(),
  state: z.string().min(1).optional(),
  status: z.enum(["running", "completed", "failed", "cancelled", "locked"]).optional(),
  outcome: z.enum(["succeeded", "failed", "cancelled"]).optional(),
  unlocked: z.array(z.string().min(1)).optional(),
  variables: jsonObject.optional(),
  locked: z.record(z.string().min(1), z.string().min(1)).optional(),
});

const common = {
  /** Free text for people (shown in play and in reports). */
  note: z.string().optional(),
  expect: ExpectationSchema.optional(),
};

/** The play instance a step acts on (1-based, default 1; instances after 1 are started by schedule ticks). */
const target = { instance: z.number().int().min(1).optional() };

/** Perform a manual action (node id or code) with the form's input, as `actor`. */
const PerformStep = z.strictObject({
  perform: z.string().min(1),
  ...target,
  input: json.optional(),
  actor: json.optional(),
  ...common,
});
/** Complete the open (running) occurrence of an automatic action with `output`. */
const CompleteStep = z.strictObject({
  complete: z.string().min(1),
  ...target,
  output: json.optional(),
  ...common,
});
/** Fail the open occurrence of an automatic action (`final`: no retries left). */
const FailStep = z.strictObject({
  fail: z.string().min(1),
  ...target,
  error: json.optional(),
  final: z.boolean().optional(),
  ...common,
});
/** An outside signal for the manual action with `code`. */
const SignalStep = z.strictObject({
  signal: z.string().min(1),
  ...target,
  payload: json.optional(),
  identifiers: jsonObject.optional(),
  messageId: z.string().optional(),
  ...common,
});
/**
 * Move the virtual clock: an ISO-8601 duration (`PT1H`, `P1D`) or `next` (to the next due timer or
 * schedule tick). Due timers of every instance fire in due order; each schedule tick starts an instance.
 */
const ClockStep = z.strictObject({
  clock: z.union([z.literal("next"), z.string().regex(/^P/, "an ISO-8601 duration such as PT1H or P14D")]),
  ...common,
});
/** Cancel the instance. */
const CancelStep = z.strictObject({ cancel: z.string(), ...target, ...common });
/** Only check expectations. */
const ExpectStep = z.strictObject({ note: z.string().optional(), expect: ExpectationSchema });

export const ScenarioStepSchema = z.union([
  PerformStep,
  CompleteStep,
  FailStep,
  SignalStep,
  ClockStep,
  CancelStep,
  ExpectStep,
]);

/** One scenario: how the instance starts and what happens to it, with expectations along the way. */
export const ScenarioSchema = z.strictObject({
  name: z.string().min(1),
  /** Virtual start time (default `PLAY_START`). */
  start: isoTime.optional(),
  businessKey: z.string().optional(),
  variables: jsonObject.optional(),
  /** Complete `setVariables`/`noop` occurrences at once, as the runtime's built-in handlers do (default true). */
  builtins: z.boolean().optional(),
  steps: z.array(ScenarioStepSchema),
});

/** A `<name>.scenarios.json` file: the scenarios of one process, kept next to its model file. */
export const ScenarioFileSchema = z.strictObject({
  formatVersion: z.literal(1),
  /** The process key the scenarios belong to. */
  process: z.string().min(1),
  scenarios: z.array(ScenarioSchema),
});

export type Expectation = z.infer<typeof ExpectationSchema>;
export type ScenarioStep = z.infer<typeof ScenarioStepSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;

/** A problem with a scenario document: where (a JSON path) and what. */
export interface ScenarioProblem {
  path: string;
  message: string;
}

/** Parses a scenario file; never throws. */
export function parseScenarioFile(
  input: unknown,
): { ok: true; file: ScenarioFile } | { ok: false; problems: ScenarioProblem[] } {
  const result = ScenarioFileSchema.safeParse(input);
  if (result.success) return { ok: true, file: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    })),
  };
}
