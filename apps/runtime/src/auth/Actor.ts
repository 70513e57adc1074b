import type { Role } from "./permissions.ts";

/**
 * Who is asking: on every request context (`ctx.actor`). People are `user`s (from a session, or the
 * demo admin in demo mode); runtime-internal callers (start-up publishing, tests) are `system`;
 * a request without a valid session is `anonymous` and may reach only public procedures.
 */
export interface Actor {
  kind: "user" | "system" | "anonymous";
  /** The user's id; absent for system and anonymous actors. */
  id?: string;
  /** What history and the audit log show (the username for people). */
  name: string;
  roles: readonly Role[];
  /** For workers: a manual action may be performed when its `role` is one of these. */
  groups: readonly string[];
  /** Where the request came from (client IP), when there is a request. */
  ip?: string;
  /** The session the actor signed in with (so logout can revoke it). */
  sessionId?: string;
}

/** The runtime itself (start-up publishing, tests' inner context): every permission. */
export function systemActor(name = "system"): Actor {
  return { kind: "system", name, roles: ["admin"], groups: [] };
}

export function anonymousActor(ip?: string): Actor {
  return { kind: "anonymous", name: "anonymous", roles: [], groups: [], ...(ip ? { ip } : {}) };
}
