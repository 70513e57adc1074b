import type { FastifyInstance } from "fastify";
import { fieldName, findUnstorable } from "../boundary/storableInput.ts";

/**
 * The boundary's input normalisation for every `/api` route (the tRPC procedures get the same
 * check in `trpc/trpc.ts`): params, query and body are checked once, after the request guards
 * and before the handler, with `boundary/storableInput.ts`. A refusal is
 * `400 { error: { code: "BAD_REQUEST", message, details: { field } } }`, `field` like `body.variables.a` or `params.code`.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith("/api/")) return;
    for (const [part, value] of [
      ["params", request.params],
      ["query", request.query],
      ["body", request.body],
    ] as const) {
      const bad = findUnstorable(value);
      if (bad) {
        const field = fieldName(bad.path, part) === part ? part : `${part}.${fieldName(bad.path)}`;
        return reply
          .status(400)
          .send({ error: { code: "BAD_REQUEST", message: `${field} ${bad.message}`, details: { field } } });
      }
    }
  });
}
