import type { InstanceState, Records } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";

/** One outbound event of a step, before it is matched to webhooks. */
export interface OutboundEvent {
  event: string;
  /** Unique per webhook: a re-recorded event (same key) is not delivered twice. */
  key: string;
  instanceId: string;
  processKey: string;
  /** For action events: the action, matched against a webhook's `actions` filter. */
  actionId: string | null;
  payload: unknown;
}

import { webhookEvents } from "@flowstate/client/webhookEvents";
import type { WebhookEvent } from "@flowstate/client/webhookEvents";

/** The events a webhook can subscribe to: the public contract's list (`@flowstate/client`). */
export { webhookEvents };
export type { WebhookEvent };

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

/** An event as the step statement's outbox part reads it (`outboxCte`). */
export const outboxRow = (e: OutboundEvent) => ({
  event: e.event,
  key: e.key,
  instance_id: e.instanceId,
  process_key: e.processKey,
  action_id: e.actionId,
  payload: e.payload,
});

/**
 * The step statement's webhook outbox (`hooks`): one delivery per event and matching webhook
 * (active, listing the event, no process filter or this process, no action filter or this
 * action), only for instances the statement updated (`inst`); a re-recorded event — same key —
 * is not delivered twice. `events`: a JSON array of `outboxRow`s (with the step's `trace_parent`
 * when tracing is on); `at`: the statement's time.
 */
export const outboxCte = (p: { at: string; events: string }) => `
hooks AS (
  INSERT INTO webhook_delivery (id, webhook_id, event, event_key, instance_id, payload, status, attempts, next_attempt_at, created_at, trace_parent)
  SELECT gen_random_uuid(), w.id, e.event, e.key, e.instance_id, e.payload, 'pending', 0, ${p.at}::timestamptz, ${p.at}::timestamptz, e.trace_parent
    FROM jsonb_to_recordset(${p.events}::jsonb) AS e(event text, key text, instance_id uuid, process_key text, action_id text, payload jsonb, trace_parent text)
    JOIN inst ON inst.id = e.instance_id
    JOIN webhook w ON w.active AND e.event = ANY(w.events)
                  AND (w.process_key IS NULL OR w.process_key = e.process_key)
                  AND (e.action_id IS NULL OR cardinality(w.actions) = 0 OR e.action_id = ANY(w.actions))
  ON CONFLICT (webhook_id, event_key) DO NOTHING RETURNING 1)`;
