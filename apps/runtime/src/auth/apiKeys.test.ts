import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiKeys, parseApiKeyEntry } from "./apiKeys.ts";

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe("API keys scoped to signals and handlers", () => {
  it("gives an unscoped key signals only (as before scopes existed)", () => {
    const keys = new ApiKeys(["plain-signal-key"]);
    const key = keys.identify(bearer("plain-signal-key"));
    expect(key.ok && key.allows({ kind: "signals" })).toBe(true);
    expect(key.ok && key.allows({ kind: "handler", name: "billing.charge" })).toBe(false);
  });

  it("scopes a key to named handlers, or every handler with handler:*", () => {
    const keys = new ApiKeys([
      "billing-key@handler:billing.charge+handler:billing.refund",
      "ops-key@handler:*+signals",
    ]);
    const billing = keys.identify({ "x-api-key": "billing-key" });
    expect(billing.ok && billing.allows({ kind: "handler", name: "billing.refund" })).toBe(true);
    expect(billing.ok && billing.allows({ kind: "handler", name: "shipping.book" })).toBe(false);
    expect(billing.ok && billing.allows({ kind: "signals" })).toBe(false);
    const ops = keys.identify(bearer("ops-key"));
    expect(
      ops.ok && ops.allows({ kind: "handler", name: "anything" }) && ops.allows({ kind: "signals" }),
    ).toBe(true);
  });

  it("grants the metrics scope only to keys that name it", () => {
    const keys = new ApiKeys(["scraper-key@metrics", "both-key@signals+metrics", "plain-key"]);
    const scraper = keys.identify(bearer("scraper-key"));
    expect(scraper.ok && scraper.allows({ kind: "metrics" })).toBe(true);
    expect(scraper.ok && scraper.allows({ kind: "signals" })).toBe(false);
    const both = keys.identify(bearer("both-key"));
    expect(both.ok && both.allows({ kind: "metrics" }) && both.allows({ kind: "signals" })).toBe(true);
    const plain = keys.identify(bearer("plain-key"));
    expect(plain.ok && plain.allows({ kind: "metrics" })).toBe(false);
  });

  it("scopes a key to REST API resources (instances:read, …) and refuses unknown scopes", () => {
    const keys = new ApiKeys(["rest-key@instances:read+migrations:write"]);
    const key = keys.identify(bearer("rest-key"));
    expect(key.ok && key.allows({ kind: "api", scope: "instances:read" })).toBe(true);
    expect(key.ok && key.allows({ kind: "api", scope: "instances:write" })).toBe(false);
    expect(key.ok && key.allows({ kind: "signals" })).toBe(false);
    expect(() => parseApiKeyEntry("k@instances:delete")).toThrow(/unknown API key scope "instances:delete"/);
  });

  it("accepts a key configured only as its SHA-256 digest, and never the digest as a key", () => {
    const digest = createHash("sha256").update("the-real-key").digest("hex");
    const keys = new ApiKeys([`sha256:${digest}@handler:h`]);
    expect(keys.identify(bearer("the-real-key")).ok).toBe(true);
    expect(keys.identify(bearer(`sha256:${digest}`)).ok).toBe(false);
    expect(keys.identify(bearer(digest)).ok).toBe(false);
  });

  it("refuses missing, oversize and unknown keys", () => {
    const keys = new ApiKeys(["k1"]);
    expect(keys.identify({}).ok).toBe(false);
    expect(keys.identify(bearer("x".repeat(600))).ok).toBe(false);
    expect(keys.identify(bearer("k2")).ok).toBe(false);
  });

  it("rejects malformed entries", () => {
    expect(() => parseApiKeyEntry("k@handler:")).toThrow(/unknown API key scope/);
    expect(() => parseApiKeyEntry("k@admin")).toThrow(/unknown API key scope/);
    expect(() => parseApiKeyEntry("sha256:abc")).toThrow(/64 hex digits/);
    expect(() => parseApiKeyEntry("@signals")).toThrow(/empty key/);
  });
});
