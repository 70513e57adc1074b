import { z } from "zod";
import { ProcessKeySchema } from "@flowstate/model";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { DomainError } from "../errors/DomainError.ts";
import { createProcess, importModel } from "../versions/versionService.ts";
import { SetRetentionInputSchema, setRetention } from "../retention/retentionSettings.ts";

const processSummary = {
  id: true,
  key: true,
  name: true,
  description: true,
  updatedAt: true,
  retentionDays: true,
  retentionMode: true,
  versions: { select: { id: true, number: true, status: true }, orderBy: { number: "desc" } },
} as const;

export const processRouter = router({
  /** Every process with its versions (newest first) and running instances, optionally filtered by a search text. */
  list: authorizedProcedure
    .input(z.object({ search: z.string().max(200).optional() }).optional())
    .query(async ({ ctx, input }) => {
      const search = input?.search?.trim();
      const processes = await ctx.db.prisma.process.findMany({
        where: search
          ? {
              OR: [
                { key: { contains: search, mode: "insensitive" } },
                { name: { contains: search, mode: "insensitive" } },
              ],
            }
          : undefined,
        select: processSummary,
        orderBy: { name: "asc" },
      });
      const running = await ctx.db.prisma.instance.groupBy({
        by: ["processId"],
        where: { processId: { in: processes.map((p) => p.id) }, status: { in: ["running", "locked"] } },
        _count: { _all: true },
      });
      const counts = new Map(running.map((r) => [r.processId, r._count._all]));
      return processes.map((p) => ({ ...p, runningInstances: counts.get(p.id) ?? 0 }));
    }),
  get: authorizedProcedure
    .input(z.object({ key: z.string().min(1).max(200) }))
    .query(async ({ ctx, input }) => {
      const process = await ctx.db.prisma.process.findUnique({
        where: { key: input.key },
        select: processSummary,
      });
      if (!process) throw new DomainError("NOT_FOUND", `no process with key "${input.key}"`);
      return process;
    }),
  /** A new process with a draft v1 holding one initial state. */
  create: authorizedProcedure
    .input(
      z.object({
        key: ProcessKeySchema.max(100),
        name: z.string().trim().min(1).max(200),
        description: z.string().max(5000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createProcess(ctx, input)),
  /** Imports a model document (JSON) as a draft: a new process, or a new draft of an existing one. */
  import: authorizedProcedure
    .input(z.object({ model: z.unknown() }))
    .mutation(({ ctx, input }) => importModel(ctx, input.model)),
  /** Keep finished instances N days (null = forever), then anonymise or delete them (docs/operate.md "Retention"). */
  setRetention: authorizedProcedure
    .input(SetRetentionInputSchema)
    .mutation(({ ctx, input }) => setRetention(ctx.db, input)),
});
