import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { DomainError } from "../errors/DomainError.ts";
import { publicProcedure, router } from "../trpc/trpc.ts";
import { webhookEvents } from "../webhooks/outboundEvents.ts";
import { brokerTarget } from "../webhooks/WebhookDispatcher.ts";

const webhookSelect = { id: true, url: true, events: true, processKey: true, actions: true, active: true, createdAt: true } as const;

export const webhookRouter = router({
  /**
   * Subscribes a URL to instance lifecycle and action events (optionally of one process and some
   * of its actions). The signing secret is returned once, here; deliveries carry
   * `flowstate-signature: t=<unix>,v1=<hex HMAC-SHA256 over "<t>.<body>">`.
   */
  create: publicProcedure
    .input(
      z.strictObject({
        /** An http(s) URL, or `amqp:<exchange>/<routing key>` to publish to the runtime's RabbitMQ (empty exchange = a queue by name). */
        url: z.union([z.string().regex(brokerTarget, "expected an http(s) URL or amqp:<exchange>/<routing key>"), z.url({ protocol: /^https?$/ }).max(2000)]),
        events: z.array(z.enum(webhookEvents)).min(1).max(webhookEvents.length),
        processKey: z.string().min(1).max(200).optional(),
        actions: z.array(z.string().min(1).max(200)).max(100).default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.processKey && !(await ctx.db.prisma.process.findUnique({ where: { key: input.processKey }, select: { id: true } }))) {
        throw new DomainError("NOT_FOUND", `no process with key "${input.processKey}"`);
      }
      if (brokerTarget.test(input.url) && !ctx.rt.broker) throw new DomainError("PRECONDITION_FAILED", "webhooks to the broker need FLOWSTATE_AMQP_URL");
      const secret = randomBytes(32).toString("base64url");
      const created = await ctx.db.prisma.webhook.create({
        data: { id: randomUUID(), url: input.url, secret, events: [...new Set(input.events)], processKey: input.processKey ?? null, actions: input.actions, createdAt: ctx.clock.now() },
        select: webhookSelect,
      });
      return { ...created, secret };
    }),

  list: publicProcedure.query(({ ctx }) => ctx.db.prisma.webhook.findMany({ select: webhookSelect, orderBy: { createdAt: "asc" } })),

  /** Stops new deliveries (pending ones are still sent); the delivery log stays. */
  deactivate: publicProcedure.input(z.strictObject({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const updated = await ctx.db.prisma.webhook.updateMany({ where: { id: input.id }, data: { active: false } });
    if (updated.count === 0) throw new DomainError("NOT_FOUND", `no webhook with id "${input.id}"`);
    return { id: input.id, active: false };
  }),

  /** The delivery log: newest first, with every attempt (time, HTTP status, error, duration). */
  deliveries: publicProcedure
    .input(z.strictObject({ webhookId: z.uuid().optional(), instanceId: z.uuid().optional(), status: z.enum(["pending", "delivered", "failed"]).optional(), limit: z.int().min(1).max(500).default(100) }).optional())
    .query(({ ctx, input }) =>
      ctx.db.prisma.webhookDelivery.findMany({
        where: { ...(input?.webhookId ? { webhookId: input.webhookId } : {}), ...(input?.instanceId ? { instanceId: input.instanceId } : {}), ...(input?.status ? { status: input.status } : {}) },
        select: { id: true, webhookId: true, event: true, instanceId: true, payload: true, status: true, attempts: true, nextAttemptAt: true, lastStatus: true, lastError: true, log: true, createdAt: true, deliveredAt: true },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: input?.limit ?? 100,
      }),
    ),

  /** Sends a failed (or delivered) delivery again now, with a fresh set of attempts. */
  redeliver: publicProcedure.input(z.strictObject({ deliveryId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const updated = await ctx.db.prisma.webhookDelivery.updateMany({ where: { id: input.deliveryId, status: { not: "pending" } }, data: { status: "pending", attempts: 0, nextAttemptAt: ctx.clock.now() } });
    if (updated.count === 0) throw new DomainError("NOT_FOUND", `no finished delivery with id "${input.deliveryId}"`);
    return { id: input.deliveryId, status: "pending" as const };
  }),
});
