import type { RouterInputs } from "../api/routerTypes.ts";

export type WebhookEvent = RouterInputs["webhook"]["create"]["events"][number];
type DeliveriesInput = Exclude<RouterInputs["webhook"]["deliveries"], void | undefined>;
export type DeliveryStatus = NonNullable<DeliveriesInput["status"]>;

/** The events a webhook can subscribe to (the runtime's `webhookEvents`). */
export const webhookEvents = [
  "instance.started",
  "instance.completed",
  "instance.failed",
  "instance.cancelled",
  "action.completed",
  "action.failed",
] as const satisfies readonly WebhookEvent[];

/** pending (not sent yet or being retried after a redeliver), delivered, failed (retrying), dead (given up). */
export const deliveryStatuses = [
  "pending",
  "delivered",
  "failed",
  "dead",
] as const satisfies readonly DeliveryStatus[];

/** A failed (retrying), dead or delivered delivery may be sent again; a pending one is on its way. */
export function mayRedeliver(status: string): boolean {
  return status === "failed" || status === "dead";
}

/** An error message cut to something a table cell can hold. */
export function errorExcerpt(error: string, max = 160): string {
  const line = error.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function attemptSummary(n: number): string {
  return n === 1 ? "1 attempt" : `${n} attempts`;
}
