import { afterAll, beforeAll } from "vitest";
import type { FastifyInstance } from "fastify";
import { createServer } from "../../src/server/createServer.ts";
import type { ServerOptions } from "../../src/server/createServer.ts";
import { freshDatabaseUrl } from "./postgres.ts";
import { createTestContext } from "./testContext.ts";
import type { TestContext } from "./testContext.ts";

type ContextArgs = Parameters<typeof createTestContext>;

/**
 * The describe block's test context: created (then `setup` run on it) before its tests, closed after
 * them. Read its fields inside hooks and tests only.
 */
export function useTestContext(
  label: string,
  setup: (t: TestContext) => Promise<unknown> = async () => undefined,
  start?: ContextArgs[1],
  runtimeOptions?: ContextArgs[2],
): TestContext {
  let current: TestContext | undefined;
  beforeAll(async () => {
    current = await createTestContext(label, start, runtimeOptions);
    await setup(current);
  });
  afterAll(async () => current?.close());
  const get = (): TestContext => {
    if (!current) throw new Error(`test context ${label} used outside its tests`);
    return current;
  };
  const view = { close: () => get().close() } as TestContext;
  for (const field of ["db", "clock", "ctx", "runtime", "url", "caller"] as const)
    Object.defineProperty(view, field, { get: () => get()[field], enumerable: true });
  return view;
}

/**
 * `useTestContext` plus an HTTP server over it (`options` besides the context) listening on a free
 * local port; `base` is its origin. The server closes before the context.
 */
export function useTestServer(
  label: string,
  options: Omit<ServerOptions, "context"> = {},
  setup: (t: TestContext) => Promise<unknown> = async () => undefined,
): TestContext & { readonly app: FastifyInstance; readonly base: string } {
  let app: FastifyInstance | undefined;
  let base = "";
  const t = useTestContext(label, async (t) => {
    app = await createServer({ context: t.ctx, ...options });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    await setup(t);
  });
  // registered after useTestContext's: vitest runs afterAll hooks in reverse, so this one runs first
  afterAll(async () => app?.close());
  return Object.defineProperties(t, {
    app: {
      get: () => {
        if (!app) throw new Error(`server ${label} used outside its tests`);
        return app;
      },
    },
    base: { get: () => base },
  }) as TestContext & { app: FastifyInstance; base: string };
}

/** A fresh database for the describe block (created before its tests, dropped after them): its URL. */
export function useFreshDatabase(label: string): { readonly url: string } {
  let fresh: Awaited<ReturnType<typeof freshDatabaseUrl>> | undefined;
  beforeAll(async () => {
    fresh = await freshDatabaseUrl(label);
  });
  afterAll(async () => fresh?.drop());
  return {
    get url() {
      if (!fresh) throw new Error(`database ${label} used outside its tests`);
      return fresh.url;
    },
  };
}
