import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { procedurePermissions, rolesAllow } from "../auth/permissions.ts";
import type { Permission } from "../auth/permissions.ts";

export const authRouter = router({
  /**
   * Who the caller is and what they may do: the modeler shows and hides controls from this (the
   * server refuses regardless). `demo` says the caller was signed in automatically as the demo admin.
   */
  me: authorizedProcedure.query(({ ctx }) => {
    const { actor } = ctx;
    const granted = (p: Permission) =>
      p === "public" || (actor.kind !== "anonymous" && (p === "signedIn" || rolesAllow(actor.roles, p)));
    return {
      signedIn: actor.kind !== "anonymous",
      demo: actor.kind === "user" && actor.id === undefined && actor.sessionId === undefined,
      username: actor.kind === "anonymous" ? null : actor.name,
      /** The user's id (a task's assignee is compared with it); null for system, demo and anonymous. */
      userId: actor.id ?? null,
      roles: [...actor.roles],
      groups: [...actor.groups],
      /** Procedure paths this caller may call. */
      allowed: Object.entries(procedurePermissions)
        .filter(([, p]) => granted(p))
        .map(([path]) => path),
    };
  }),
});
