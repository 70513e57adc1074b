/** A refusal from the runtime: the HTTP status and the `{ error: { code, message } }` it sent. */
export class FlowstateApiError extends Error {
  override name = "FlowstateApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Everything else the error object carried (e.g. the engine's `rejection`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The job is no longer this worker's (its lock expired and it was handed out again, or it finished). */
  get lockLost(): boolean {
    return this.code === "LOCK_LOST" || this.code === "JOB_NOT_FOUND";
  }
}

/** The `FlowstateApiError` of a refused response: its `{ error: { code, message, details? } }`. */
export function apiErrorOf(status: number, parsed: unknown, what: string): FlowstateApiError {
  const error = (parsed as { error?: Record<string, unknown> } | undefined)?.error ?? {};
  const { code, message, details, ...rest } = error;
  return new FlowstateApiError(
    status,
    typeof code === "string" ? code : `HTTP_${status}`,
    typeof message === "string" ? message : `${what} answered ${status}`,
    { ...rest, ...((details as Record<string, unknown> | undefined) ?? {}) },
  );
}
