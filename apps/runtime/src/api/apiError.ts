import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError, httpStatusOf } from "../errors/DomainError.ts";

/** `{ error: { code, message, details? } }` — the one error shape of `/api/v1`. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
) {
  const some = details !== undefined && Object.keys(details).length > 0;
  return reply.status(status).send({ error: { code, message, ...(some ? { details } : {}) } });
}

/** Zod issues as details: where (the path) and what. */
export function issueDetails(
  error: ZodError,
  part?: string,
): { issues: { path: string; message: string }[] } {
  return {
    issues: error.issues.map((i) => ({
      path: [...(part ? [part] : []), ...i.path.map(String)].join("."),
      message: i.message,
    })),
  };
}

/**
 * Any error of a `/api/v1` handler as the one shape: procedures' typed errors keep their code, status
 * and data (as `details`); anything else is a 500 that says only `INTERNAL` and the request id —
 * the cause goes to the log under that id.
 */
export function sendThrown(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause instanceof DomainError)
    return sendError(reply, httpStatusOf[cause.code], cause.code, cause.message, cause.data);
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
    const details =
      cause instanceof ZodError
        ? issueDetails(cause)
        : cause && typeof (cause as { field?: unknown }).field === "object"
          ? { field: (cause as { field: unknown }).field }
          : undefined;
    return sendError(reply, getHTTPStatusCodeFromError(error), error.code, error.message, details);
  }
  request.log.error({ err: cause ?? error }, "internal error");
  return reply
    .status(500)
    .send({ error: { code: "INTERNAL", message: "internal error", requestId: request.id } });
}
