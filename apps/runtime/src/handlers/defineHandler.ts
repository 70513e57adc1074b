import type { z } from "zod";

/** What a handler receives for one attempt of one occurrence. */
export interface HandlerContext<Input> {
  /** The action's input mapping, evaluated and validated against the handler's schema. */
  input: Input;
  /** The instance's variables at scheduling time (read-only). */
  variables: Readonly<Record<string, unknown>>;
  /** `<instance>:<action>:<occurrence>:<attempt>`: the same on every redelivery of this attempt. Send it along to outside systems. */
  idempotencyKey: string;
  instanceId: string;
  actionId: string;
  occurrenceId: string;
  attempt: number;
  /** Where an outside system reports the result later (`POST url` with `{ output }` or `{ error }`). */
  callback: { url: string; token: string };
  /** Aborted when the handler's timeout passes or the worker shuts down. */
  signal: AbortSignal;
}

/**
 * A handler either returns an output now, or says the result will come later through the
 * callback (`pending`), after it handed the callback URL and token to an outside system.
 * Throwing means this attempt failed; the action's retry policy decides what follows.
 * Throw a `FinalFailure` to fail for good regardless of retries left.
 */
export type HandlerResult = { output: Record<string, unknown> } | { pending: true };

export class FinalFailure extends Error {
  override name = "FinalFailure";
}

export interface HandlerOptions<S extends z.ZodType> {
  input: S;
  /** Milliseconds before the attempt is aborted and counted as failed. */
  timeout?: number;
  /** At most this many attempts of this handler run at once in one runtime process. */
  concurrency?: number;
  /** At most `count` starts per `perMs` in one runtime process. */
  rateLimit?: { count: number; perMs: number };
}

export interface HandlerDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  input: S;
  timeout: number;
  concurrency: number;
  rateLimit?: { count: number; perMs: number };
  run(ctx: HandlerContext<z.output<S>>): Promise<HandlerResult>;
}

/** Declares a handler that automatic actions name in their `handler` field. */
export function defineHandler<S extends z.ZodType>(
  name: string,
  options: HandlerOptions<S>,
  run: (ctx: HandlerContext<z.output<S>>) => Promise<HandlerResult>,
): HandlerDefinition<S> {
  if (!/^[A-Za-z][\w.-]*$/.test(name)) throw new Error(`invalid handler name "${name}"`);
  return {
    name,
    input: options.input,
    timeout: options.timeout ?? 30_000,
    concurrency: options.concurrency ?? 10,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    run,
  };
}
