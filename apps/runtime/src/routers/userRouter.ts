import { z } from "zod";
import { authorizedProcedure, router } from "../trpc/trpc.ts";
import { roles } from "../auth/permissions.ts";
import { createUser, setPassword } from "../auth/userAccounts.ts";
import { SessionStore } from "../auth/SessionStore.ts";
import { sessionCacheOf } from "../auth/sessionCache.ts";
import { DomainError } from "../errors/DomainError.ts";

const groupName = z.string().trim().min(1).max(200);

/** Local accounts (admins only, by the permission table). */
export const userRouter = router({
  /** Every account; `oidc` = signs in through the OIDC provider (no password; roles and groups follow its claims). */
  list: authorizedProcedure.query(async ({ ctx }) => {
    const users = await ctx.db.prisma.appUser.findMany({
      select: {
        id: true,
        username: true,
        displayName: true,
        roles: true,
        groups: true,
        disabled: true,
        createdAt: true,
        oidcSubject: true,
      },
      orderBy: { username: "asc" },
    });
    return users.map(({ oidcSubject, ...user }) => ({ ...user, oidc: oidcSubject !== null }));
  }),
  create: authorizedProcedure
    .input(
      z.object({
        username: z.string().min(1).max(100),
        displayName: z.string().trim().min(1).max(200).optional(),
        password: z.string().min(12).max(200),
        roles: z.array(z.enum(roles)).min(1).max(roles.length),
        groups: z.array(groupName).max(50).default([]),
      }),
    )
    .mutation(({ ctx, input }) =>
      createUser(ctx.db, {
        username: input.username,
        password: input.password,
        roles: input.roles,
        groups: input.groups,
        ...(input.displayName ? { displayName: input.displayName } : {}),
      }),
    ),
  /** Disables (or re-enables) an account; disabling revokes every session of it at once. */
  setDisabled: authorizedProcedure
    .input(z.object({ id: z.uuid(), disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.actor.id === input.id && input.disabled)
        throw new DomainError("BAD_REQUEST", "you cannot disable your own account");
      const updated = await ctx.db.prisma.appUser.updateMany({
        where: { id: input.id },
        data: { disabled: input.disabled },
      });
      if (updated.count === 0) throw new DomainError("NOT_FOUND", `no user with id "${input.id}"`);
      sessionCacheOf(ctx.db).forgetUser(input.id);
      if (input.disabled) await new SessionStore(ctx, 0).revokeAllOf(input.id);
      return { id: input.id, disabled: input.disabled };
    }),
  /** Sets another user's password (an admin's reset) and signs that user out everywhere. */
  resetPassword: authorizedProcedure
    .input(z.strictObject({ id: z.uuid(), password: z.string().min(12).max(200) }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.actor.id === input.id)
        throw new DomainError(
          "BAD_REQUEST",
          "change your own password from your user menu (it asks for the current one)",
        );
      const { revokedSessions } = await setPassword(ctx, input.id, input.password);
      return { id: input.id, revokedSessions };
    }),
});
