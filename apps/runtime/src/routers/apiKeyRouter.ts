import { z } from "zod";
import { publicProcedure, router } from "../trpc/trpc.ts";
import { createApiKey, listApiKeys, newApiKeyInput, revokeApiKey } from "../auth/apiKeyStore.ts";

/**
 * API keys for outside systems (admins: `integrate` in the permission table). `create` returns the
 * key once; `list` never returns it (only its prefix). Every call is audited by the base procedure.
 */
export const apiKeyRouter = router({
  list: publicProcedure.query(({ ctx }) => listApiKeys(ctx)),
  create: publicProcedure
    .input(newApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx, ctx.actor, input)),
  revoke: publicProcedure
    .input(z.strictObject({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx, ctx.actor, input.id)),
});
