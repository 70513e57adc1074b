export { FlowstateClient } from "./FlowstateClient.ts";
export type {
  FailOptions,
  FetchAndLockOptions,
  FlowstateClientOptions,
  LockedJob,
} from "./FlowstateClient.ts";
export { FlowstateApiError } from "./FlowstateApiError.ts";
export { FinalJobFailure, JobWorker } from "./JobWorker.ts";
export type { JobHandler, JobWorkerOptions } from "./JobWorker.ts";
export { signatureHeader, signWebhookPayload, verifyWebhookSignature } from "./webhookSignature.ts";
