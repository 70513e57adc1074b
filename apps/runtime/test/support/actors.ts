import type { Actor } from "../../src/auth/Actor.ts";
import { appRouter } from "../../src/trpc/appRouter.ts";
import { createCallerFactory } from "../../src/trpc/trpc.ts";

/** A tRPC caller over a context of the test's choosing (its actor, typically). */
export const createCaller = createCallerFactory(appRouter);

/** A signed-in user with `roles` and `groups`, calling from `ip` (one fixed user id). */
export function person(name: string, roles: Actor["roles"], groups: string[] = [], ip = "10.0.0.7"): Actor {
  return { kind: "user", id: "00000000-0000-4000-8000-0000000000aa", name, roles, groups, ip };
}
