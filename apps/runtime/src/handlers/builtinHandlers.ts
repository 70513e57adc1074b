import { z } from "zod";
import { defineHandler, FinalFailure } from "./defineHandler.ts";
import type { HandlerDefinition } from "./defineHandler.ts";

/** `noop`: completes at once with an empty output (placeholders, pure control steps). */
export const noopHandler = defineHandler("noop", { input: z.unknown() }, async () => ({ output: {} }));

/**
 * `setVariables`: its evaluated input becomes its output, so the action's output mapping (or the
 * default merge) writes it into the instance variables.
 */
export const setVariablesHandler = defineHandler("setVariables", { input: z.record(z.string(), z.unknown()).default({}) }, async ({ input }) => ({
  output: input,
}));

const httpInput = z.object({
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.unknown().optional(),
  /** The outside system answers later through the callback: the 2xx reply only acknowledges. */
  async: z.boolean().default(false),
});

/**
 * `http`: sends a JSON request built by the action's input mapping. The callback URL and token
 * and the idempotency key travel as headers (`Flowstate-Callback-Url`, `Flowstate-Callback-Token`,
 * `Idempotency-Key`). A 2xx reply completes the occurrence with `{ status, body }` (or leaves it
 * pending when `async` is set or the reply is 202); 4xx other than 408/429 fails it for good;
 * anything else is a failed attempt that the retry policy may repeat.
 */
export const httpHandler = defineHandler("http", { input: httpInput, timeout: 30_000 }, async (ctx) => {
  const { url, method, headers, body, async } = ctx.input;
  const response = await fetch(url, {
    method,
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      "idempotency-key": ctx.idempotencyKey,
      "flowstate-callback-url": ctx.callback.url,
      "flowstate-callback-token": ctx.callback.token,
      ...headers,
    },
    ...(method === "GET" || body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: ctx.signal,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  if (response.ok) {
    if (async || response.status === 202) return { pending: true };
    return { output: { status: response.status, body: parsed } };
  }
  const message = `${method} ${url} answered ${response.status}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new FinalFailure(message);
  throw new Error(message);
});

export const builtinHandlers: HandlerDefinition[] = [noopHandler, setVariablesHandler, httpHandler] as HandlerDefinition[];
