import { z } from "zod";
import { lockedJobSchema } from "../LockedJob.ts";

/** `POST /api/signals/:code`. */
export const signalBody = z.strictObject({
  identifiers: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean()])).default({}),
  payload: z.json().optional(),
  messageId: z.string().min(1).max(200).optional(),
});
export const signalOutcome = z.looseObject({
  delivered: z.array(z.looseObject({ instanceId: z.uuid() })).optional(),
  started: z.uuid().optional(),
  duplicate: z.boolean().optional(),
});

const handlerName = z
  .string()
  .regex(/^[A-Za-z][\w.-]*$/, "invalid handler name")
  .max(200);
const lockToken = z.string().min(1).max(300);

/** `POST /api/jobs/fetch-and-lock`. */
export const fetchBody = z.strictObject({
  workerId: z.string().regex(/^[\w.:-]{1,100}$/, "1–100 letters, digits, '.', ':', '_' or '-'"),
  handlers: z.array(handlerName).min(1).max(50),
  maxJobs: z.number().int().min(1).max(100).default(10),
  lockDurationMs: z.number().int().min(1000).max(3_600_000).default(60_000),
  waitMs: z.number().int().min(0).max(30_000).default(0),
});
export const jobsFetched = z.object({ jobs: z.array(lockedJobSchema) });
export const jobCompleteBody = z.strictObject({
  lockToken,
  output: z.record(z.string(), z.json()).default({}),
});
export const jobFailBody = z.strictObject({
  lockToken,
  error: z.json(),
  retriesLeft: z.number().int().min(0).max(1000).optional(),
  backoffMs: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600_000)
    .optional(),
});
export const heartbeatBody = z.strictObject({
  lockToken,
  lockDurationMs: z.number().int().min(1000).max(3_600_000).default(60_000),
});
export const jobStep = z.looseObject({ status: z.string(), seq: z.int() });
export const heartbeatResult = z.object({ lockedUntil: z.iso.datetime() });
export const callbackResult = z.looseObject({});
