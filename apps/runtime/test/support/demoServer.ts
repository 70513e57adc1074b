import type { FastifyInstance } from "fastify";
import type { Actor } from "../../src/auth/Actor.ts";
import type { InnerContext } from "../../src/trpc/context.ts";
import { createServer } from "../../src/server/createServer.ts";

/** The runtime's HTTP server on a free local port, every request made as the demo user `name` with `roles`. */
export async function serveAs(
  context: InnerContext,
  name: string,
  roles: Actor["roles"],
): Promise<{ app: FastifyInstance; base: string }> {
  const app = await createServer({ context, demoActor: { kind: "user", name, roles, groups: [] } });
  return { app, base: await app.listen({ port: 0, host: "127.0.0.1" }) };
}
