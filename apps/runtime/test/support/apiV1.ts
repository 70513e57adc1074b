import type { FastifyInstance } from "fastify";
import { apiScopes, createV1Client } from "@flowstate/client";
import type { OperationId, V1Methods } from "@flowstate/client";
import { createServer } from "../../src/server/createServer.ts";
import type { Actor } from "../../src/auth/Actor.ts";
import { buildModel } from "./models.ts";
import type { TestContext } from "./testContext.ts";

/** A configured key holding every REST API scope and signals. */
export const fullKey = "v1-test-key-with-every-scope";

/** `order`: approve (captures the order id as an identifier) → paid (signal `order.paid`) → end; v2 adds a note. */
export function orderModel(version: 1 | 2) {
  return buildModel({
    key: "order",
    nodes: [
      {
        id: "approve",
        kind: "action",
        mode: "manual",
        code: "approve",
        captures: [{ name: "orderId", from: "input", path: "orderId", identifier: true }],
      },
      { id: "paid", kind: "action", mode: "manual", code: "order.paid" },
      ...(version === 2 ? [{ id: "note", kind: "action", mode: "manual" }] : []),
      { id: "end", kind: "finalizer", outcome: "succeeded" },
    ],
    lines: [
      { from: "approve", to: "paid" },
      { from: "paid", to: "end" },
    ],
  });
}

/** The server options of the API tests: `fullKey` configured, rate limits out of the way. */
export const apiServerOptions = {
  apiKeys: [`${fullKey}@signals+${apiScopes.join("+")}`],
  rateLimits: { loginPerMinute: 100, apiPerMinute: 100_000 },
};

/** The runtime's HTTP server on a free port with `apiServerOptions`. */
export async function startApiServer(
  t: TestContext,
  extra: { demoActor?: Actor } = {},
): Promise<{ app: FastifyInstance; base: string }> {
  const app = await createServer({ context: t.ctx, ...apiServerOptions, ...extra });
  return { app, base: await app.listen({ port: 0, host: "127.0.0.1" }) };
}

/** A typed client that records which operations answered successfully (for coverage checks). */
export function recordingClient(base: string, apiKey = fullKey) {
  const client = createV1Client({ baseUrl: base, apiKey });
  const succeeded = new Set<OperationId>();
  const recorded = new Proxy(client, {
    get(target, op: OperationId) {
      const method = target[op] as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        const result = await method(...args);
        succeeded.add(op);
        return result;
      };
    },
  }) as V1Methods;
  return { client: recorded, succeeded };
}
