import { describe, expect, it } from "vitest";
import { dueTicks } from "@flowstate/engine";

const everySecond = { id: "s", cron: "* * * * * *", timezone: "UTC" } as Parameters<typeof dueTicks>[0];

describe("due ticks of a schedule", () => {
  it("counts each tick of a short gap exactly, the latest being the last one due", () => {
    const due = dueTicks(everySecond, [], new Date("2027-01-04T09:00:00Z"), new Date("2027-01-04T09:00:10Z"));
    expect(due).toEqual({ count: 10, latest: new Date("2027-01-04T09:00:10Z") });
  });

  it("a per-second schedule left alone for six days is counted without walking every tick", () => {
    const due = dueTicks(everySecond, [], new Date("2027-01-01T00:00:00Z"), new Date("2027-01-07T00:00:00Z"));
    // The latest is exact; the jumped-over stretch counts as one tick.
    expect(due.latest).toEqual(new Date("2027-01-07T00:00:00Z"));
    // 518,400 ticks were walked one by one (minutes per poll); now at most ~10,000 are, the rest
    // jumped over as one.
    expect(due.count).toBeGreaterThan(5_000);
    expect(due.count).toBeLessThanOrEqual(10_001);
  });
});
