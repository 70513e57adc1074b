import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { publicProcedure, router } from "../trpc/trpc.ts";

const processSummary = {
  id: true,
  key: true,
  name: true,
  description: true,
  updatedAt: true,
  versions: { select: { id: true, number: true, status: true }, orderBy: { number: "desc" } },
} as const;

export const processRouter = router({
  /** Every process with its versions (newest first), optionally filtered by a search text. */
  list: publicProcedure.input(z.object({ search: z.string().max(200).optional() }).optional()).query(({ ctx, input }) => {
    const search = input?.search?.trim();
    return ctx.db.prisma.process.findMany({
      where: search
        ? { OR: [{ key: { contains: search, mode: "insensitive" } }, { name: { contains: search, mode: "insensitive" } }] }
        : undefined,
      select: processSummary,
      orderBy: { name: "asc" },
    });
  }),
  get: publicProcedure.input(z.object({ key: z.string().min(1).max(200) })).query(async ({ ctx, input }) => {
    const process = await ctx.db.prisma.process.findUnique({ where: { key: input.key }, select: processSummary });
    if (!process) throw new TRPCError({ code: "NOT_FOUND", message: `no process with key "${input.key}"` });
    return process;
  }),
});
