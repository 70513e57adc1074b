import { sendError } from "../api/apiError.ts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { signalBody } from "@flowstate/client";
import { deliverCallback } from "../callbacks/deliverCallback.ts";
import type { Runtime } from "../instances/Runtime.ts";
import { deliverSignal, deliverSignalOnce } from "../instances/deliverSignal.ts";
import type { ApiKeyAuthenticator } from "../auth/apiKeyStore.ts";
import { refuseApiKey } from "./apiKeyRefusal.ts";
import { openApiDocument } from "./openApiDocument.ts";
import { registerDiagramRoute } from "./diagramRoute.ts";
import { pendingCallbackAudit } from "./requestGuards.ts";

/** The plain-JSON endpoints outside systems call (documented in /api/openapi.json). */
export async function registerRestRoutes(
  app: FastifyInstance,
  rt: Runtime,
  apiKeys: ApiKeyAuthenticator,
): Promise<void> {
  app.get("/api/openapi.json", async () => openApiDocument);
  registerDiagramRoute(app, rt);

  app.post<{ Params: { token: string } }>("/api/callbacks/:token", async (request, reply) => {
    const result = await deliverCallback(rt, request.params.token, request.body, {
      audit: pendingCallbackAudit(request),
    });
    return result.ok
      ? reply.status(200).send(result.body)
      : sendError(reply, result.status, result.code, result.message, result.extra);
  });

  // The same handler under the REST API's prefix (`/api/v1/signals/:code`) and its first path.
  const signalRoute = async (request: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply) => {
    const key = await apiKeys.authenticate(request.headers);
    if (!key.ok) return refuseApiKey(request, reply, key);
    const grant = key.grant;
    request.apiKey = { id: grant.id, name: grant.name, prefix: grant.prefix };
    if (!grant.signals) return sendError(reply, 403, "FORBIDDEN", "this API key may not send signals");
    const code = request.params.code;
    if (!/^[A-Za-z][A-Za-z0-9._-]{0,199}$/.test(code))
      return sendError(reply, 400, "BAD_REQUEST", "invalid signal code");
    const body = signalBody.safeParse(request.body ?? {});
    if (!body.success)
      return sendError(
        reply,
        400,
        "BAD_REQUEST",
        `invalid signal body: ${body.error.issues.map((i) => `${i.path.join(".") || "(body)"} ${i.message}`).join("; ")}`,
      );
    const { identifiers, payload, messageId } = body.data;
    // Message ids are de-duplicated per sender scope: another process's sender can neither use up nor replay this one's.
    const scope = grant.processes === null ? "*" : [...grant.processes].sort().join(",");
    const result = messageId
      ? await deliverSignalOnce(rt, code, identifiers, payload, messageId, scope, grant.processes)
      : await deliverSignal(rt, code, identifiers, payload, undefined, grant.processes);
    if ("duplicate" in result)
      return reply
        .status(200)
        .send({ duplicate: true, ...(await visibleOutcome(rt, result.outcome, grant.processes)) });
    if (result.status === 404) return sendError(reply, 404, "UNKNOWN_SIGNAL", result.message!);
    if (result.status === 403) return sendError(reply, 403, result.code ?? "FORBIDDEN", result.message!);
    return result.status === 200
      ? reply.status(200).send(result.body)
      : sendError(reply, result.status, "SIGNAL_REFUSED", result.message!, result.body);
  };
  app.post("/api/signals/:code", signalRoute);
  app.post("/api/v1/signals/:code", signalRoute);
}

/**
 * A repeated message's recorded outcome, as a key limited to `processes` may see it: only the
 * instances of its processes (the first delivery may have come from a key of other processes).
 */
async function visibleOutcome(
  rt: Runtime,
  outcome: unknown,
  processes: readonly string[] | null,
): Promise<object> {
  if (processes === null || !outcome || typeof outcome !== "object") return (outcome ?? {}) as object;
  const o = outcome as { delivered?: { instanceId: string }[]; started?: string; startedAll?: string[] };
  const ids = [...(o.delivered ?? []).map((d) => d.instanceId), ...(o.startedAll ?? [])];
  const visible = new Set(
    (
      await rt.db.prisma.instance.findMany({
        where: { id: { in: ids }, process: { key: { in: [...processes] } } },
        select: { id: true },
      })
    ).map((i) => i.id),
  );
  const startedAll = (o.startedAll ?? []).filter((id) => visible.has(id));
  return {
    delivered: (o.delivered ?? []).filter((d) => visible.has(d.instanceId)),
    ...(startedAll.length ? { started: startedAll[0], startedAll } : {}),
  };
}
