import { router } from "./trpc.ts";
import { healthRouter } from "../routers/healthRouter.ts";
import { processRouter } from "../routers/processRouter.ts";
import { versionRouter } from "../routers/versionRouter.ts";

export const appRouter = router({
  health: healthRouter,
  process: processRouter,
  version: versionRouter,
});

export type AppRouter = typeof appRouter;
