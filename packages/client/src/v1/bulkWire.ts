import { z } from "zod";
import { intQuery, uuid } from "./wire.ts";

/** The most instances one bulk operation takes: a larger selection is refused (narrow the filter). */
export const bulkLimit = 10_000;

/**
 * What a bulk operation does to each selected instance: cancel (a reason is required, kept in each
 * instance's history), retry all its open incidents, or move it to another state of its version
 * (every selected instance's version must have that state; the reason is kept in each history).
 */
export const bulkOperationSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("cancel"),
    reason: z.string().trim().min(1, "give a reason for cancelling").max(1000),
  }),
  z.strictObject({ type: z.literal("retryIncidents") }),
  z.strictObject({
    type: z.literal("move"),
    stateId: z.string().min(1).max(200),
    reason: z.string().trim().min(1, "give a reason for moving").max(1000),
  }),
]);

/** The instance list's filter (the process is the body's `processKey`). */
export const bulkFilterSchema = z.strictObject({
  versionId: uuid.optional(),
  stateId: z.string().max(200).optional(),
  status: z.enum(["running", "completed", "failed", "cancelled", "locked"]).optional(),
  businessKey: z.string().max(500).optional(),
  identifier: z.strictObject({ name: z.string().min(1).max(200), value: z.string().max(2000) }).optional(),
  hasIncident: z.boolean().optional(),
  incidentNodeId: z.string().min(1).max(200).optional(),
  startedFrom: z.iso.datetime().optional(),
  startedTo: z.iso.datetime().optional(),
});

/** Creates and starts a bulk operation over the instances matching now (frozen selection). */
export const createBulkBody = z.strictObject({
  processKey: z.string().min(1).max(200),
  operation: bulkOperationSchema,
  filter: bulkFilterSchema.optional(),
  /** Ticked instances: the selection is these (the filter, when given, must match them too). */
  instanceIds: z.array(uuid).min(1).max(bulkLimit).optional(),
});

export const bulkItemStatus = z.enum(["pending", "done", "failed"]);
export const bulkItemsQuery = z.strictObject({
  status: bulkItemStatus.optional(),
  cursor: uuid.optional(),
  limit: intQuery(1, 500).optional(),
});
export const bulkRun = z.looseObject({
  id: uuid,
  status: z.enum(["running", "paused", "completed"]),
  progress: z.object({ total: z.int(), done: z.int(), failed: z.int(), pending: z.int() }),
});
export const bulkItemsPage = z.object({
  items: z.array(
    z.looseObject({
      instanceId: uuid,
      businessKey: z.string().nullable(),
      status: bulkItemStatus,
      reason: z.string().nullable(),
    }),
  ),
  nextCursor: uuid.nullable(),
});
