import { z } from "zod";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { DomainError } from "../errors/DomainError.ts";
import {
  createDraft,
  diffVersions,
  publishVersion,
  readModel,
  saveDraft,
} from "../versions/versionService.ts";
import { saveDraftScenarios, versionScenarios } from "../versions/versionScenarios.ts";
import { deprecateVersion } from "../versions/versionLifecycle.ts";
import { processIdByKey } from "../versions/processIdByKey.ts";

const id = z.uuid();

export const versionRouter = router({
  /** The versions of a process, newest first, with their running-instance counts. */
  list: authorizedProcedure
    .input(z.object({ processKey: z.string().min(1).max(200) }))
    .query(async ({ ctx, input }) => {
      const processId = await processIdByKey(ctx.db.prisma, input.processKey);
      const versions = await ctx.db.prisma.version.findMany({
        where: { processId },
        select: {
          id: true,
          number: true,
          status: true,
          revision: true,
          contentHash: true,
          createdAt: true,
          updatedAt: true,
          publishedAt: true,
        },
        orderBy: { number: "desc" },
      });
      const running = await ctx.db.prisma.instance.groupBy({
        by: ["versionId"],
        where: { processId, status: { in: ["running", "locked"] } },
        _count: { _all: true },
      });
      const counts = new Map(running.map((r) => [r.versionId, r._count._all]));
      return versions.map((v) => ({ ...v, runningInstances: counts.get(v.id) ?? 0 }));
    }),
  /** One version with its model. Either by id, or by process key and number. */
  get: authorizedProcedure
    .input(
      z.union([
        z.object({ id }),
        z.object({ processKey: z.string().min(1).max(200), number: z.int().min(1) }),
      ]),
    )
    .query(async ({ ctx, input }) => {
      const version = await ctx.db.prisma.version.findFirst({
        where:
          "id" in input ? { id: input.id } : { number: input.number, process: { key: input.processKey } },
        include: { process: { select: { key: true, name: true } } },
      });
      if (!version)
        throw new DomainError(
          "NOT_FOUND",
          "id" in input
            ? `no version with id "${input.id}"`
            : `"${input.processKey}" has no v${input.number}`,
        );
      return {
        id: version.id,
        processKey: version.process.key,
        number: version.number,
        status: version.status,
        revision: version.revision,
        contentHash: version.contentHash,
        publishedAt: version.publishedAt,
        updatedAt: version.updatedAt,
        model: readModel(version.model),
      };
    }),
  saveDraft: authorizedProcedure
    .input(
      z.object({ id, model: z.unknown(), baseRevision: z.int().min(0), overwrite: z.boolean().optional() }),
    )
    .mutation(({ ctx, input }) => saveDraft(ctx, input)),
  createDraft: authorizedProcedure
    .input(z.object({ processKey: z.string().min(1).max(200), fromVersionId: id }))
    .mutation(({ ctx, input }) => createDraft(ctx, input)),
  /** Publishes a draft; its scenarios run first (failing ones refuse it unless an admin overrides with a reason). */
  publish: authorizedProcedure
    .input(
      z.object({
        id,
        acceptWarnings: z.boolean().optional(),
        override: z.strictObject({ reason: z.string().trim().min(1).max(1000) }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => publishVersion(ctx, input)),
  /** Deprecates a published version: no new instances; its running ones continue (then inactive). */
  deprecate: authorizedProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deprecateVersion(ctx, input)),
  /** A version's scenarios as a `<key>.scenarios.json` file (by id, or by process key and number). */
  scenarios: authorizedProcedure
    .input(
      z.union([
        z.object({ id }),
        z.object({ processKey: z.string().min(1).max(200), number: z.int().min(1).max(2_147_483_647) }),
      ]),
    )
    .query(({ ctx, input }) => versionScenarios(ctx, input)),
  /** Replaces a draft's scenarios (validated: the engine's scenario schema, limits, unique names). */
  saveScenarios: authorizedProcedure
    .input(z.object({ id, scenarios: z.unknown() }))
    .mutation(({ ctx, input }) => saveDraftScenarios(ctx, input)),
  diff: authorizedProcedure
    .input(z.object({ fromId: id, toId: id }))
    .query(({ ctx, input }) => diffVersions(ctx, input)),
});
