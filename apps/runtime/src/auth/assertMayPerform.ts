import { DomainError } from "../errors/DomainError.ts";
import type { InnerContext } from "../trpc/context.ts";

/**
 * The data-dependent half of `instance.perform`'s authorization (the table decides who may perform
 * at all): a user who is not an admin may perform a manual action only when the action's `role` is
 * one of their groups; an action without a role is open to every performer. Refused with a typed
 * FORBIDDEN (the tRPC middleware audits it as `denied`); nothing is changed.
 */
export async function assertMayPerform(ctx: Pick<InnerContext, "db" | "rt" | "actor">, input: { instanceId: string; actionId?: string | undefined; code?: string | undefined }): Promise<void> {
  const { actor } = ctx;
  if (actor.kind === "system" || actor.roles.includes("admin")) return;
  const row = await ctx.db.prisma.instance.findUnique({ where: { id: input.instanceId }, select: { versionId: true } });
  if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${input.instanceId}"`);
  const { model } = await ctx.rt.models.get(row.versionId);
  const node = model.nodes.find((n) => (input.actionId !== undefined ? n.id === input.actionId : n.kind === "action" && n.code === input.code));
  if (!node || node.kind !== "action") return; // the engine answers NOT_FOUND / NOT_MANUAL
  if (node.role !== undefined && !actor.groups.includes(node.role)) {
    throw new DomainError("FORBIDDEN", `${actor.name} may not perform "${node.name}": it needs role "${node.role}", and ${actor.name}'s groups are ${actor.groups.length ? actor.groups.map((g) => `"${g}"`).join(", ") : "none"}`);
  }
}
