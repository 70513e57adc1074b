import { describe, expect, it } from "vitest";
import { oidcErrorMessage } from "./oidc.ts";

describe("OIDC sign-in error messages", () => {
  it("explains each refusal code of the runtime's callback, and has a fallback for the rest", () => {
    const codes = ["state", "provider", "token", "disabled", "unavailable", "rate_limited"];
    const messages = codes.map(oidcErrorMessage);
    expect(new Set(messages).size).toBe(codes.length);
    expect(oidcErrorMessage("disabled")).toMatch(/disabled/);
    expect(oidcErrorMessage("<script>")).toBe("Single sign-on failed. Please try again.");
  });
});
