// No imports: the modeler reads this list as `@flowstate/client/webhookEvents` without the route table.

/** The events a webhook can subscribe to (the `event` of every delivery; docs/integrations.md). */
export const webhookEvents = [
  "instance.started",
  "instance.completed",
  "instance.failed",
  "instance.cancelled",
  "action.completed",
  "action.failed",
] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
