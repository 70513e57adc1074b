import type { Clock } from "../clock.ts";
import type { Database } from "../db/openDatabase.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { systemActor } from "../auth/Actor.ts";
import type { Actor } from "../auth/Actor.ts";
import type { PendingAudit } from "../auth/auditLog.ts";

/**
 * What every procedure can reach. The inner context holds no request: tests build it directly
 * (`createInnerContext`) and call procedures through `appRouter.createCaller`. The HTTP server
 * builds one per request with the actor of the request's session (`createServer`).
 */
export interface InnerContext {
  db: Database;
  clock: Clock;
  appVersion: string;
  /** Instance services' dependencies (models, change feed, secret, handlers). */
  rt: Runtime;
  /** Who is calling; every procedure is authorized against the permission table for this actor. */
  actor: Actor;
  /**
   * In a mutation: its `ok` audit record, for a service to write in the same statement as the
   * change (see `PendingAudit`); the authorization middleware writes it otherwise.
   */
  audit?: PendingAudit;
  /** The HTTP request's id (Fastify's `request.id`): a 500 answers with it, the log has the cause under it. */
  requestId?: string;
}

export type Context = InnerContext;

/** The inner context; without an actor it acts as the runtime itself (system, every permission). */
export function createInnerContext(deps: Omit<InnerContext, "actor"> & { actor?: Actor }): InnerContext {
  return { ...deps, actor: deps.actor ?? systemActor() };
}
