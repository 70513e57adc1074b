export { FlowstateClient } from "./FlowstateClient.ts";
export type { FailOptions, FetchAndLockOptions, FlowstateClientOptions } from "./FlowstateClient.ts";
export { lockedJobSchema } from "./LockedJob.ts";
export type { LockedJob } from "./LockedJob.ts";
export { FlowstateApiError } from "./FlowstateApiError.ts";
export { FinalJobFailure, JobWorker } from "./JobWorker.ts";
export type { JobHandler, JobWorkerOptions } from "./JobWorker.ts";
export { signatureHeader, signWebhookPayload, verifyWebhookSignature } from "./webhookSignature.ts";
export { apiScopes, v1Routes } from "./v1/routes.ts";
export type {
  ApiScope,
  OperationId,
  RouteAuth,
  RouteInput,
  RouteOutput,
  RouteSpec,
  V1Routes,
} from "./v1/routes.ts";
export { createV1Client, fillPath } from "./v1/V1Client.ts";
export type { CallOptions, V1ClientOptions, V1Methods } from "./v1/V1Client.ts";
export { errorSchema } from "./v1/wire.ts";
export type { ApiErrorBody } from "./v1/wire.ts";
export { bulkFilterSchema, bulkLimit, bulkOperationSchema } from "./v1/bulkWire.ts";
export { migrationFilterSchema, migrationPlanSchema, runPaceSchema } from "./v1/migrationWire.ts";
export {
  maxVariablesBytes,
  maxVariablesDepth,
  moveBody,
  moveDryRunBody,
  moveDryRunSchema,
  setVariablesBody,
  variablesSchema,
} from "./v1/modifyWire.ts";
export type { MoveDryRun } from "./v1/modifyWire.ts";
export { fetchBody, heartbeatBody, jobCompleteBody, jobFailBody, signalBody } from "./v1/integrationWire.ts";
