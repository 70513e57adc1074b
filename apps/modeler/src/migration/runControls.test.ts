import { describe, expect, it } from "vitest";
import { formatEta, formatRate, isLive, isUnsettled, runControls } from "./runControls";

describe("run controls and progress", () => {
  it("offers what the runtime's lifecycle allows", () => {
    expect(runControls("planned", 0)).toEqual({
      start: true,
      pause: false,
      resume: false,
      cancel: true,
      retryFailed: false,
    });
    expect(runControls("running", 2)).toEqual({
      start: false,
      pause: true,
      resume: false,
      cancel: true,
      retryFailed: true,
    });
    expect(runControls("paused", 0)).toEqual({
      start: false,
      pause: false,
      resume: true,
      cancel: true,
      retryFailed: false,
    });
    expect(runControls("completed", 1)).toEqual({
      start: false,
      pause: false,
      resume: false,
      cancel: false,
      retryFailed: true,
    });
    expect(runControls("cancelled", 3)).toEqual({
      start: false,
      pause: false,
      resume: false,
      cancel: false,
      retryFailed: false,
    });
    expect([isLive("running"), isLive("planned"), isLive("paused"), isLive("completed")]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(["scheduled", "running", "completed", "failed", "cancelled", "skipped"].map(isUnsettled)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it("formats the ETA and the rate", () => {
    expect(formatEta(null)).toBe("—");
    expect(formatEta(0)).toBe("0 s");
    expect(formatEta(45)).toBe("45 s");
    expect(formatEta(200)).toBe("3 min 20 s");
    expect(formatEta(180)).toBe("3 min");
    expect(formatEta(3900)).toBe("1 h 5 min");
    expect(formatRate(0.25)).toBe("0.3 / s");
    expect(formatRate(12.4)).toBe("12 / s");
  });
});
