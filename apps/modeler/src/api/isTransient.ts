import { errorInfo } from "./errorInfo.ts";

/** Codes saying the question itself is wrong or not allowed: asking again will not help. */
const FINAL_CODES = new Set([
  "BAD_REQUEST",
  "PARSE_ERROR",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_SUPPORTED",
]);

/**
 * Whether a failed read may succeed when asked again: no answer at all (network, runtime
 * restarting: the client has no code) or a server-side failure. Pollers retry these only.
 */
export function isTransient(error: unknown): boolean {
  const { code } = errorInfo(error);
  return code === undefined || !FINAL_CODES.has(code);
}
