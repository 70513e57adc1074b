import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { readHealth } from "../server/readHealth.ts";

export const healthRouter = router({
  get: authorizedProcedure.query(({ ctx }) => readHealth(ctx)),
});
