export { FlowstateClient } from "./FlowstateClient.ts";
export type { FailOptions, FetchAndLockOptions, FlowstateClientOptions } from "./FlowstateClient.ts";
export { lockedJobSchema } from "./LockedJob.ts";
export type { LockedJob } from "./LockedJob.ts";
export { FlowstateApiError } from "./FlowstateApiError.ts";
export { FinalJobFailure, JobWorker } from "./JobWorker.ts";
export type { JobHandler, JobWorkerOptions } from "./JobWorker.ts";
export { signatureHeader, signWebhookPayload, verifyWebhookSignature } from "./webhookSignature.ts";
