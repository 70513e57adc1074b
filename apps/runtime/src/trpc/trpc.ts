import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Context } from "./context.ts";
import { DomainError } from "../errors/DomainError.ts";
import { authorizeProcedure } from "../auth/authorize.ts";
import { PendingAudit, auditRow, auditSubject, recordAudit } from "../auth/auditLog.ts";
import type { AuditEntry, AuditOutcome } from "../auth/auditLog.ts";

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const domain = error.cause instanceof DomainError ? error.cause : undefined;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Validation problems come back as data, so clients can point at the bad field.
        issues: error.cause instanceof ZodError ? error.cause.issues.map((i) => ({ path: i.path.map(String), message: i.message })) : undefined,
        ...(domain?.data ?? {}),
        stack: undefined,
      },
    };
  },
});

/** Turns services' DomainErrors into tRPC errors with the same code (and their data kept as cause). */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

/**
 * One authorization check for every procedure, keyed by its path in the permission table
 * (`src/auth/permissions.ts`; unknown path ⇒ FORBIDDEN). Runs before input parsing. Mutations and
 * every refusal are written to the audit log: exactly one record per call. A mutation's `ok`
 * record is offered to the procedure (`ctx.audit`): instance steps write it in their own statement,
 * so the change and its record commit together; otherwise it is written here after the change.
 */
const authorized = t.middleware(async ({ ctx, path, type, getRawInput, next }) => {
  const decision = authorizeProcedure(ctx.actor, path);
  const entry = async (outcome: AuditOutcome, code?: string): Promise<AuditEntry> => {
    let raw: unknown;
    try {
      raw = await getRawInput();
    } catch {
      raw = undefined;
    }
    const subject = auditSubject(path, raw);
    return { actor: ctx.actor, action: path, outcome, ...subject, ...(code ? { detail: { ...subject.detail, code } } : {}) };
  };
  const audit = async (outcome: AuditOutcome, code?: string) => recordAudit(ctx, await entry(outcome, code));
  if (!decision.ok) {
    await audit(decision.code === "UNAUTHORIZED" ? "unauthenticated" : "denied", decision.code);
    throw new TRPCError({ code: decision.code, message: decision.message });
  }
  // A mutation's `ok` record goes along: a service that can write it with the change does (atomic).
  const pending = type === "mutation" ? new PendingAudit(auditRow(await entry("ok"))) : undefined;
  const result = await next(pending ? { ctx: { audit: pending } } : {});
  // Written with the change (and committed with it): that is the call's one record.
  if (result.ok && pending?.recorded) return result;
  if (type === "mutation" || !result.ok) {
    if (result.ok) await audit("ok");
    else if (type === "mutation" || result.error.code === "FORBIDDEN") {
      const code = result.error.cause instanceof DomainError ? result.error.cause.code : result.error.code;
      await audit(code === "FORBIDDEN" ? "denied" : "failed", code);
    }
  }
  return result;
});

export const router = t.router;
/** The base procedure every router uses: authorized against the permission table, domain errors typed. */
export const publicProcedure = t.procedure.use(authorized).use(domainErrors);
export const createCallerFactory = t.createCallerFactory;
