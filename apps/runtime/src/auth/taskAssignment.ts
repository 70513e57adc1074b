import { mayPerformRole } from "@flowstate/engine";
import type { Assignee } from "@flowstate/engine";
import type { Action as ActionNode } from "@flowstate/model";
import { DomainError } from "../errors/DomainError.ts";
import type { InnerContext } from "../trpc/context.ts";
import { readInstanceRow, rowState } from "../instances/instanceRow.ts";
import type { InstanceRow } from "../instances/instanceRow.ts";
import { rolesAllow } from "./permissions.ts";
import type { Role } from "./permissions.ts";

/**
 * The data-dependent half of claiming, unclaiming, assigning a task and setting its follow-up
 * (the permission table decides who may call at all; docs/operate.md "Task list"):
 * - claim (assign to oneself): a user who may perform the action (its `role` among their groups);
 * - unclaim: the assignee, an operator or an admin;
 * - assign to somebody: operators and admins (table); the assignee must be an enabled user who may
 *   perform the action;
 * - follow-up: the assignee, an operator or an admin.
 * Refusals are typed `DomainError`s (FORBIDDEN is audited as `denied`); nothing is changed.
 */
type Ctx = Pick<InnerContext, "rt" | "actor" | "db">;

export interface TaskRef {
  instanceId: string;
  actionId: string;
}

interface Task {
  row: InstanceRow;
  node: ActionNode;
  assignee: Assignee | undefined;
}

async function readTask(ctx: Ctx, ref: TaskRef): Promise<Task> {
  const row = await readInstanceRow(ctx.rt, ref.instanceId);
  if (!row) throw new DomainError("NOT_FOUND", `no instance with id "${ref.instanceId}"`);
  const { model } = await ctx.rt.models.get(row.version_id);
  const node = model.nodes.find((n) => n.id === ref.actionId);
  if (!node || node.kind !== "action" || node.mode !== "manual")
    throw new DomainError("NOT_FOUND", `no manual action "${ref.actionId}" in this instance's version`);
  return { row, node, assignee: rowState(row).current.nodes[ref.actionId]?.assignee };
}

/** Whether a user (roles, groups) may perform the action at all. */
function userMayPerform(user: { roles: readonly string[]; groups: readonly string[] }, node: ActionNode) {
  const roles = user.roles as readonly Role[];
  if (!rolesAllow(roles, "perform")) return false;
  return roles.includes("admin") || mayPerformRole({ groups: user.groups }, node.role);
}

/** Admins, operators and the runtime itself manage anybody's tasks. */
function operates(actor: Ctx["actor"]): boolean {
  return actor.kind === "system" || rolesAllow(actor.roles, "operate");
}

const groupsText = (groups: readonly string[]) =>
  groups.length ? groups.map((g) => `"${g}"`).join(", ") : "none";

/** Claim: the caller becomes the assignee. Returns the row read (for the step) and the assignee. */
export async function checkClaim(
  ctx: Ctx,
  ref: TaskRef,
): Promise<{ known: InstanceRow; assignee: Assignee }> {
  const { actor } = ctx;
  if (actor.kind !== "user" || !actor.id)
    throw new DomainError(
      "BAD_REQUEST",
      "only a signed-in user can claim a task; an API key assigns it to a user by name (assign)",
    );
  const task = await readTask(ctx, ref);
  if (!userMayPerform(actor, task.node))
    throw new DomainError(
      "FORBIDDEN",
      `${actor.name} may not claim "${task.node.name}": it needs role "${task.node.role}", and ${actor.name}'s groups are ${groupsText(actor.groups)}`,
    );
  const user = await ctx.db.prisma.appUser.findUnique({
    where: { id: actor.id },
    select: { displayName: true },
  });
  return { known: task.row, assignee: { id: actor.id, name: user?.displayName || actor.name } };
}

/** Unclaim / unassign: the assignee themself, an operator or an admin; an unassigned task is a conflict. */
export async function checkUnclaim(ctx: Ctx, ref: TaskRef): Promise<InstanceRow> {
  const task = await readTask(ctx, ref);
  const held = task.assignee;
  if (!held) throw new DomainError("CONFLICT", `"${task.node.name}" is not assigned to anybody`);
  if (held.id !== ctx.actor.id && !operates(ctx.actor))
    throw new DomainError(
      "FORBIDDEN",
      `"${task.node.name}" is assigned to ${held.name}; only ${held.name}, an operator or an admin may unclaim it`,
    );
  return task.row;
}

/** Assign to a user by username: an enabled user who may perform the action. */
export async function checkAssign(
  ctx: Ctx,
  ref: TaskRef,
  username: string,
): Promise<{ known: InstanceRow; assignee: Assignee }> {
  const task = await readTask(ctx, ref);
  const user = await ctx.db.prisma.appUser.findUnique({
    where: { username },
    select: { id: true, username: true, displayName: true, roles: true, groups: true, disabled: true },
  });
  if (!user) throw new DomainError("NOT_FOUND", `no user "${username}"`);
  const name = user.displayName || user.username;
  if (user.disabled)
    throw new DomainError("BAD_REQUEST", `${name} is disabled and cannot be assigned a task`, {
      reason: "USER_DISABLED",
    });
  if (!userMayPerform(user, task.node))
    throw new DomainError(
      "BAD_REQUEST",
      task.node.role && rolesAllow(user.roles as Role[], "perform")
        ? `${name} may not perform "${task.node.name}": it needs role "${task.node.role}", and ${name}'s groups are ${groupsText(user.groups)}`
        : `${name} may not perform manual actions (roles: ${user.roles.join(", ") || "none"})`,
      { reason: "CANNOT_PERFORM" },
    );
  return { known: task.row, assignee: { id: user.id, name } };
}

/** Follow-up: the assignee, an operator or an admin. */
export async function checkFollowUp(ctx: Ctx, ref: TaskRef): Promise<InstanceRow> {
  const task = await readTask(ctx, ref);
  if (operates(ctx.actor) || (task.assignee && task.assignee.id === ctx.actor.id)) return task.row;
  throw new DomainError(
    "FORBIDDEN",
    task.assignee
      ? `"${task.node.name}" is assigned to ${task.assignee.name}; only ${task.assignee.name}, an operator or an admin may set its follow-up date`
      : `claim "${task.node.name}" first: only its assignee, an operator or an admin may set its follow-up date`,
  );
}

/** The enabled users who may perform a task (whom an operator may assign it to), by display name. */
export async function taskCandidates(ctx: Ctx, ref: TaskRef): Promise<{ username: string; name: string }[]> {
  const task = await readTask(ctx, ref);
  const users = await ctx.db.prisma.appUser.findMany({
    where: { disabled: false },
    select: { username: true, displayName: true, roles: true, groups: true },
    orderBy: { displayName: "asc" },
    take: 1000,
  });
  return users
    .filter((u) => userMayPerform(u, task.node))
    .map((u) => ({ username: u.username, name: u.displayName || u.username }));
}
