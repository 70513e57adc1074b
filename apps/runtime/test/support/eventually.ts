import { inspect } from "node:util";
import { vi } from "vitest";

/** A timeout in milliseconds, or vitest's `waitFor` options. */
export type EventuallyOptions = number | { timeout?: number; interval?: number };

class NotYet extends Error {
  constructor(readonly value: unknown) {
    super(`not yet: ${inspect(value, { depth: 4 })}`);
  }
}

/**
 * Reads until `done(value)` holds and returns that value (vitest's `vi.waitFor`; default 20 s, every
 * 50 ms). On timeout it throws, naming the last value read or the last error `read` threw: it never
 * returns a value that did not pass.
 */
export async function eventually<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  options: EventuallyOptions = {},
): Promise<T> {
  const { timeout = 20_000, interval = 50 } = typeof options === "number" ? { timeout: options } : options;
  try {
    return await vi.waitFor(
      async () => {
        const value = await read();
        if (!done(value)) throw new NotYet(value);
        return value;
      },
      { timeout, interval },
    );
  } catch (error) {
    const last =
      error instanceof NotYet
        ? `the last value read was ${inspect(error.value, { depth: 6 })}`
        : `the last read threw ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}`;
    throw new Error(`eventually: the condition did not hold within ${timeout} ms; ${last}`, { cause: error });
  }
}
