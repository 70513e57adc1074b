import { mayPerformRole } from "@flowstate/engine";
import type { ProcessModel } from "@flowstate/model";
import { DomainError } from "../errors/DomainError.ts";
import type { Actor } from "./Actor.ts";

/**
 * The data-dependent half of `instance.perform`'s authorization (the table decides who may perform
 * at all): a user who is not an admin may perform a manual action only when the action's `role` is
 * one of their groups; an action without a role is open to every performer. Undefined for the
 * system and admins (nothing to check). The step runs the check against the model of the version
 * of the row it steps from (`StepOptions.authorize`), so it holds for the version the instance is
 * on when the step is written — also after a migration between a cached row and a fresh one.
 * Refused with a typed FORBIDDEN (the tRPC middleware audits it as `denied`); nothing is changed.
 */
export function performAuthorizer(
  actor: Actor,
  input: { actionId?: string | undefined; code?: string | undefined },
): ((model: ProcessModel) => void) | undefined {
  if (actor.kind === "system" || actor.roles.includes("admin")) return undefined;
  return (model) => {
    const node = model.nodes.find((n) =>
      input.actionId !== undefined ? n.id === input.actionId : n.kind === "action" && n.code === input.code,
    );
    if (!node || node.kind !== "action") return; // the engine answers NOT_FOUND / NOT_MANUAL
    if (!mayPerformRole({ roles: actor.roles, groups: actor.groups }, node.role))
      throw new DomainError(
        "FORBIDDEN",
        `${actor.name} may not perform "${node.name}": it needs role "${node.role}", and ${actor.name}'s groups are ${actor.groups.length ? actor.groups.map((g) => `"${g}"`).join(", ") : "none"}`,
      );
  };
}
