import { TRPCError } from "@trpc/server";

/**
 * The typed error a call was refused with; fails when the call succeeds or throws anything else.
 * `data` is the refusal's detail (the cause's `data`, `{}` when there is none).
 */
export async function refusal(
  promise: Promise<unknown>,
): Promise<TRPCError & { data: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError)
      return Object.assign(error, {
        data: (error.cause as { data?: Record<string, unknown> } | undefined)?.data ?? {},
      });
    throw error;
  }
  throw new Error("expected the call to be refused");
}
