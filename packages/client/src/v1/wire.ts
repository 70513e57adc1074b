import { z } from "zod";

/**
 * Wire schemas of the public REST API (`/api/v1`, `/api/signals`, `/api/callbacks`, `/api/jobs`):
 * the one definition the runtime validates requests with, generates `/api/v1/openapi.json` from,
 * and `V1Client` takes its types from.
 */

export const uuid = z.uuid();
export const processKey = z.string().min(1).max(200);
const json = z.json();
const jsonObject = z.record(z.string(), json);
const when = z.iso.datetime().describe("an ISO 8601 date-time (UTC)");

/** A query parameter holding a whole number from `min` to `max` (sent as text). */
export function intQuery(min: number, max: number) {
  return z
    .string()
    .regex(/^[0-9]{1,10}$/, "a whole number")
    .transform(Number)
    .pipe(z.int().min(min).max(max));
}
const boolQuery = z.enum(["true", "false"]).transform((v) => v === "true");

/** The one error shape of every route: a stable string code, a message, optional details. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe("stable string code, e.g. NOT_FOUND, CONFLICT, BAD_REQUEST, INTERNAL"),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string().optional().describe("on a 500: the id the server's log has the cause under"),
  }),
});
export type ApiErrorBody = z.infer<typeof errorSchema>;

export const versionSummary = z.looseObject({ id: uuid, number: z.int(), status: z.string() });
/** A process's retention of finished instances (docs/operate.md "Retention"). */
export const retentionSettings = z.strictObject({
  retentionDays: z.int().min(0).max(36_500).nullable(),
  retentionMode: z.enum(["anonymise", "delete"]),
});
export const processSchema = z.looseObject({
  id: uuid,
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  updatedAt: when,
  versions: z.array(versionSummary),
  runningInstances: z.int().optional(),
  retentionDays: z.int().nullable().optional(),
  retentionMode: z.enum(["anonymise", "delete"]).optional(),
});
export const versionSchema = z.looseObject({
  id: uuid,
  number: z.int(),
  status: z.string(),
  revision: z.int(),
  contentHash: z.string().nullable(),
  publishedAt: when.nullable(),
  updatedAt: when,
});
export const versionDetail = versionSchema.extend({ processKey: z.string(), model: z.unknown() });
/** A version's scenarios as the `<key>.scenarios.json` file (docs/play.md). */
export const scenarioFile = z.looseObject({
  formatVersion: z.literal(1),
  process: z.string(),
  scenarios: z.array(z.looseObject({ name: z.string(), steps: z.array(z.unknown()) })),
});
/** A scenario file sent to a draft: the scenarios are checked by the runtime (engine schema and limits). */
export const scenarioFileBody = z.strictObject({
  formatVersion: z.literal(1),
  process: z.string(),
  scenarios: z.array(z.unknown()),
});
export const problemSchema = z.looseObject({ message: z.string() });
export const validation = z.object({
  valid: z.boolean(),
  key: z.string().optional(),
  contentHash: z.string().optional(),
  problems: z.array(problemSchema),
});
export const draftBody = z.union([
  z.strictObject({ model: z.unknown().describe("a model document (JSON) whose key is the process key") }),
  z.strictObject({ fromVersion: z.int().min(1).describe("copy this version of the process as the draft") }),
]);
export const draftCreated = z.looseObject({ processKey: z.string(), versionId: uuid, number: z.int() });

export const instanceStatus = z.enum(["running", "completed", "failed", "cancelled", "locked"]);
export const startBody = z.strictObject({
  processKey,
  version: z.int().min(1).optional().describe("a published version's number; default the newest"),
  businessKey: z.string().min(1).max(500).optional(),
  variables: jsonObject.optional(),
});
export const stepResult = z.looseObject({
  instanceId: uuid,
  status: z.string(),
  currentStateId: z.string(),
  seq: z.int().optional(),
});
export const instanceSearch = z.strictObject({
  processKey: processKey.optional(),
  versionId: uuid.optional(),
  stateId: z.string().max(200).optional(),
  status: instanceStatus.optional(),
  businessKey: z.string().max(500).optional(),
  identifierName: z.string().min(1).max(200).optional(),
  identifierValue: z.string().max(2000).optional(),
  hasIncident: boolQuery.optional(),
  /** Instances with an open incident at this node. */
  incidentNodeId: z.string().min(1).max(200).optional(),
  startedFrom: when.optional(),
  startedTo: when.optional(),
  limit: intQuery(1, 500).optional(),
  cursor: uuid.optional(),
});
export const instanceSummary = z.looseObject({
  id: uuid,
  businessKey: z.string().nullable(),
  status: z.string(),
  currentStateId: z.string(),
  startedAt: when,
  endedAt: when.nullable(),
  version: z.looseObject({ id: uuid, number: z.int() }),
  process: z.looseObject({ key: z.string(), name: z.string() }),
});
export const instancePage = z.object({
  items: z.array(instanceSummary),
  nextCursor: uuid.nullable(),
  countsByState: z.array(z.looseObject({ versionId: uuid, stateId: z.string(), count: z.int() })),
});
export const instanceDetail = z.looseObject({
  id: uuid,
  status: z.string(),
  businessKey: z.string().nullable(),
  variables: z.unknown(),
  seq: z.int(),
  currentStateId: z.string(),
  identifiers: z.unknown(),
  incidents: z.array(z.unknown()),
  explanations: z.unknown(),
});
export const historyQuery = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,18}(\.\d{1,9})?$/, "a history record id")
    .optional(),
  limit: intQuery(1, 1000).optional(),
});
export const historyPage = z.object({
  items: z.array(z.looseObject({ id: z.string() })),
  nextCursor: z.string().nullable(),
});
export const unlockedActionsSchema = z.object({
  instanceId: uuid,
  actions: z.array(
    z.looseObject({
      nodeId: z.string(),
      name: z.string(),
      mode: z.string().optional(),
      explanation: z.unknown(),
    }),
  ),
});
export const performBody = z.strictObject({
  actionId: z.string().min(1).max(200).optional(),
  code: z.string().min(1).max(200).optional(),
  input: json.optional(),
});
export const cancelBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

export const taskQuery = z.strictObject({
  processKey: processKey.optional(),
  role: z.string().max(200).optional(),
  /** mine: the key has no user, so nothing; myGroups, unassigned, all (default). */
  view: z.enum(["mine", "myGroups", "unassigned", "all"]).optional(),
  limit: intQuery(1, 1000).optional(),
});
export const taskSchema = z.looseObject({
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  dueAt: z.string().nullable(),
  followUpAt: z.string().nullable(),
  instanceId: uuid,
  actionId: z.string(),
  name: z.string(),
  businessKey: z.string().nullable(),
  process: z.looseObject({ key: z.string(), name: z.string() }),
  version: z.int(),
  stateId: z.string(),
  role: z.string().nullable(),
});
export const completeBody = z.strictObject({ input: json.optional() });
const username = z.string().trim().min(1).max(200);
/** A key claims for a user by name (refused when somebody else holds the task). */
export const claimBody = z.strictObject({ username });
/** Assign to a user by name; `null` unassigns. */
export const assignBody = z.strictObject({ username: username.nullable() });
export const taskAssignment = z.object({
  instanceId: uuid,
  actionId: z.string(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  followUpAt: z.string().nullable(),
});
