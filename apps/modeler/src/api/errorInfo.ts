import { TRPCClientError } from "@trpc/client";

/** What the UI needs from a failed API call: the tRPC code, a message and the error's data. */
export interface ErrorInfo {
  code: string | undefined;
  message: string;
  data: Record<string, unknown>;
}

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as Record<string, unknown>;
    return { code: typeof data.code === "string" ? data.code : undefined, message: error.message, data };
  }
  return { code: undefined, message: error instanceof Error ? error.message : String(error), data: {} };
}
