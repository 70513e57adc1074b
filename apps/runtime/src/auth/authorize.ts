import type { Actor } from "./Actor.ts";
import { procedurePermissions, rolesAllow } from "./permissions.ts";
import type { Permission } from "./permissions.ts";

export type AccessDecision =
  | { ok: true; permission: Permission }
  | { ok: false; code: "UNAUTHORIZED" | "FORBIDDEN"; message: string; permission?: Permission };

/** Decides one access from a permission (or none: unknown ⇒ refused). */
export function decideAccess(actor: Actor, permission: Permission | undefined, what: string): AccessDecision {
  if (permission === undefined)
    return { ok: false, code: "FORBIDDEN", message: `${what} has no entry in the permission table` };
  if (permission === "public") return { ok: true, permission };
  if (actor.kind === "anonymous")
    return { ok: false, code: "UNAUTHORIZED", message: "sign in first", permission };
  if (permission === "signedIn" || rolesAllow(actor.roles, permission)) return { ok: true, permission };
  return {
    ok: false,
    code: "FORBIDDEN",
    message: `${actor.name} may not ${what} (needs permission "${permission}")`,
    permission,
  };
}

/** The check the tRPC base procedure runs for every call, keyed by procedure path. */
export function authorizeProcedure(actor: Actor, path: string): AccessDecision {
  return decideAccess(
    actor,
    Object.hasOwn(procedurePermissions, path) ? procedurePermissions[path] : undefined,
    path,
  );
}
