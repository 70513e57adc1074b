import type { FastifyReply, FastifyRequest } from "fastify";
import type { ApiKeyAuthentication } from "../auth/apiKeyStore.ts";

declare module "fastify" {
  interface FastifyRequest {
    /**
     * The API key a signal or job request presented (set by the route once it is known), for the
     * audit record: its id, name and prefix, and why it was refused. Never the key.
     */
    apiKey?: {
      id?: string | undefined;
      name?: string | undefined;
      prefix?: string | undefined;
      refused?: string | undefined;
    };
  }
}

const messages: Record<Exclude<ApiKeyAuthentication, { ok: true }>["reason"], string> = {
  missing: "a valid API key is required (Authorization: Bearer <key>)",
  unknown: "a valid API key is required (Authorization: Bearer <key>)",
  revoked: "this API key was revoked",
  expired: "this API key has expired",
};

/** 401 for a missing, unknown, revoked or expired key; the audit record (onResponse) says which. */
export function refuseApiKey(
  request: FastifyRequest,
  reply: FastifyReply,
  refusal: Exclude<ApiKeyAuthentication, { ok: true }>,
) {
  request.apiKey = { id: refusal.id, name: refusal.name, prefix: refusal.prefix, refused: refusal.reason };
  return reply.status(401).send({ error: { code: "UNAUTHENTICATED", message: messages[refusal.reason] } });
}
