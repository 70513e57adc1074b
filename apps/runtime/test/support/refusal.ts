import { TRPCError } from "@trpc/server";

/** The error of type `type` that `promise` was rejected with; fails when it succeeds or rejects with anything else. */
export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected the call to be refused with a ${type.name}`);
}

/**
 * The typed error a call was refused with; fails when the call succeeds or throws anything else.
 * `data` is the refusal's detail (the cause's `data`, `{}` when there is none).
 */
export async function refusal(
  promise: Promise<unknown>,
): Promise<TRPCError & { data: Record<string, unknown> }> {
  const error = await rejection(promise, TRPCError);
  return Object.assign(error, {
    data: (error.cause as { data?: Record<string, unknown> } | undefined)?.data ?? {},
  });
}
