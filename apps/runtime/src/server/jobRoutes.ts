import { sendError } from "../api/apiError.ts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import {
  fetchBody,
  heartbeatBody,
  jobCompleteBody as completeBody,
  jobFailBody as failBody,
} from "@flowstate/client";
import type { Json } from "@flowstate/engine";
import type { Runtime } from "../instances/Runtime.ts";
import { RemoteJobs } from "../remote/RemoteJobs.ts";
import type { JobScope, RemoteResult } from "../remote/RemoteJobs.ts";
import type { ApiKeyAuthenticator } from "../auth/apiKeyStore.ts";
import { refuseApiKey } from "./apiKeyRefusal.ts";

/** PostgreSQL's bigint maximum (job ids). */
const maxBigint = 9223372036854775807n;

const statusOf: Record<string, number> = { JOB_NOT_FOUND: 404, FORBIDDEN: 403, LOCK_LOST: 409 };

function invalid(reply: FastifyReply, what: string, error: z.ZodError) {
  return sendError(
    reply,
    400,
    "BAD_REQUEST",
    `invalid ${what}: ${error.issues.map((i) => `${i.path.join(".") || "(body)"} ${i.message}`).join("; ")}`,
  );
}

/**
 * `/api/jobs/*`: remote job workers (see `RemoteJobs`). Every call needs an API key scoped to the
 * handlers it works (`handler:<name>` or `handler:*`) and to the processes of their instances
 * (database keys; configured keys cover every process): fetch-and-lock hands out only jobs in
 * scope, and complete/fail/heartbeat of a job outside it is refused (403). Refusals are
 * `{ error: { code, message } }` and change nothing.
 */
export async function registerJobRoutes(
  app: FastifyInstance,
  rt: Runtime,
  apiKeys: ApiKeyAuthenticator,
): Promise<void> {
  const jobs = new RemoteJobs(rt);
  await jobs.start();
  // Before the server waits for in-flight requests: long polls answer (empty) at once.
  app.addHook("preClose", async () => jobs.stop());

  async function authorise(request: FastifyRequest, reply: FastifyReply): Promise<JobScope | undefined> {
    const key = await apiKeys.authenticate(request.headers);
    if (!key.ok) {
      void refuseApiKey(request, reply, key);
      return undefined;
    }
    const { grant } = key;
    request.apiKey = { id: grant.id, name: grant.name, prefix: grant.prefix };
    return { mayHandler: (handler) => grant.mayHandler(handler), processes: grant.processes };
  }

  function jobId(reply: FastifyReply, raw: string): bigint | undefined {
    // The id column is a bigint: 19 digits may still be beyond it (9223372036854775808).
    if (!/^[1-9]\d{0,18}$/.test(raw) || BigInt(raw) > maxBigint) {
      void sendError(
        reply,
        400,
        "BAD_REQUEST",
        `params.id: a job id is a positive integer up to ${maxBigint}`,
        { field: "params.id" },
      );
      return undefined;
    }
    return BigInt(raw);
  }

  function answer<T>(reply: FastifyReply, result: RemoteResult<T>) {
    if (result.ok) return reply.status(200).send(result.value);
    const { code, message, ...rest } = result.refusal;
    return sendError(reply, statusOf[code] ?? 409, code, message, rest);
  }

  app.post("/api/jobs/fetch-and-lock", async (request, reply) => {
    const mayWork = await authorise(request, reply);
    if (!mayWork) return reply;
    const body = fetchBody.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, "fetch-and-lock body", body.error);
    const notRemote = body.data.handlers.filter((h) => !jobs.isRemote(h));
    if (notRemote.length)
      return sendError(
        reply,
        400,
        "HANDLER_NOT_REMOTE",
        `not configured as remote handlers (FLOWSTATE_REMOTE_HANDLERS): ${notRemote.join(", ")}`,
      );
    const forbidden = body.data.handlers.filter((h) => !mayWork.mayHandler(h));
    if (forbidden.length)
      return sendError(reply, 403, "FORBIDDEN", `this API key may not work jobs of: ${forbidden.join(", ")}`);
    // A client that hangs up stops the long poll (and claims nothing more for it).
    const gone = new AbortController();
    reply.raw.once("close", () => gone.abort());
    const fetched = await jobs.fetchAndLock({ ...body.data, processKeys: mayWork.processes }, gone.signal);
    return reply.status(200).send({ jobs: fetched });
  });

  /** A route on one job: the key authorised, the id and the body (`schema`, named `what`) checked, then `act` answered. */
  function jobRoute<S extends z.ZodType, T>(
    path: string,
    schema: S,
    what: string,
    act: (id: bigint, body: z.infer<S>, mayWork: JobScope) => Promise<RemoteResult<T>>,
  ) {
    app.post<{ Params: { id: string } }>(path, async (request, reply) => {
      const mayWork = await authorise(request, reply);
      if (!mayWork) return reply;
      const id = jobId(reply, request.params.id);
      if (id === undefined) return reply;
      const body = schema.safeParse(request.body ?? {});
      if (!body.success) return invalid(reply, what, body.error);
      return answer(reply, await act(id, body.data, mayWork));
    });
  }

  jobRoute("/api/jobs/:id/complete", completeBody, "complete body", (id, body, mayWork) =>
    jobs.complete(id, body.lockToken, body.output as Record<string, Json>, mayWork),
  );

  jobRoute("/api/jobs/:id/fail", failBody, "fail body", (id, body, mayWork) => {
    const { lockToken: token, error, retriesLeft, backoffMs } = body;
    return jobs.fail(
      id,
      {
        lockToken: token,
        error: error as Json,
        ...(retriesLeft !== undefined ? { retriesLeft } : {}),
        ...(backoffMs !== undefined ? { backoffMs } : {}),
      },
      mayWork,
    );
  });

  jobRoute("/api/jobs/:id/heartbeat", heartbeatBody, "heartbeat body", (id, body, mayWork) =>
    jobs.heartbeat(id, body.lockToken, body.lockDurationMs, mayWork),
  );
}
