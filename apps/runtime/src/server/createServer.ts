import { existsSync } from "node:fs";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";
import { fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import type { FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { appRouter } from "../trpc/appRouter.ts";
import type { AppRouter } from "../trpc/appRouter.ts";
import type { InnerContext } from "../trpc/context.ts";
import { readHealth } from "./readHealth.ts";
import { DomainError, httpStatusOf } from "../errors/DomainError.ts";
import { registerRestRoutes } from "./restRoutes.ts";
import { ApiKeys } from "./apiKeys.ts";
import { registerJobRoutes } from "./jobRoutes.ts";

export interface ServerOptions {
  context: InnerContext;
  /** Folder with the built modeler (index.html + assets); the API alone is served when missing. */
  staticDir?: string;
  logLevel?: string;
  /** Largest request body accepted anywhere, in bytes. */
  bodyLimit?: number;
  /** Keys outside systems present to send signals or work remote jobs (`FLOWSTATE_API_KEYS` entries). */
  apiKeys?: string[];
}

/** One HTTP server: the modeler's static files, tRPC at /trpc and plain JSON under /api. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== "silent" ? { level: options.logLevel } : false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
  });

  // Every error leaves as `{ error: { code, message } }` with a 4xx/5xx status, never a stack.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof DomainError) {
      return void reply.status(httpStatusOf[error.code]).send({ error: { code: error.code, message: error.message, ...(error.data ?? {}) } });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    const code =
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? "PAYLOAD_TOO_LARGE"
        : error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
          ? "UNSUPPORTED_MEDIA_TYPE"
          : status === 400
            ? "BAD_REQUEST"
            : status >= 500
              ? "INTERNAL_SERVER_ERROR"
              : (error.code ?? "ERROR");
    void reply.status(status).send({ error: { code, message: status >= 500 ? "internal error" : error.message } });
  });

  app.get("/api/health", async (_request, reply) => {
    const health = await readHealth(options.context);
    return reply.status(health.ok ? 200 : 503).send(health);
  });

  const apiKeys = new ApiKeys(options.apiKeys ?? []);
  await registerRestRoutes(app, options.context.rt, apiKeys);
  await registerJobRoutes(app, options.context.rt, apiKeys);

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: () => options.context,
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ path, err: error.cause ?? error }, "trpc error");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  const staticDir = options.staticDir && existsSync(options.staticDir) ? options.staticDir : undefined;
  if (staticDir) {
    await app.register(fastifyStatic, { root: staticDir, prefix: "/", wildcard: false, index: ["index.html"] });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "/";
    if (request.method === "GET" && staticDir && !url.startsWith("/api/") && !url.startsWith("/trpc/") && !/\.[a-z0-9]+$/i.test(url)) {
      // Client-side routes: the modeler's router handles them after index.html loads.
      return reply.type("text/html").sendFile("index.html");
    }
    return reply.status(404).send({ error: { code: "NOT_FOUND", message: `no route ${request.method} ${url}` } });
  });

  return app;
}
