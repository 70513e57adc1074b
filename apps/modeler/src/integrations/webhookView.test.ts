import { describe, expect, it } from "vitest";
import { attemptSummary, errorExcerpt, mayRedeliver } from "./webhookView.ts";

describe("webhook page helpers", () => {
  it("offers redelivery for failed and dead deliveries only", () => {
    expect(["pending", "delivered", "failed", "dead"].filter(mayRedeliver)).toEqual(["failed", "dead"]);
  });
  it("cuts long errors to one line", () => {
    expect(errorExcerpt("connect\n  ECONNREFUSED 127.0.0.1:9")).toBe("connect ECONNREFUSED 127.0.0.1:9");
    const long = errorExcerpt("x".repeat(500));
    expect(long).toHaveLength(160);
    expect(long.endsWith("…")).toBe(true);
  });
  it("counts attempts", () => {
    expect([attemptSummary(1), attemptSummary(3)]).toEqual(["1 attempt", "3 attempts"]);
  });
});
