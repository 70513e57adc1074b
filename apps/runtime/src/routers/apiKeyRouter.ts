import { z } from "zod";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { createApiKey, listApiKeys, newApiKeyInput, revokeApiKey } from "../auth/apiKeyStore.ts";

/**
 * API keys for outside systems (admins: `integrate` in the permission table). `create` returns the
 * key once; `list` never returns it (only its prefix). Every call is audited by the base procedure.
 */
export const apiKeyRouter = router({
  list: authorizedProcedure.query(({ ctx }) => listApiKeys(ctx)),
  create: authorizedProcedure
    .input(newApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx, ctx.actor, input)),
  revoke: authorizedProcedure
    .input(z.strictObject({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx, ctx.actor, input.id)),
});
