import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateApiKey, newApiKeyInput } from "./apiKeyStore.ts";

describe("API keys created in the modeler", () => {
  it("generates fsk_ + 32 random bytes (base64url), a recognisable prefix and the SHA-256 digest", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^fsk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.key.slice(4), "base64url")).toHaveLength(32);
    expect(a.prefix).toBe(a.key.slice(0, 12));
    expect(a.digest.equals(createHash("sha256").update(a.key).digest())).toBe(true);
    expect(a.key).not.toBe(b.key);
  });

  it("validates scopes: at least one process (or *), and signals or a handler", () => {
    expect(newApiKeyInput.safeParse({ name: "k", signals: true, processes: ["alpha"] }).success).toBe(true);
    expect(newApiKeyInput.safeParse({ name: "k", handlers: ["*"], processes: ["*"] }).success).toBe(true);
    expect(newApiKeyInput.safeParse({ name: "k", signals: true, processes: [] }).success).toBe(false);
    expect(newApiKeyInput.safeParse({ name: "k", processes: ["alpha"] }).success).toBe(false);
    expect(
      newApiKeyInput.safeParse({ name: "k", handlers: ["bad name!"], processes: ["alpha"] }).success,
    ).toBe(false);
    expect(newApiKeyInput.safeParse({ name: " ", signals: true, processes: ["alpha"] }).success).toBe(false);
    expect(
      newApiKeyInput.safeParse({ name: "k", signals: true, processes: ["alpha"], key: "chosen-by-client" })
        .success,
    ).toBe(false);
  });
});
