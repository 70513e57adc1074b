import { pino } from "pino";
import type { ClaimedJob } from "../queue/queueSql.ts";

/**
 * The worker's failures as JSON log lines (one per event, on stderr): the message, and where known
 * the instance, the job and the trace id the job carries (its payload's W3C `traceparent`).
 */
export function workerLog(destination: NodeJS.WritableStream = process.stderr) {
  const log = pino({ base: { component: "worker" } }, destination);
  return (error: unknown, job?: ClaimedJob) => {
    const traceparent = (job?.payload as { traceparent?: unknown } | null | undefined)?.traceparent;
    const traceId = typeof traceparent === "string" ? traceparent.split("-")[1] : undefined;
    log.error(
      {
        ...(job ? { instanceId: job.instanceId, jobId: String(job.id), kind: job.kind } : {}),
        ...(job?.handler ? { handler: job.handler } : {}),
        ...(traceId ? { traceId } : {}),
      },
      `flowstate worker: ${error instanceof Error ? error.message : String(error)}`,
    );
  };
}
