import { z } from "zod";
import { authorizedProcedure, router } from "../trpc/trpc.ts";

export const liveRouter = router({
  /** Instance changes as they happen (SSE), filtered to one process or one instance. */
  changes: authorizedProcedure
    .input(
      z.object({ processKey: z.string().max(200).optional(), instanceId: z.uuid().optional() }).optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const change of ctx.rt.feed.subscribe(signal)) {
        if (input?.processKey && change.processKey !== input.processKey) continue;
        if (input?.instanceId && change.instanceId !== input.instanceId) continue;
        yield change;
      }
    }),
});
