import { describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { isTransient } from "./isTransient";

/** An error as the tRPC client reports an answer with `code`. */
function answered(code: string, httpStatus: number) {
  return new TRPCClientError(code, {
    result: { error: { code: -32000, message: code, data: { code, httpStatus } } },
  });
}

describe("isTransient", () => {
  it("no answer (network down, runtime restarting) and server failures may pass", () => {
    expect(isTransient(new TRPCClientError("fetch failed"))).toBe(true);
    expect(isTransient(new TypeError("Failed to fetch"))).toBe(true);
    expect(isTransient(answered("INTERNAL_SERVER_ERROR", 500))).toBe(true);
    expect(isTransient(answered("TOO_MANY_REQUESTS", 429))).toBe(true);
  });

  it("a wrong or forbidden question will not", () => {
    expect(isTransient(answered("NOT_FOUND", 404))).toBe(false);
    expect(isTransient(answered("BAD_REQUEST", 400))).toBe(false);
    expect(isTransient(answered("FORBIDDEN", 403))).toBe(false);
    expect(isTransient(answered("UNAUTHORIZED", 401))).toBe(false);
  });
});
