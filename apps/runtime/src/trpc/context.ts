import type { Clock } from "../clock.ts";
import type { Database } from "../db/openDatabase.ts";

/**
 * What every procedure can reach. The inner context holds no request: tests build it directly
 * (`createInnerContext`) and call procedures through `appRouter.createCaller`.
 */
export interface InnerContext {
  db: Database;
  clock: Clock;
  appVersion: string;
}

export type Context = InnerContext;

export function createInnerContext(deps: InnerContext): InnerContext {
  return deps;
}
