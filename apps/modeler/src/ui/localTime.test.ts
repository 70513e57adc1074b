import { describe, expect, it } from "vitest";
import { isoFromLocal, isoUntilLocal } from "./localTime";

describe("datetime-local values as instants", () => {
  it("a start bound is the first millisecond shown, an until bound the last one of that minute (or second)", () => {
    expect(isoFromLocal("2026-03-03T18:30")).toBe(new Date(2026, 2, 3, 18, 30).toISOString());
    expect(isoUntilLocal("2026-03-03T18:30")).toBe(new Date(2026, 2, 3, 18, 30, 59, 999).toISOString());
    expect(isoUntilLocal("2026-03-03T18:30:20")).toBe(new Date(2026, 2, 3, 18, 30, 20, 999).toISOString());
  });

  it("blank or malformed values give no bound", () => {
    for (const value of [undefined, "", "  ", "not a time"]) {
      expect(isoFromLocal(value)).toBeUndefined();
      expect(isoUntilLocal(value)).toBeUndefined();
    }
  });
});
