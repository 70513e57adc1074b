import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { DomainError } from "../errors/DomainError.ts";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { webhookEvents } from "../webhooks/outboundEvents.ts";
import { brokerTarget, deliveryStatuses } from "../webhooks/WebhookDispatcher.ts";
import { assertWebhookTargetAllowed, TargetRefused } from "../webhooks/targetGuard.ts";
import { processIdByKey } from "../versions/processIdByKey.ts";

/** A delivery-log page cursor: the last item's creation time and id (the log's order). */
// `<ms, 13 digits>_<delivery id>`: the id part must be a UUID (the column's type), not just 36 hex digits and dashes.
const cursorSchema = z
  .string()
  .regex(
    /^\d{13}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    "not a delivery-log cursor",
  );
const encodeCursor = (d: { createdAt: Date; id: string }) =>
  `${String(d.createdAt.getTime()).padStart(13, "0")}_${d.id}`;
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [ms, id] = cursor.split("_") as [string, string];
  return { createdAt: new Date(Number(ms)), id };
}

/** One attempt in a delivery's log. */
export interface DeliveryAttempt {
  at: string;
  /** HTTP status; null when no answer came (or for a broker publish). */
  status: number | null;
  error: string | null;
  ms: number;
}

const webhookSelect = {
  id: true,
  url: true,
  events: true,
  processKey: true,
  actions: true,
  active: true,
  createdAt: true,
} as const;

export const webhookRouter = router({
  /**
   * Subscribes a URL to instance lifecycle and action events (optionally of one process and some
   * of its actions). The signing secret is returned once, here; deliveries carry
   * `flowstate-signature: t=<unix>,v1=<hex HMAC-SHA256 over "<t>.<body>">`.
   */
  create: authorizedProcedure
    .input(
      z.strictObject({
        /** An http(s) URL, or `amqp:<exchange>/<routing key>` to publish to the runtime's RabbitMQ (empty exchange = a queue by name). */
        url: z.union([
          z.string().regex(brokerTarget, "expected an http(s) URL or amqp:<exchange>/<routing key>"),
          z.url({ protocol: /^https?$/ }).max(2000),
        ]),
        events: z.array(z.enum(webhookEvents)).min(1).max(webhookEvents.length),
        processKey: z.string().min(1).max(200).optional(),
        actions: z.array(z.string().min(1).max(200)).max(100).default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.processKey) await processIdByKey(ctx.db.prisma, input.processKey);
      if (brokerTarget.test(input.url) && !ctx.rt.broker)
        throw new DomainError("PRECONDITION_FAILED", "webhooks to the broker need FLOWSTATE_AMQP_URL");
      if (!brokerTarget.test(input.url)) {
        // SSRF guard (src/webhooks/targetGuard.ts): checked here and again at every delivery.
        try {
          await assertWebhookTargetAllowed(input.url, { allowPrivate: ctx.rt.webhookAllowPrivate ?? false });
        } catch (error) {
          if (!(error instanceof TargetRefused)) throw error;
          throw new DomainError("BAD_REQUEST", error.message, {
            reason: "WEBHOOK_TARGET_REFUSED",
            host: error.host,
            ...(error.address ? { address: error.address } : {}),
            ...(error.range ? { range: error.range } : {}),
          });
        }
      }
      const secret = randomBytes(32).toString("base64url");
      const created = await ctx.db.prisma.webhook.create({
        data: {
          id: randomUUID(),
          url: input.url,
          secret,
          events: [...new Set(input.events)],
          processKey: input.processKey ?? null,
          actions: input.actions,
          createdAt: ctx.clock.now(),
        },
        select: webhookSelect,
      });
      return { ...created, secret };
    }),

  /** The webhooks (never their secrets), each with its newest delivery's status. */
  list: authorizedProcedure.query(async ({ ctx }) => {
    const hooks = await ctx.db.prisma.webhook.findMany({
      select: {
        ...webhookSelect,
        deliveries: {
          select: { status: true, lastStatus: true, createdAt: true, deliveredAt: true },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: 1,
        },
      },
      orderBy: { createdAt: "asc" },
    });
    return hooks.map(({ deliveries, ...hook }) => ({ ...hook, lastDelivery: deliveries[0] ?? null }));
  }),

  /** Stops new deliveries (pending ones are still sent); the delivery log stays. */
  deactivate: authorizedProcedure.input(z.strictObject({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const updated = await ctx.db.prisma.webhook.updateMany({
      where: { id: input.id },
      data: { active: false },
    });
    if (updated.count === 0) throw new DomainError("NOT_FOUND", `no webhook with id "${input.id}"`);
    return { id: input.id, active: false };
  }),

  /**
   * The delivery log, newest first and cursor-paged (it grows without bound), with every attempt
   * (time, HTTP status, error, duration) and the next attempt's time.
   */
  deliveries: authorizedProcedure
    .input(
      z
        .strictObject({
          webhookId: z.uuid().optional(),
          instanceId: z.uuid().optional(),
          status: z.enum(deliveryStatuses).optional(),
          cursor: cursorSchema.optional(),
          limit: z.int().min(1).max(500).default(100),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const limit = input?.limit ?? 100;
      const after = input?.cursor ? decodeCursor(input.cursor) : undefined;
      const rows = await ctx.db.prisma.webhookDelivery.findMany({
        where: {
          ...(input?.webhookId ? { webhookId: input.webhookId } : {}),
          ...(input?.instanceId ? { instanceId: input.instanceId } : {}),
          ...(input?.status ? { status: input.status } : {}),
          ...(after
            ? {
                OR: [
                  { createdAt: { lt: after.createdAt } },
                  { createdAt: after.createdAt, id: { lt: after.id } },
                ],
              }
            : {}),
        },
        select: {
          id: true,
          webhookId: true,
          event: true,
          instanceId: true,
          payload: true,
          status: true,
          attempts: true,
          nextAttemptAt: true,
          lastStatus: true,
          lastError: true,
          log: true,
          createdAt: true,
          deliveredAt: true,
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit + 1,
      });
      const items = rows.slice(0, limit).map((d) => ({ ...d, log: d.log as unknown as DeliveryAttempt[] }));
      return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!) : null };
    }),

  /**
   * Sends a failed, dead (or delivered) delivery again now, with a fresh set of attempts; its log
   * keeps the earlier attempts. A pending delivery, or one a dispatcher is sending right now, is
   * refused (CONFLICT) and left as it is.
   */
  redeliver: authorizedProcedure
    .input(z.strictObject({ deliveryId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      const updated = await ctx.db.prisma.webhookDelivery.updateMany({
        where: {
          id: input.deliveryId,
          status: { in: ["failed", "dead", "delivered"] },
          OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
        },
        data: { status: "pending", attempts: 0, nextAttemptAt: now, lockedBy: null, lockedUntil: null },
      });
      if (updated.count === 0) {
        const found = await ctx.db.prisma.webhookDelivery.findUnique({
          where: { id: input.deliveryId },
          select: { status: true },
        });
        if (!found) throw new DomainError("NOT_FOUND", `no delivery with id "${input.deliveryId}"`);
        throw new DomainError(
          "CONFLICT",
          found.status === "pending"
            ? "the delivery is still pending"
            : "the delivery is being sent right now",
          { status: found.status },
        );
      }
      return { id: input.deliveryId, status: "pending" as const };
    }),
});
