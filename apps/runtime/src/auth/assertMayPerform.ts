import { mayPerformRole } from "@flowstate/engine";
import { DomainError } from "../errors/DomainError.ts";
import type { InnerContext } from "../trpc/context.ts";
import { readInstanceRow } from "../instances/instanceRow.ts";
import type { InstanceRow } from "../instances/instanceRow.ts";

/**
 * The data-dependent half of `instance.perform`'s authorization (the table decides who may perform
 * at all): a user who is not an admin may perform a manual action only when the action's `role` is
 * one of their groups; an action without a role is open to every performer. Refused with a typed
 * FORBIDDEN (the tRPC middleware audits it as `denied`); nothing is changed.
 * Returns the instance row it read (undefined when it read none: system and admins), for the step
 * to use as `StepOptions.known` — a perform then reads the instance once.
 */
export async function assertMayPerform(
  ctx: Pick<InnerContext, "rt" | "actor">,
  input: { instanceId: string; actionId?: string | undefined; code?: string | undefined },
): Promise<InstanceRow | undefined> {
  const { actor } = ctx;
  if (actor.kind === "system" || actor.roles.includes("admin")) return undefined;
  const row = await readInstanceRow(ctx.rt, input.instanceId);
  if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${input.instanceId}"`);
  const { model } = await ctx.rt.models.get(row.version_id);
  const node = model.nodes.find((n) =>
    input.actionId !== undefined ? n.id === input.actionId : n.kind === "action" && n.code === input.code,
  );
  if (!node || node.kind !== "action") return row; // the engine answers NOT_FOUND / NOT_MANUAL
  if (!mayPerformRole({ roles: actor.roles, groups: actor.groups }, node.role)) {
    throw new DomainError(
      "FORBIDDEN",
      `${actor.name} may not perform "${node.name}": it needs role "${node.role}", and ${actor.name}'s groups are ${actor.groups.length ? actor.groups.map((g) => `"${g}"`).join(", ") : "none"}`,
    );
  }
  return row;
}
