import type { Json } from "./Json";

/**
 * Who performs a manual action, in the runtime's words: `roles` are permission roles (what the
 * person may do in the product, e.g. `operator`), `groups` the business groups an action's `role`
 * names (`credit-officer`). The engine stores the actor on the occurrence as given.
 */
export interface EngineActor {
  id?: string;
  name?: string;
  roles?: readonly string[];
  groups?: readonly string[];
}

/** The actor's groups, when it is an object that carries them (a bare name carries none). */
export function actorGroups(actor: Json | EngineActor | undefined): readonly string[] | undefined {
  if (typeof actor !== "object" || actor === null || Array.isArray(actor)) return undefined;
  const groups = (actor as { groups?: unknown }).groups;
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : undefined;
}

/**
 * The one role check of a manual action, shared by the engine and the runtime: an action with a
 * `role` may be performed by an actor whose `groups` include it; an action without one by anybody.
 * An actor that names no groups is not checked here (the runtime decided before stepping).
 */
export function mayPerformRole(actor: Json | EngineActor | undefined, role: string | undefined): boolean {
  if (role === undefined) return true;
  const groups = actorGroups(actor);
  return groups === undefined || groups.includes(role);
}

/**
 * The one assignment check of a manual action: an action assigned to somebody may be performed
 * by its assignee (the actor's `id`, or a bare name equal to the assignee's id) or by an actor
 * whose `roles` include `admin`. No actor (the runtime itself: signals, scripts) is not checked.
 */
export function mayPerformAssigned(
  actor: Json | EngineActor | undefined,
  assignee: { id: string } | undefined,
): boolean {
  if (assignee === undefined || actor === undefined || actor === null) return true;
  if (typeof actor === "string") return actor === assignee.id;
  if (typeof actor !== "object" || Array.isArray(actor)) return false;
  const { id, roles } = actor as { id?: unknown; roles?: unknown };
  return id === assignee.id || (Array.isArray(roles) && roles.includes("admin"));
}
