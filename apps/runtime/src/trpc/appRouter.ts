import { router } from "./trpc.ts";
import { healthRouter } from "../routers/healthRouter.ts";
import { processRouter } from "../routers/processRouter.ts";

export const appRouter = router({
  health: healthRouter,
  process: processRouter,
});

export type AppRouter = typeof appRouter;
