import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { v1Routes } from "@flowstate/client";
import type { RouteSpec } from "@flowstate/client";
import type { z } from "zod";
import { appRouter } from "../trpc/appRouter.ts";
import type { InnerContext } from "../trpc/context.ts";
import type { ApiKeyAuthenticator, ApiKeyGrant } from "../auth/apiKeyStore.ts";
import type { Actor } from "../auth/Actor.ts";
import { presentedKey } from "../auth/apiKeys.ts";
import { sha256Digest } from "../auth/sha256Digest.ts";
import { refuseApiKey } from "../server/apiKeyRefusal.ts";
import { issueDetails, sendError, sendThrown } from "./apiError.ts";
import { IdempotencyKeys, idempotencyKeyPattern } from "./idempotency.ts";
import { processOfCall, v1Handlers } from "./v1Handlers.ts";
import type { V1Operation, V1Parts } from "./v1Handlers.ts";
import { buildOpenApiDocument } from "./openApi.ts";
import { registerApiDocs } from "./apiDocs.ts";

/** Lists that a key limited to some processes may read only for one of them (`?processKey=`). */
const listsNeedingProcess = new Set<V1Operation>(["searchInstances", "listTasks"]);

/** The actor a key's calls run as: every procedure permission, bounded by the key's scopes (checked first). */
function keyActor(grant: ApiKeyGrant, ip: string): Actor {
  return { kind: "user", name: `api-key:${grant.name}`, roles: ["admin"], groups: [], ip };
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: string) {
  if (!schema) return { ok: true as const, data: undefined };
  const result = schema.safeParse(value ?? (part === "body" ? {} : value));
  return result.success
    ? { ok: true as const, data: result.data as unknown }
    : { ok: false as const, details: issueDetails(result.error, part) };
}

/**
 * `/api/v1`: one Fastify route per entry of `v1Routes` that has a handler in `v1Handlers`, plus the
 * generated OpenAPI document and the docs page. Per request: the API key (401), its scope and
 * process (403), the route table's schemas (400, details.issues), `Idempotency-Key`, then the
 * procedures as the key's actor; every refusal is `{ error: { code, message, details? } }`.
 */
export async function registerV1Routes(
  app: FastifyInstance,
  context: InnerContext,
  apiKeys: ApiKeyAuthenticator,
): Promise<void> {
  const document = buildOpenApiDocument();
  app.get("/api/v1/openapi.json", async () => document);
  await registerApiDocs(app);
  const idempotency = new IdempotencyKeys(context);

  for (const [op, handler] of Object.entries(v1Handlers) as [
    V1Operation,
    (typeof v1Handlers)[V1Operation],
  ][]) {
    const route: RouteSpec = v1Routes[op];
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const key = await apiKeys.authenticate(request.headers);
        if (!key.ok) return refuseApiKey(request, reply, key);
        const grant = key.grant;
        request.apiKey = { id: grant.id, name: grant.name, prefix: grant.prefix };
        if (!(grant.scopes as readonly string[]).includes(route.auth))
          return sendError(reply, 403, "FORBIDDEN", `this API key lacks the scope "${route.auth}"`, {
            scope: route.auth,
          });
        const parts = {
          params: undefined as unknown,
          query: undefined as unknown,
          body: undefined as unknown,
        };
        for (const part of ["params", "query", "body"] as const) {
          const parsed = parsePart(route[part], request[part], part);
          if (!parsed.ok)
            return sendError(
              reply,
              400,
              "BAD_REQUEST",
              `invalid ${part}: ${parsed.details.issues.map((i) => `${i.path} ${i.message}`).join("; ")}`,
              parsed.details,
            );
          parts[part] = parsed.data ?? {};
        }
        try {
          if (grant.processes !== null) {
            const processKey = await processOfCall(op, parts as V1Parts, context.rt);
            if (processKey === undefined && listsNeedingProcess.has(op))
              return sendError(
                reply,
                403,
                "FORBIDDEN",
                "this API key is limited to some processes: name one with processKey",
              );
            if (processKey !== undefined && !grant.mayProcess(processKey))
              return sendError(
                reply,
                403,
                "FORBIDDEN",
                `this API key may not act on process "${processKey}"`,
              );
          }
          const run = async () => {
            let caller: ReturnType<typeof appRouter.createCaller> | undefined;
            const result = await handler({
              ...(parts as V1Parts),
              get caller() {
                return (caller ??= appRouter.createCaller({
                  ...context,
                  actor: keyActor(grant, request.ip),
                  requestId: request.id,
                }));
              },
              rt: context.rt,
            });
            return op === "listProcesses" && grant.processes !== null
              ? (result as { key: string }[]).filter((p) => grant.mayProcess(p.key))
              : result;
          };
          const status = route.status ?? 200;
          const idempotencyKey = request.headers["idempotency-key"];
          if (!route.idempotent || idempotencyKey === undefined)
            return reply.status(status).send(await run());
          return await idempotent(request, reply, { op, status, run, grant, idempotencyKey });
        } catch (error) {
          return sendThrown(request, reply, error);
        }
      },
    });
  }

  async function idempotent(
    request: FastifyRequest,
    reply: FastifyReply,
    call: {
      op: V1Operation;
      status: number;
      run: () => Promise<unknown>;
      grant: ApiKeyGrant;
      idempotencyKey: string | string[];
    },
  ) {
    const key = call.idempotencyKey;
    if (typeof key !== "string" || !idempotencyKeyPattern.test(key))
      return sendError(reply, 400, "BAD_REQUEST", "Idempotency-Key must be 1–200 visible ASCII characters");
    // Keys are per API key: a configured key (no id) by a digest prefix of itself.
    const owner =
      call.grant.id ??
      `config:${sha256Digest(presentedKey(request.headers) ?? "")
        .toString("hex")
        .slice(0, 24)}`;
    const hash = IdempotencyKeys.hash(call.op, { params: request.params, body: request.body ?? null });
    const reservation = await idempotency.reserve(owner, key, call.op, hash);
    if (reservation.kind === "reused")
      return sendError(
        reply,
        409,
        "IDEMPOTENCY_KEY_REUSED",
        "this Idempotency-Key was used with another request",
      );
    if (reservation.kind === "inProgress")
      return sendError(
        reply,
        409,
        "IDEMPOTENCY_KEY_IN_PROGRESS",
        "the first request with this Idempotency-Key is still running",
      );
    if (reservation.kind === "replay")
      return reply
        .status(reservation.status)
        .header("idempotent-replayed", "true")
        .send(reservation.response);
    let result: unknown;
    try {
      result = await call.run();
    } catch (error) {
      await idempotency.release(owner, key);
      throw error;
    }
    await idempotency.complete(owner, key, call.status, result);
    return reply.status(call.status).send(result);
  }
}
