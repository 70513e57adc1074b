import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { issueTaskToken, verifyTaskToken } from "./taskToken.ts";

const secret = "test-secret-of-enough-length-0123456789";
const now = new Date("2026-05-01T10:00:00Z");
const claims = { instanceId: "8f0c6a1e-0000-4000-8000-000000000001", occurrenceId: "o3", attempt: 2 };

describe("task tokens", () => {
  it("round-trips the claims of a fresh token", () => {
    const token = issueTaskToken(secret, claims, now, 60_000);
    const check = verifyTaskToken(secret, token, now);
    expect(check).toMatchObject({ ok: true, payload: { ...claims, expiresAt: now.getTime() + 60_000 } });
  });

  it("still reads a token issued before the rename, which names the occurrence occurrenceKey", () => {
    const body = Buffer.from(
      JSON.stringify({
        tokenId: "t1",
        instanceId: claims.instanceId,
        occurrenceKey: "o3",
        attempt: 2,
        expiresAt: now.getTime() + 1000,
      }),
    ).toString("base64url");
    const sig = createHmac("sha256", secret).update(body).digest("base64url");
    expect(verifyTaskToken(secret, `${body}.${sig}`, now)).toMatchObject({
      ok: true,
      payload: { occurrenceId: "o3" },
    });
  });

  it("gives every token its own single-use id", () => {
    const a = verifyTaskToken(secret, issueTaskToken(secret, claims, now, 1000), now);
    const b = verifyTaskToken(secret, issueTaskToken(secret, claims, now, 1000), now);
    expect(a.ok && b.ok && a.payload.tokenId !== b.payload.tokenId).toBe(true);
  });

  it("rejects a token signed with another secret", () => {
    const token = issueTaskToken("another-secret-entirely-0123456789", claims, now, 60_000);
    expect(verifyTaskToken(secret, token, now)).toMatchObject({ ok: false, reason: "BAD_SIGNATURE" });
  });

  it("rejects a token whose payload was changed (forged attempt number)", () => {
    const token = issueTaskToken(secret, claims, now, 60_000);
    const [body, sig] = token.split(".") as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), attempt: 3 }),
    ).toString("base64url");
    expect(verifyTaskToken(secret, `${forged}.${sig}`, now)).toMatchObject({
      ok: false,
      reason: "BAD_SIGNATURE",
    });
  });

  it("rejects an expired token", () => {
    const token = issueTaskToken(secret, claims, now, 1000);
    expect(verifyTaskToken(secret, token, new Date(now.getTime() + 1000))).toMatchObject({
      ok: false,
      reason: "EXPIRED",
    });
  });

  it.each(["", "abc", "a.b.c", ".", "x".repeat(5000), "eyJ9.AAAA"])("rejects malformed input %#", (bad) => {
    const check = verifyTaskToken(secret, bad, now);
    expect(check.ok).toBe(false);
  });
});
