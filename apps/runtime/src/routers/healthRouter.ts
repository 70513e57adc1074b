import { publicProcedure, router } from "../trpc/trpc.ts";
import { readHealth } from "../server/readHealth.ts";

export const healthRouter = router({
  get: publicProcedure.query(({ ctx }) => readHealth(ctx)),
});
