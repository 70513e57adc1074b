import { z } from "zod";
import type { EngineEvent, Json } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { DomainError, httpStatusOf } from "../errors/DomainError.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { stepInstance } from "../instances/stepInstance.ts";
import type { StepOutcome } from "../instances/stepBatch.ts";
import { verifyTaskToken } from "./taskToken.ts";
import type { PendingAudit } from "../auth/auditLog.ts";

/** What an outside system reports for an asynchronous action: `{ output }` or `{ error, final? }`. */
export const callbackBody = z.union([
  z.strictObject({ output: z.record(z.string(), z.json()).default({}) }),
  z.strictObject({ error: z.json(), final: z.boolean().optional() }),
]);

/** The outcome of one callback: accepted (200) or refused with a status, code and message; a refusal changes nothing. */
export type CallbackResult =
  | { ok: true; body: { accepted: true; status: string; seq: number } }
  | { ok: false; status: number; code: string; message: string; extra?: Record<string, unknown> };

class TokenAlreadyUsed extends Error {}

/**
 * Records the result of an asynchronous action reported with its task token, whatever carried it
 * (`POST /api/callbacks/:token`, a broker reply): verify the token, parse the body, and step the
 * instance with the token marked used in the same transaction. A replay (same token) is refused
 * with TOKEN_ALREADY_USED and the earlier outcome, so redelivered replies are harmless. `audit`:
 * the caller's audit record, written in the step's transaction.
 */
export async function deliverCallback(
  rt: Runtime,
  token: string,
  rawBody: unknown,
  options: { audit?: PendingAudit } = {},
): Promise<CallbackResult> {
  const check = verifyTaskToken(rt.secret, token, rt.clock.now());
  if (!check.ok)
    return {
      ok: false,
      status: check.reason === "EXPIRED" ? 410 : 401,
      code: `TOKEN_${check.reason}`,
      message: check.message,
    };
  const body = callbackBody.safeParse(rawBody ?? {});
  if (!body.success)
    return {
      ok: false,
      status: 400,
      code: "BAD_REQUEST",
      message: `invalid callback body: ${body.error.issues.map((i) => `${i.path.join(".") || "(body)"} ${i.message}`).join("; ")}`,
    };
  const { tokenId, instanceId, occurrenceId, attempt } = check.payload;
  const alreadyUsed = (outcome: unknown): CallbackResult => ({
    ok: false,
    status: 409,
    code: "TOKEN_ALREADY_USED",
    message: "this callback was already received",
    extra: { outcome },
  });
  const earlier = await rt.db.prisma.usedTaskToken.findUnique({ where: { tokenId } });
  if (earlier) return alreadyUsed(earlier.outcome);
  const event: EngineEvent =
    "output" in body.data
      ? { type: "complete", occurrenceId, attempt, output: body.data.output as Json }
      : {
          type: "fail",
          occurrenceId,
          attempt,
          error: body.data.error as Json,
          ...(body.data.final !== undefined ? { final: body.data.final } : {}),
        };
  const outcomeOf = (o: StepOutcome) =>
    o.ok
      ? { accepted: true as const, status: o.state.status, seq: o.state.seq }
      : { accepted: false, rejection: o.rejection };
  let outcome: StepOutcome;
  try {
    outcome = await stepInstance(rt, instanceId, event, {
      actor: "callback",
      // The request's audit record commits with the step and the used token (HTTP callbacks).
      ...(options.audit ? { audit: options.audit } : {}),
      inTransaction: async (tx, o) => {
        if (!o.ok) return; // a refused callback changes nothing, not even the token
        const used = await tx.usedTaskToken.createMany({
          data: [
            {
              tokenId,
              instanceId,
              occurrenceId,
              attempt,
              outcome: outcomeOf(o) as Prisma.InputJsonValue,
              usedAt: rt.clock.now(),
            },
          ],
          skipDuplicates: true,
        });
        if (used.count === 0) throw new TokenAlreadyUsed();
      },
    });
  } catch (error) {
    if (error instanceof TokenAlreadyUsed)
      return alreadyUsed((await rt.db.prisma.usedTaskToken.findUnique({ where: { tokenId } }))?.outcome);
    if (error instanceof DomainError)
      return { ok: false, status: httpStatusOf[error.code], code: error.code, message: error.message };
    throw error;
  }
  if (!outcome.ok) {
    const replay = await rt.db.prisma.usedTaskToken.findUnique({ where: { tokenId } });
    if (replay) return alreadyUsed(replay.outcome);
    const stale =
      outcome.rejection.code === "STALE_ATTEMPT" ||
      outcome.rejection.code === "OCCURRENCE_NOT_RUNNING" ||
      outcome.rejection.code === "UNKNOWN_OCCURRENCE";
    return {
      ok: false,
      status: 409,
      code: stale ? "TOKEN_STALE" : outcome.rejection.code,
      message: outcome.rejection.message,
      extra: { rejection: outcome.rejection },
    };
  }
  return { ok: true, body: { accepted: true, status: outcome.state.status, seq: outcome.state.seq } };
}
