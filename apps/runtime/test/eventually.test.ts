import { describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";

describe("eventually", () => {
  it("returns the first value read that passes", async () => {
    let reads = 0;
    const value = await eventually(
      () => ++reads,
      (n) => n === 3,
      { interval: 5 },
    );
    expect(value).toBe(3);
    expect(reads).toBe(3);
  });

  it("fails on timeout naming the last value read", async () => {
    await expect(
      eventually(
        async () => ({ status: "running" }),
        (row) => row.status === "completed",
        { timeout: 100, interval: 10 },
      ),
    ).rejects.toThrow(/did not hold within 100 ms; the last value read was \{ status: 'running' \}/);
  });

  it("fails on timeout naming the last error the read threw", async () => {
    await expect(
      eventually(
        () => {
          throw new Error("relation does not exist");
        },
        () => true,
        { timeout: 100, interval: 10 },
      ),
    ).rejects.toThrow(/the last read threw Error: relation does not exist/);
  });
});
