import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Context } from "./context.ts";
import { DomainError } from "../errors/DomainError.ts";
import { authorizeProcedure } from "../auth/authorize.ts";
import { PendingAudit, auditRow, auditSubject, recordAudit } from "../auth/auditLog.ts";
import type { AuditEntry, AuditOutcome } from "../auth/auditLog.ts";
import { fieldName, findUnstorable } from "../boundary/storableInput.ts";
import type { UnstorableField } from "../boundary/storableInput.ts";
import { auditedDatabase } from "../boundary/auditedDatabase.ts";

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    // A 500 says nothing about why: the message and the cause go to the log under the request id.
    if (error.code === "INTERNAL_SERVER_ERROR") {
      return {
        ...shape,
        message: "internal error",
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId: ctx?.requestId,
        },
      };
    }
    const domain = error.cause instanceof DomainError ? error.cause : undefined;
    // Validation problems come back as data, so clients can point at the bad field.
    const issues =
      error.cause instanceof ZodError
        ? error.cause.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
        : error.cause instanceof UnstorableInputError
          ? [{ path: error.cause.field.path, message: error.cause.field.message }]
          : undefined;
    const details = domain?.data ?? (issues ? { issues } : undefined);
    return {
      ...shape,
      data: {
        ...shape.data,
        issues,
        ...(domain?.data ?? {}),
        // The REST API's error shape too: `data.code` (the string), `data.message`, `data.details`.
        message: shape.message,
        ...(details ? { details } : {}),
        stack: undefined,
      },
    };
  },
});

/** The boundary's refusal of an input (`storableInput.ts`), reported like a validation issue. */
class UnstorableInputError extends Error {
  override name = "UnstorableInputError";
  constructor(readonly field: UnstorableField) {
    super(`${fieldName(field.path)} ${field.message}`);
  }
}

/** Turns services' DomainErrors into tRPC errors with the same code (and their data kept as cause). */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

/** Each procedure's input schemas by path, for audit records made from the parsed input (`registerInputs`). */
const inputSchemas = new Map<string, readonly unknown[]>();

/** Called once with the app's router (appRouter.ts): audit records name what the parsed input names. */
export function registerInputs(appRouter: { _def: { procedures: object } }): void {
  for (const [path, procedure] of Object.entries(
    appRouter._def.procedures as Record<string, { _def?: { inputs?: unknown[] } }>,
  )) {
    inputSchemas.set(path, procedure._def?.inputs ?? []);
  }
}

/** The input as the procedure's schema parses it (unknown fields stripped); undefined when it does not parse. */
function parsedInput(path: string, raw: unknown): unknown {
  const schemas = inputSchemas.get(path) ?? [];
  if (schemas.length !== 1) return undefined;
  const schema = schemas[0] as { safeParse?: (v: unknown) => { success: boolean; data?: unknown } };
  if (typeof schema.safeParse !== "function") return undefined;
  try {
    const result = schema.safeParse(raw);
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One check for every procedure, in this order:
 * 1. authorization against the permission table (`src/auth/permissions.ts`; unknown ⇒ FORBIDDEN);
 * 2. the boundary's input normalisation (`boundary/storableInput.ts`): text PostgreSQL cannot store,
 *    over-long strings, non-finite numbers ⇒ BAD_REQUEST with `data.issues` naming the field;
 * 3. the procedure, with its `ok` audit record committing with its change (below).
 * Mutations and every refusal get exactly one audit record, made from the PARSED input (unknown
 * fields stripped, so an extra field can neither fail nor pollute it). A mutation runs against
 * `auditedDatabase`: its first write (a transaction, or a lone write made one) writes the record in
 * the same transaction, and instance steps write it in their own statement (`ctx.audit`) — a
 * record that cannot be written rolls the change back. A mutation that wrote nothing gets its
 * record here afterwards.
 */
const authorized = t.middleware(async ({ ctx, path, type, getRawInput, next }) => {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch {
    raw = undefined;
  }
  // The audit record's subject parses the input once more: only when a record is written (every
  // mutation; a query only when it is refused), not on every read.
  let subject: ReturnType<typeof auditSubject> | undefined;
  const entry = (outcome: AuditOutcome, code?: string): AuditEntry => {
    subject ??= auditSubject(path, parsedInput(path, raw));
    return {
      actor: ctx.actor,
      action: path,
      outcome,
      ...subject,
      ...(code ? { detail: { ...subject.detail, code } } : {}),
    };
  };
  const audit = (outcome: AuditOutcome, code?: string) => recordAudit(ctx, entry(outcome, code));

  const decision = authorizeProcedure(ctx.actor, path);
  if (!decision.ok) {
    await audit(decision.code === "UNAUTHORIZED" ? "unauthenticated" : "denied", decision.code);
    throw new TRPCError({ code: decision.code, message: decision.message });
  }

  const unstorable = findUnstorable(raw);
  if (unstorable) {
    if (type === "mutation") await audit("failed", "BAD_REQUEST");
    const cause = new UnstorableInputError(unstorable);
    throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
  }

  if (type !== "mutation") {
    const result = await next();
    if (!result.ok && result.error.code === "FORBIDDEN")
      await audit(
        "denied",
        result.error.cause instanceof DomainError ? result.error.cause.code : "FORBIDDEN",
      );
    return result;
  }

  const pending = new PendingAudit(auditRow(entry("ok")));
  const db = auditedDatabase(ctx.db, pending, ctx.clock);
  const rtDb = ctx.rt.db === ctx.db ? db : auditedDatabase(ctx.rt.db, pending, ctx.clock);
  const result = await next({ ctx: { audit: pending, db, rt: { ...ctx.rt, db: rtDb } } });
  // Written with the change (and committed with it): that is the call's one record.
  if (pending.recorded) return result;
  if (result.ok) {
    await audit("ok");
  } else {
    const code = result.error.cause instanceof DomainError ? result.error.cause.code : result.error.code;
    await audit(code === "FORBIDDEN" ? "denied" : "failed", code);
  }
  return result;
});

export const router = t.router;
/** The base procedure every router uses: authorized against the permission table, domain errors typed. */
export const authorizedProcedure = t.procedure.use(authorized).use(domainErrors);
export const createCallerFactory = t.createCallerFactory;
