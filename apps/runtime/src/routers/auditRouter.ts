import { z } from "zod";
import { authorizedProcedure, router } from "../trpc/trpc.ts";

export const auditRouter = router({
  /** The audit log, newest first, filtered and cursor-paged (operators and admins). */
  list: authorizedProcedure
    .input(
      z.object({
        actor: z.string().max(200).optional(),
        action: z.string().max(200).optional(),
        outcome: z.enum(["ok", "denied", "unauthenticated", "failed", "rateLimited"]).optional(),
        processKey: z.string().max(200).optional(),
        instanceId: z.string().max(100).optional(),
        from: z.iso.datetime().optional(),
        to: z.iso.datetime().optional(),
        cursor: z.string().regex(/^\d+$/).optional(),
        limit: z.int().min(1).max(500).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.prisma.auditEvent.findMany({
        where: {
          ...(input.actor ? { actorName: { contains: input.actor, mode: "insensitive" as const } } : {}),
          ...(input.action ? { action: { contains: input.action, mode: "insensitive" as const } } : {}),
          ...(input.outcome ? { outcome: input.outcome } : {}),
          ...(input.processKey ? { processKey: input.processKey } : {}),
          ...(input.instanceId ? { instanceId: input.instanceId } : {}),
          ...(input.from || input.to
            ? {
                at: {
                  ...(input.from ? { gte: new Date(input.from) } : {}),
                  ...(input.to ? { lte: new Date(input.to) } : {}),
                },
              }
            : {}),
          ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}),
        },
        orderBy: { id: "desc" },
        take: input.limit + 1,
      });
      const items = rows.slice(0, input.limit).map((r) => ({
        id: String(r.id),
        at: r.at,
        actorKind: r.actorKind,
        actorName: r.actorName,
        ip: r.ip,
        action: r.action,
        outcome: r.outcome,
        processKey: r.processKey,
        instanceId: r.instanceId,
        versionId: r.versionId,
        detail: r.detail,
      }));
      return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
    }),
});
