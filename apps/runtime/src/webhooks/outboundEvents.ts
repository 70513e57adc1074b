import type { InstanceState, Records } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import type { OutboundEvent } from "../queue/queueSql.ts";

/** The events a webhook can subscribe to. */
export const webhookEvents = [
  "instance.started",
  "instance.completed",
  "instance.failed",
  "instance.cancelled",
  "action.completed",
  "action.failed",
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/**
 * The outbound events of one accepted step, from the state before and after it and its records:
 * an instance that started or ended, and actions (not control nodes) whose occurrence completed or
 * failed in this step. Each has a key unique to what happened, so recording it again delivers nothing.
 */
export function outboundEvents(args: {
  before: InstanceState | undefined;
  after: InstanceState;
  records: Records;
  model: ProcessModel;
  now: Date;
}): OutboundEvent[] {
  const { before, after, records, model } = args;
  const at = args.now.toISOString();
  const base = {
    instanceId: after.instanceId,
    processKey: after.processKey,
    businessKey: after.businessKey,
    version: after.version,
    at,
  };
  const events: OutboundEvent[] = [];
  const instanceEvent = (event: WebhookEvent) =>
    events.push({
      event,
      key: `${after.instanceId}:${event}`,
      instanceId: after.instanceId,
      processKey: after.processKey,
      actionId: null,
      payload: { event, ...base, status: after.status, ...(after.outcome ? { outcome: after.outcome } : {}) },
    });
  if (!before) instanceEvent("instance.started");
  const actions = new Set(model.nodes.filter((n) => n.kind === "action").map((n) => n.id));
  for (const o of records.occurrences) {
    if (!actions.has(o.nodeId) || (o.status !== "completed" && o.status !== "failed")) continue;
    const event: WebhookEvent = o.status === "completed" ? "action.completed" : "action.failed";
    events.push({
      event,
      key: `${after.instanceId}:${o.id}:${o.attempt}:${o.status}`,
      instanceId: after.instanceId,
      processKey: after.processKey,
      actionId: o.nodeId,
      payload: {
        event,
        ...base,
        actionId: o.nodeId,
        occurrenceId: o.id,
        attempt: o.attempt,
        ...(o.output !== undefined ? { output: o.output } : {}),
        ...(o.error !== undefined ? { error: o.error } : {}),
      },
    });
  }
  const ended = after.status === "completed" || after.status === "failed" || after.status === "cancelled";
  if (ended && before?.status !== after.status) instanceEvent(`instance.${after.status}` as WebhookEvent);
  return events;
}
