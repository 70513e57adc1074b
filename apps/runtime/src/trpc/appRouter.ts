import { registerInputs, router } from "./trpc.ts";
import { healthRouter } from "../routers/healthRouter.ts";
import { processRouter } from "../routers/processRouter.ts";
import { versionRouter } from "../routers/versionRouter.ts";
import { instanceRouter } from "../routers/instanceRouter.ts";
import { taskRouter } from "../routers/taskRouter.ts";
import { liveRouter } from "../routers/liveRouter.ts";
import { migrationRouter } from "../routers/migrationRouter.ts";
import { bulkRouter } from "../routers/bulkRouter.ts";
import { webhookRouter } from "../routers/webhookRouter.ts";
import { authRouter } from "../routers/authRouter.ts";
import { auditRouter } from "../routers/auditRouter.ts";
import { userRouter } from "../routers/userRouter.ts";
import { apiKeyRouter } from "../routers/apiKeyRouter.ts";

export const appRouter = router({
  health: healthRouter,
  process: processRouter,
  version: versionRouter,
  instance: instanceRouter,
  task: taskRouter,
  live: liveRouter,
  migration: migrationRouter,
  bulk: bulkRouter,
  webhook: webhookRouter,
  auth: authRouter,
  audit: auditRouter,
  user: userRouter,
  apiKey: apiKeyRouter,
});

// Audit records are made from each procedure's parsed input (trpc.ts).
registerInputs(appRouter);

export type AppRouter = typeof appRouter;
