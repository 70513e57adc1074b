import { describe, expect, it } from "vitest";
import { dateTimeText } from "./dateTimeText";

describe("dateTimeText: one unambiguous format for moments", () => {
  it("writes the date, a 24-hour clock and the zone, in UTC", () => {
    expect(dateTimeText("2027-01-05T14:02:59.999Z")).toBe("2027-01-05 14:02 UTC");
    expect(dateTimeText(new Date(Date.UTC(2027, 11, 31, 23, 5)))).toBe("2027-12-31 23:05 UTC");
  });
  it("turns a time with an offset into UTC (the same moment reads the same everywhere)", () => {
    expect(dateTimeText("2027-03-28T08:00:00+03:00")).toBe("2027-03-28 05:00 UTC");
  });
  it("says so when it is not a time", () => {
    expect(dateTimeText("tomorrow")).toBe("an unknown time");
  });
});
