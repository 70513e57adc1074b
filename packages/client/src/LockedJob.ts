import { z } from "zod";

/**
 * A job leased to a remote worker by `POST /api/jobs/fetch-and-lock` (`FlowstateClient.fetchAndLock`).
 * The one definition of this wire contract: the runtime builds its answers as `LockedJob`s and
 * describes them in `/api/openapi.json` from this schema.
 */
export const lockedJobSchema = z.object({
  id: z.string().describe("job id"),
  lockToken: z
    .string()
    .describe(
      "proves this delivery's lock; send it with complete, fail and heartbeat. A redelivery gets a new one.",
    ),
  handler: z.string(),
  instanceId: z.uuid(),
  actionId: z.string(),
  occurrenceId: z.string(),
  attempt: z.int().describe("the action's attempt (retries count up)"),
  delivery: z.int().describe("1 on the first hand-out; higher after a lock expired"),
  idempotencyKey: z
    .string()
    .describe("the same on every delivery of this attempt: pass it to the systems you call"),
  input: z.unknown().describe("the action's evaluated input mapping"),
  variables: z.record(z.string(), z.unknown()),
  lockedUntil: z.iso.datetime(),
});

/** A job leased to this worker by `fetchAndLock`. */
export type LockedJob = z.infer<typeof lockedJobSchema>;
