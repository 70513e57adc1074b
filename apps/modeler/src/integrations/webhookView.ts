import type { RouterInputs } from "../api/routerTypes.ts";

type DeliveriesInput = Exclude<RouterInputs["webhook"]["deliveries"], void | undefined>;
export type DeliveryStatus = NonNullable<DeliveriesInput["status"]>;

import { webhookEvents } from "@flowstate/client/webhookEvents";
import type { WebhookEvent } from "@flowstate/client/webhookEvents";

/** The events a webhook can subscribe to: the public contract's list (`@flowstate/client`). */
export { webhookEvents };
export type { WebhookEvent };

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
