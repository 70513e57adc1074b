import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { EngineEvent, Json } from "@flowstate/engine";
import type { Prisma } from "../generated/prisma/client.ts";
import { verifyTaskToken } from "../callbacks/taskToken.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { stepInstance } from "../instances/stepInstance.ts";
import { deliverSignal } from "../instances/deliverSignal.ts";
import type { StepOutcome } from "../instances/stepInstance.ts";
import { DomainError, httpStatusOf } from "../errors/DomainError.ts";
import type { ApiKeys } from "./apiKeys.ts";
import { openApiDocument } from "./openApiDocument.ts";

const callbackBody = z.union([
  z.strictObject({ output: z.record(z.string(), z.json()).default({}) }),
  z.strictObject({ error: z.json(), final: z.boolean().optional() }),
]);

const signalBody = z.strictObject({
  identifiers: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean()])).default({}),
  payload: z.json().optional(),
  messageId: z.string().min(1).max(200).optional(),
});

function problem(reply: FastifyReply, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return reply.status(status).send({ error: { code, message, ...extra } });
}

class TokenAlreadyUsed extends Error {}

/** The plain-JSON endpoints outside systems call (documented in /api/openapi.json). */
export async function registerRestRoutes(app: FastifyInstance, rt: Runtime, apiKeys: ApiKeys): Promise<void> {
  app.get("/api/openapi.json", async () => openApiDocument);

  app.post<{ Params: { token: string } }>("/api/callbacks/:token", async (request, reply) => {
    const check = verifyTaskToken(rt.secret, request.params.token, rt.clock.now());
    if (!check.ok) return problem(reply, check.reason === "EXPIRED" ? 410 : 401, `TOKEN_${check.reason}`, check.message);
    const body = callbackBody.safeParse(request.body ?? {});
    if (!body.success) return problem(reply, 400, "BAD_REQUEST", `invalid callback body: ${body.error.issues.map((i) => `${i.path.join(".") || "(body)"} ${i.message}`).join("; ")}`);
    const { tokenId, instanceId, occurrenceKey, attempt } = check.payload;
    const earlier = await rt.db.prisma.usedTaskToken.findUnique({ where: { tokenId } });
    if (earlier) return problem(reply, 409, "TOKEN_ALREADY_USED", "this callback was already received", { outcome: earlier.outcome });
    const event: EngineEvent =
      "output" in body.data
        ? { type: "complete", occurrenceId: occurrenceKey, attempt, output: body.data.output as Json }
        : { type: "fail", occurrenceId: occurrenceKey, attempt, error: body.data.error as Json, ...(body.data.final !== undefined ? { final: body.data.final } : {}) };
    const outcomeOf = (o: StepOutcome) => (o.ok ? { accepted: true, status: o.state.status, seq: o.state.seq } : { accepted: false, rejection: o.rejection });
    let outcome: StepOutcome;
    try {
      outcome = await stepInstance(rt, instanceId, event, {
        actor: "callback",
        inTransaction: async (tx, o) => {
          if (!o.ok) return; // a refused callback changes nothing, not even the token
          const used = await tx.usedTaskToken.createMany({
            data: [{ tokenId, instanceId, occurrenceKey, attempt, outcome: outcomeOf(o) as Prisma.InputJsonValue, usedAt: rt.clock.now() }],
            skipDuplicates: true,
          });
          if (used.count === 0) throw new TokenAlreadyUsed();
        },
      });
    } catch (error) {
      if (error instanceof TokenAlreadyUsed) {
        const row = await rt.db.prisma.usedTaskToken.findUnique({ where: { tokenId } });
        return problem(reply, 409, "TOKEN_ALREADY_USED", "this callback was already received", { outcome: row?.outcome });
      }
      if (error instanceof DomainError) return problem(reply, httpStatusOf[error.code], error.code, error.message);
      throw error;
    }
    if (!outcome.ok) {
      const replay = await rt.db.prisma.usedTaskToken.findUnique({ where: { tokenId } });
      if (replay) return problem(reply, 409, "TOKEN_ALREADY_USED", "this callback was already received", { outcome: replay.outcome });
      const stale = outcome.rejection.code === "STALE_ATTEMPT" || outcome.rejection.code === "OCCURRENCE_NOT_RUNNING" || outcome.rejection.code === "UNKNOWN_OCCURRENCE";
      return problem(reply, 409, stale ? "TOKEN_STALE" : outcome.rejection.code, outcome.rejection.message, { rejection: outcome.rejection });
    }
    return reply.status(200).send(outcomeOf(outcome));
  });

  app.post<{ Params: { code: string } }>("/api/signals/:code", async (request, reply) => {
    const key = apiKeys.identify(request.headers);
    if (!key.ok) return problem(reply, 401, "UNAUTHENTICATED", "a valid API key is required (Authorization: Bearer <key>)");
    if (!key.allows({ kind: "signals" })) return problem(reply, 403, "FORBIDDEN", "this API key may not send signals");
    const code = request.params.code;
    if (!/^[A-Za-z][A-Za-z0-9._-]{0,199}$/.test(code)) return problem(reply, 400, "BAD_REQUEST", "invalid signal code");
    const body = signalBody.safeParse(request.body ?? {});
    if (!body.success) return problem(reply, 400, "BAD_REQUEST", `invalid signal body: ${body.error.issues.map((i) => `${i.path.join(".") || "(body)"} ${i.message}`).join("; ")}`);
    const { identifiers, payload, messageId } = body.data;
    if (messageId) {
      const seen = await rt.db.prisma.signalMessage.findUnique({ where: { code_messageId: { code, messageId } } });
      if (seen) return reply.status(200).send({ duplicate: true, ...(seen.outcome as object) });
    }
    const result = await deliverSignal(rt, code, identifiers, payload, messageId);
    if (result.status === 404) return problem(reply, 404, "UNKNOWN_SIGNAL", result.message!);
    if (messageId && result.status === 200) {
      await rt.db.prisma.signalMessage.createMany({ data: [{ code, messageId, outcome: result.body as Prisma.InputJsonValue, receivedAt: rt.clock.now() }], skipDuplicates: true });
    }
    return result.status === 200 ? reply.status(200).send(result.body) : problem(reply, result.status, "SIGNAL_REFUSED", result.message!, result.body);
  });
}

