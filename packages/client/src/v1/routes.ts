import { z } from "zod";
import * as w from "./wire.ts";
import * as m from "./migrationWire.ts";
import * as i from "./integrationWire.ts";
import * as mod from "./modifyWire.ts";
import * as b from "./bulkWire.ts";

import { apiScopes } from "./scopes.ts";
import type { ApiScope } from "./scopes.ts";

export { apiScopes };
export type { ApiScope };

/**
 * How a route is authenticated: an API key with this scope (`/api/v1`), or the older routes' own
 * credentials (a key scoped to signals or to a handler, a single-use task token, a session).
 */
export type RouteAuth = ApiScope | "signals" | "handler" | "token" | "session";

export interface RouteSpec {
  method: "GET" | "POST" | "PUT";
  /** As Fastify names it: `/api/v1/instances/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  output: z.ZodType;
  /** Success status (default 200). */
  status?: 200 | 201;
  /** Accepts `Idempotency-Key` (POSTs that create). */
  idempotent?: boolean;
  /** Media type of the answer (default JSON). */
  produces?: "application/json" | "image/svg+xml";
}

const route = <const R extends RouteSpec>(r: R): R => r;
const key = z.strictObject({ key: w.processKey });
const keyN = z.strictObject({ key: w.processKey, n: w.intQuery(1, 2_147_483_647) });
const instanceId = z.strictObject({ id: w.uuid });
const runId = z.strictObject({ id: w.uuid });
const signal = {
  method: "POST",
  tag: "signals",
  auth: "signals",
  summary: "Sends a signal to the running instances whose identifiers match (or starts one)",
  params: z.strictObject({ code: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]{0,199}$/) }),
  body: i.signalBody,
  output: i.signalOutcome,
} as const;
const jobId = z.strictObject({ id: z.string().regex(/^[1-9][0-9]{0,18}$/, "a job id") });

/**
 * THE route table of the public REST API: the runtime registers its handlers from it, generates
 * `/api/v1/openapi.json` from it, and `V1Client` is typed by it. A route added here without a
 * handler fails the runtime's typecheck (`v1Handlers`); one not served or missing from the document
 * fails `test/apiV1Document.test.ts`.
 */
export const v1Routes = {
  listProcesses: route({
    method: "GET",
    path: "/api/v1/processes",
    tag: "processes",
    auth: "processes:read",
    summary: "Processes with their versions and running-instance counts",
    query: z.strictObject({ search: z.string().max(200).optional() }),
    output: z.array(w.processSchema),
  }),
  getProcess: route({
    method: "GET",
    path: "/api/v1/processes/:key",
    tag: "processes",
    auth: "processes:read",
    summary: "One process",
    params: key,
    output: w.processSchema,
  }),
  setRetention: route({
    method: "POST",
    path: "/api/v1/processes/:key/retention",
    tag: "processes",
    auth: "processes:write",
    summary: "Sets how long finished instances are kept, then anonymised or deleted (null days = forever)",
    params: key,
    body: w.retentionSettings,
    output: w.retentionSettings.extend({ key: z.string() }),
  }),
  listVersions: route({
    method: "GET",
    path: "/api/v1/processes/:key/versions",
    tag: "versions",
    auth: "versions:read",
    summary: "A process's versions, newest first",
    params: key,
    output: z.array(w.versionSchema),
  }),
  getVersion: route({
    method: "GET",
    path: "/api/v1/processes/:key/versions/:n",
    tag: "versions",
    auth: "versions:read",
    summary: "One version with its model",
    params: keyN,
    output: w.versionDetail,
  }),
  validateModel: route({
    method: "POST",
    path: "/api/v1/models/validate",
    tag: "versions",
    auth: "versions:read",
    summary: "Checks a model document; changes nothing",
    body: z.strictObject({ model: z.unknown() }),
    output: w.validation,
  }),
  createDraft: route({
    method: "POST",
    path: "/api/v1/processes/:key/versions",
    tag: "versions",
    auth: "versions:write",
    summary:
      "A new draft: from a model document (a new process when the key is unknown) or a copy of a version",
    params: key,
    body: w.draftBody,
    output: w.draftCreated,
    status: 201,
    idempotent: true,
  }),
  publishVersion: route({
    method: "POST",
    path: "/api/v1/processes/:key/versions/:n/publish",
    tag: "versions",
    auth: "versions:write",
    summary:
      "Publishes a draft; its scenarios run first (failing ones: 412 SCENARIOS_FAILED, unless an admin key overrides with a reason)",
    params: keyN,
    body: z.strictObject({
      acceptWarnings: z.boolean().optional(),
      override: z.strictObject({ reason: z.string().min(1).max(1000) }).optional(),
    }),
    output: w.versionSchema.partial().loose(),
    idempotent: true,
  }),
  deprecateVersion: route({
    method: "POST",
    path: "/api/v1/processes/:key/versions/:n/deprecate",
    tag: "versions",
    auth: "versions:write",
    summary:
      "Deprecates a published version: it starts no new instances, its running ones continue (inactive when none is left)",
    params: keyN,
    body: z.strictObject({}),
    output: z.looseObject({
      id: w.uuid,
      processKey: z.string(),
      number: z.int(),
      status: z.enum(["deprecated", "inactive"]),
    }),
  }),
  versionScenarios: route({
    method: "GET",
    path: "/api/v1/processes/:key/versions/:n/scenarios",
    tag: "versions",
    auth: "versions:read",
    summary: "The version's scenarios as a <key>.scenarios.json file",
    params: keyN,
    output: w.scenarioFile,
  }),
  saveVersionScenarios: route({
    method: "PUT",
    path: "/api/v1/processes/:key/versions/:n/scenarios",
    tag: "versions",
    auth: "versions:write",
    summary:
      "Replaces a draft's scenarios with a <key>.scenarios.json file (checked as version.saveScenarios; a bad file changes nothing)",
    params: keyN,
    body: w.scenarioFileBody,
    output: w.scenarioFile,
  }),
  versionDiagram: route({
    method: "GET",
    path: "/api/v1/processes/:key/versions/:n/diagram.svg",
    tag: "versions",
    auth: "session",
    summary: "The version's drawing (SVG; signed-in users)",
    params: keyN,
    output: z.string(),
    produces: "image/svg+xml",
  }),
  startInstance: route({
    method: "POST",
    path: "/api/v1/instances",
    tag: "instances",
    auth: "instances:write",
    summary: "Starts an instance",
    body: w.startBody,
    output: w.stepResult,
    status: 201,
    idempotent: true,
  }),
  searchInstances: route({
    method: "GET",
    path: "/api/v1/instances",
    tag: "instances",
    auth: "instances:read",
    summary:
      "Instances by status, version, business key, identifier and start time; newest first, cursor-paged",
    query: w.instanceSearch,
    output: w.instancePage,
  }),
  getInstance: route({
    method: "GET",
    path: "/api/v1/instances/:id",
    tag: "instances",
    auth: "instances:read",
    summary: "One instance: variables, state, identifiers, incidents, explanations",
    params: instanceId,
    output: w.instanceDetail,
  }),
  instanceHistory: route({
    method: "GET",
    path: "/api/v1/instances/:id/history",
    tag: "instances",
    auth: "instances:read",
    summary: "History records, oldest first, cursor-paged",
    params: instanceId,
    query: w.historyQuery,
    output: w.historyPage,
  }),
  unlockedActions: route({
    method: "GET",
    path: "/api/v1/instances/:id/actions",
    tag: "instances",
    auth: "instances:read",
    summary: "The actions unlocked now, each with its explanation",
    params: instanceId,
    output: w.unlockedActionsSchema,
  }),
  performAction: route({
    method: "POST",
    path: "/api/v1/instances/:id/perform",
    tag: "instances",
    auth: "instances:write",
    summary: "Performs a manual action (by actionId or code)",
    params: instanceId,
    body: w.performBody,
    output: w.stepResult,
  }),
  cancelInstance: route({
    method: "POST",
    path: "/api/v1/instances/:id/cancel",
    tag: "instances",
    auth: "instances:write",
    summary: "Cancels a running instance with a reason",
    params: instanceId,
    body: w.cancelBody,
    output: w.stepResult,
  }),
  moveInstanceDryRun: route({
    method: "POST",
    path: "/api/v1/instances/:id/move/dry-run",
    tag: "instances",
    auth: "instances:read",
    summary:
      "What moving the instance to a state of its version would do (unlocked actions, dropped timers, migration actions, refusal); changes nothing",
    params: instanceId,
    body: mod.moveDryRunBody,
    output: mod.moveDryRunSchema,
  }),
  moveInstance: route({
    method: "POST",
    path: "/api/v1/instances/:id/move",
    tag: "instances",
    auth: "instances:write",
    summary:
      "Moves a running instance to another state of its version (reason required; `expectedSeq` from the dry run)",
    params: instanceId,
    body: mod.moveBody,
    output: w.stepResult,
  }),
  setInstanceVariables: route({
    method: "POST",
    path: "/api/v1/instances/:id/variables",
    tag: "instances",
    auth: "instances:write",
    summary:
      "Replaces a running instance's variables (reason required; CONFLICT unless `expectedSeq` is the instance's seq)",
    params: instanceId,
    body: mod.setVariablesBody,
    output: w.stepResult,
  }),
  listTasks: route({
    method: "GET",
    path: "/api/v1/tasks",
    tag: "tasks",
    auth: "tasks:read",
    summary: "Manual actions unlocked now across running instances",
    query: w.taskQuery,
    output: z.array(w.taskSchema),
  }),
  completeTask: route({
    method: "POST",
    path: "/api/v1/tasks/:id/:actionId/complete",
    tag: "tasks",
    auth: "tasks:write",
    summary: "Completes a task (performs the manual action of the instance `id`)",
    params: z.strictObject({ id: w.uuid, actionId: z.string().min(1).max(200) }),
    body: w.completeBody,
    output: w.stepResult,
  }),
  claimTask: route({
    method: "POST",
    path: "/api/v1/tasks/:id/:actionId/claim",
    tag: "tasks",
    auth: "tasks:write",
    summary: "Assigns a task to the named user unless somebody else holds it (409)",
    params: z.strictObject({ id: w.uuid, actionId: z.string().min(1).max(200) }),
    body: w.claimBody,
    output: w.taskAssignment,
  }),
  unclaimTask: route({
    method: "POST",
    path: "/api/v1/tasks/:id/:actionId/unclaim",
    tag: "tasks",
    auth: "tasks:write",
    summary: "Takes a task's assignee away",
    params: z.strictObject({ id: w.uuid, actionId: z.string().min(1).max(200) }),
    output: w.taskAssignment,
  }),
  assignTask: route({
    method: "POST",
    path: "/api/v1/tasks/:id/:actionId/assign",
    tag: "tasks",
    auth: "tasks:write",
    summary: "Assigns a task to a user who may perform it (username null: unassigns)",
    params: z.strictObject({ id: w.uuid, actionId: z.string().min(1).max(200) }),
    body: w.assignBody,
    output: w.taskAssignment,
  }),
  setTaskFollowUp: route({
    method: "POST",
    path: "/api/v1/tasks/:id/:actionId/follow-up",
    tag: "tasks",
    auth: "tasks:write",
    summary: "Sets (or with null clears) a task's follow-up date",
    params: z.strictObject({ id: w.uuid, actionId: z.string().min(1).max(200) }),
    body: z.strictObject({ followUp: z.iso.datetime({ offset: true }).nullable() }),
    output: w.taskAssignment,
  }),
  validateMigration: route({
    method: "POST",
    path: "/api/v1/migrations/plan",
    tag: "migrations",
    auth: "migrations:read",
    summary: "Checks a plan: unmapped states, counts per source state",
    body: m.planBody,
    output: m.planCheck,
  }),
  dryRunMigration: route({
    method: "POST",
    path: "/api/v1/migrations/dry-run",
    tag: "migrations",
    auth: "migrations:read",
    summary: "What the plan would do to each instance (paged); changes nothing",
    body: m.dryRunBody,
    output: m.dryRunPage,
  }),
  startMigration: route({
    method: "POST",
    path: "/api/v1/migrations",
    tag: "migrations",
    auth: "migrations:write",
    summary: "Creates and starts a migration run",
    body: m.startMigrationBody,
    output: m.migrationRun,
    status: 201,
    idempotent: true,
  }),
  listMigrations: route({
    method: "GET",
    path: "/api/v1/migrations",
    tag: "migrations",
    auth: "migrations:read",
    summary: "A process's migration runs",
    query: m.migrationListQuery,
    output: z.array(m.migrationRun),
  }),
  getMigration: route({
    method: "GET",
    path: "/api/v1/migrations/:id",
    tag: "migrations",
    auth: "migrations:read",
    summary: "A run with its progress",
    params: runId,
    output: m.migrationRun,
  }),
  migrationItems: route({
    method: "GET",
    path: "/api/v1/migrations/:id/items",
    tag: "migrations",
    auth: "migrations:read",
    summary: "Per-instance outcomes, cursor-paged",
    params: runId,
    query: m.migrationItemsQuery,
    output: m.itemsPage,
  }),
  pauseMigration: route({
    method: "POST",
    path: "/api/v1/migrations/:id/pause",
    tag: "migrations",
    auth: "migrations:write",
    summary: "Pauses a run",
    params: runId,
    output: m.migrationRun,
  }),
  resumeMigration: route({
    method: "POST",
    path: "/api/v1/migrations/:id/resume",
    tag: "migrations",
    auth: "migrations:write",
    summary: "Resumes a paused run",
    params: runId,
    output: m.migrationRun,
  }),
  retryMigration: route({
    method: "POST",
    path: "/api/v1/migrations/:id/retry",
    tag: "migrations",
    auth: "migrations:write",
    summary: "Retries a run's failed items",
    params: runId,
    output: m.migrationRun,
  }),
  revertMigration: route({
    method: "POST",
    path: "/api/v1/migrations/:id/instances/:instanceId/revert",
    tag: "migrations",
    auth: "migrations:write",
    summary: "Reverts one migrated instance while nothing happened to it since",
    params: z.strictObject({ id: w.uuid, instanceId: w.uuid }),
    output: m.revertResult,
  }),
  createBulkOperation: route({
    method: "POST",
    path: "/api/v1/bulk-operations",
    tag: "instances",
    auth: "instances:write",
    summary:
      "Cancels or retries the incidents of a selection of instances (frozen when it starts), in the background",
    body: b.createBulkBody,
    output: b.bulkRun,
    status: 201,
    idempotent: true,
  }),
  getBulkOperation: route({
    method: "GET",
    path: "/api/v1/bulk-operations/:id",
    tag: "instances",
    auth: "instances:read",
    summary: "A bulk operation with its progress (done, failed, pending)",
    params: runId,
    output: b.bulkRun,
  }),
  bulkOperationItems: route({
    method: "GET",
    path: "/api/v1/bulk-operations/:id/items",
    tag: "instances",
    auth: "instances:read",
    summary: "Per-instance outcomes with the reason of each failure, cursor-paged",
    params: runId,
    query: b.bulkItemsQuery,
    output: b.bulkItemsPage,
  }),
  pauseBulkOperation: route({
    method: "POST",
    path: "/api/v1/bulk-operations/:id/pause",
    tag: "instances",
    auth: "instances:write",
    summary: "Pauses a bulk operation (between chunks)",
    params: runId,
    output: b.bulkRun,
  }),
  resumeBulkOperation: route({
    method: "POST",
    path: "/api/v1/bulk-operations/:id/resume",
    tag: "instances",
    auth: "instances:write",
    summary: "Resumes a paused bulk operation",
    params: runId,
    output: b.bulkRun,
  }),
  sendSignal: route({ ...signal, path: "/api/v1/signals/:code" }),
  sendSignalUnversioned: route({
    ...signal,
    path: "/api/signals/:code",
    summary: `${signal.summary} (sendSignal's first path, kept working)`,
  }),
  deliverCallback: route({
    method: "POST",
    path: "/api/callbacks/:token",
    tag: "callbacks",
    auth: "token",
    summary: "Reports an asynchronous action's result with its single-use task token",
    params: z.strictObject({ token: z.string() }),
    body: z.unknown(),
    output: i.callbackResult,
  }),
  fetchAndLock: route({
    method: "POST",
    path: "/api/jobs/fetch-and-lock",
    tag: "jobs",
    auth: "handler",
    summary: "Locks due jobs of remote handlers (long poll with waitMs)",
    body: i.fetchBody,
    output: i.jobsFetched,
  }),
  completeJob: route({
    method: "POST",
    path: "/api/jobs/:id/complete",
    tag: "jobs",
    auth: "handler",
    summary: "Records a locked job's output",
    params: jobId,
    body: i.jobCompleteBody,
    output: i.jobStep,
  }),
  failJob: route({
    method: "POST",
    path: "/api/jobs/:id/fail",
    tag: "jobs",
    auth: "handler",
    summary: "Records a failed attempt",
    params: jobId,
    body: i.jobFailBody,
    output: i.jobStep,
  }),
  heartbeatJob: route({
    method: "POST",
    path: "/api/jobs/:id/heartbeat",
    tag: "jobs",
    auth: "handler",
    summary: "Extends a job's lock",
    params: jobId,
    body: i.heartbeatBody,
    output: i.heartbeatResult,
  }),
} as const satisfies Record<string, RouteSpec>;

export type V1Routes = typeof v1Routes;
export type OperationId = keyof V1Routes;

type Part<R, K extends "params" | "query" | "body"> = R extends { [P in K]: infer S extends z.ZodType }
  ? { [P in K]: z.input<S> }
  : { [P in K]?: never };
/** What a call of a route takes: its path parameters, query and body as sent. */
export type RouteInput<K extends OperationId> = Part<V1Routes[K], "params"> &
  Partial<Part<V1Routes[K], "query">> &
  Part<V1Routes[K], "body">;
/** What a route answers. */
export type RouteOutput<K extends OperationId> = z.output<V1Routes[K]["output"]>;
