import { z } from "zod";
import { defineHandler, FinalFailure } from "./defineHandler.ts";
import type { HandlerDefinition } from "./defineHandler.ts";
import { guardedRequest, refusalReason, TargetRefused } from "../webhooks/targetGuard.ts";
import type { Resolve } from "../webhooks/targetGuard.ts";
import { traceHeaders } from "../observability/tracing.ts";

/** `noop`: completes at once with an empty output (placeholders, pure control steps). */
export const noopHandler = defineHandler("noop", { input: z.unknown() }, async () => ({ output: {} }));

/**
 * `setVariables`: its evaluated input becomes its output, so the action's output mapping (or the
 * default merge) writes it into the instance variables.
 */
export const setVariablesHandler = defineHandler(
  "setVariables",
  { input: z.record(z.string(), z.unknown()).default({}) },
  async ({ input }) => ({
    output: input,
  }),
);

const httpInput = z.object({
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.unknown().optional(),
  /** The outside system answers later through the callback: the 2xx reply only acknowledges. */
  async: z.boolean().default(false),
});

/** How the `http` handler may reach its targets. */
export interface HttpHandlerOptions {
  /** Loopback, private and link-local targets are allowed (`FLOWSTATE_HTTP_ALLOW_PRIVATE`); off = the SSRF guard refuses them. */
  allowPrivate: boolean;
  /** Name resolution (tests); default: the system resolver. */
  resolve?: Resolve;
}

/** The longest answer the `http` handler keeps (it becomes `result.body`). */
const maxAnswerBytes = 1024 * 1024;

/**
 * `http`: sends a JSON request built by the action's input mapping. The callback URL and token
 * and the idempotency key travel as headers (`Flowstate-Callback-Url`, `Flowstate-Callback-Token`,
 * `Idempotency-Key`), and the trace context as `traceparent` when tracing is on. A 2xx reply completes the occurrence with `{ status, body }` (or leaves it
 * pending when `async` is set or the reply is 202); 3xx (redirects are not followed) and 4xx other
 * than 408/429 fail it for good; anything else is a failed attempt that the retry policy may repeat.
 *
 * The target passes the webhooks' SSRF guard (`guardedRequest`): a loopback, private, link-local or
 * unique-local address, or a name resolving to one, fails the occurrence for good (an incident
 * saying why) unless `allowPrivate`.
 */
export function createHttpHandler(options: HttpHandlerOptions) {
  return defineHandler("http", { input: httpInput, timeout: 30_000 }, async (ctx) => {
    const { url, method, headers, body, async } = ctx.input;
    let answer: { status: number; text: string };
    try {
      answer = await guardedRequest(url, {
        method,
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "idempotency-key": ctx.idempotencyKey,
          "flowstate-callback-url": ctx.callback.url,
          "flowstate-callback-token": ctx.callback.token,
          // The handler call's span is the callee's parent (W3C Trace Context; nothing when tracing is off).
          ...traceHeaders(),
          ...headers,
        },
        ...(method === "GET" || body === undefined ? {} : { body: JSON.stringify(body) }),
        allowPrivate: options.allowPrivate,
        signal: ctx.signal,
        userAgent: "flowstate-http-handler",
        maxBytes: maxAnswerBytes,
        ...(options.resolve ? { resolve: options.resolve } : {}),
      });
    } catch (error) {
      if (error instanceof TargetRefused)
        throw new FinalFailure(
          `http handler refused ${url}: ${refusalReason(error)}; set FLOWSTATE_HTTP_ALLOW_PRIVATE=true to allow`,
        );
      throw error;
    }
    let parsed: unknown = answer.text;
    try {
      parsed = answer.text ? JSON.parse(answer.text) : null;
    } catch {
      // not JSON: keep the text
    }
    if (answer.status >= 200 && answer.status < 300) {
      if (async || answer.status === 202) return { pending: true };
      return { output: { status: answer.status, body: parsed } };
    }
    const message = `${method} ${url} answered ${answer.status}`;
    if (answer.status < 400) throw new FinalFailure(`${message} (redirects are not followed)`);
    if (answer.status < 500 && answer.status !== 408 && answer.status !== 429)
      throw new FinalFailure(message);
    throw new Error(message);
  });
}

/** The built-in handlers (`noop`, `setVariables`, `http`). */
export function builtinHandlers(options: HttpHandlerOptions): HandlerDefinition[] {
  return [noopHandler, setVariablesHandler, createHttpHandler(options)] as HandlerDefinition[];
}
