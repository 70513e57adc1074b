import type { Clock } from "../clock.ts";
import type { Database } from "../db/openDatabase.ts";
import type { Runtime } from "../instances/Runtime.ts";

/**
 * What every procedure can reach. The inner context holds no request: tests build it directly
 * (`createInnerContext`) and call procedures through `appRouter.createCaller`.
 */
export interface InnerContext {
  db: Database;
  clock: Clock;
  appVersion: string;
  /** Instance services' dependencies (models, change feed, secret, handlers). */
  rt: Runtime;
}

export type Context = InnerContext;

export function createInnerContext(deps: InnerContext): InnerContext {
  return deps;
}
