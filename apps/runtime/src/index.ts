// The runtime as a library, for programs that embed it (benchmarks, scripts, other Node services).
export { openDatabase } from "./db/openDatabase.ts";
export type { Database } from "./db/openDatabase.ts";
export { applySchemaMigrations } from "./db/schemaMigrations.ts";
export { createRuntime } from "./createRuntime.ts";
export type { RuntimeOptions, RunningRuntime } from "./createRuntime.ts";
export type { Runtime } from "./instances/Runtime.ts";
export { startInstance } from "./instances/startInstance.ts";
export { stepInstance } from "./instances/stepInstance.ts";
export { publishModel } from "./versions/versionService.ts";
export { defineHandler, FinalFailure } from "./handlers/defineHandler.ts";
export type { HandlerDefinition, HandlerContext, HandlerResult } from "./handlers/defineHandler.ts";
export { systemClock, manualClock } from "./clock.ts";
export type { Clock } from "./clock.ts";
export { createServer } from "./server/createServer.ts";
export type { ServerOptions } from "./server/createServer.ts";
export { createInnerContext } from "./trpc/context.ts";
export { ModelWorkers } from "./versions/ModelWorkers.ts";
export { MODEL_LIMITS } from "./versions/modelCheck.ts";
