import { describe, expect, it } from "vitest";
import { measureText } from "./measureText";

// Inter's advance widths (units per em = 2048), as read from the font with a font editor:
// "H" 1522, "a" 1150, "m" 1794, space 576, "…" 1770.
describe("measureText", () => {
  it("sums Inter's advance widths at the font size", () => {
    expect(measureText("H", 2048)).toBeCloseTo(1522, -1);
    expect(measureText("Ham", 2048)).toBeCloseTo(1522 + 1150 + 1794, -1);
    expect(measureText(" ", 16)).toBeCloseTo((576 / 2048) * 16, 2);
    expect(measureText("…", 2048)).toBeCloseTo(1770, -1);
  });

  it("scales linearly with the font size and is zero for empty text", () => {
    expect(measureText("Review order", 24)).toBeCloseTo(2 * measureText("Review order", 12), 6);
    expect(measureText("", 14)).toBe(0);
  });

  it("draws semibold wider than regular", () => {
    expect(measureText("Approve credit", 14, 600)).toBeGreaterThan(measureText("Approve credit", 14, 400));
  });

  it("tells narrow letters from wide ones (not a fixed width per character)", () => {
    expect(measureText("iiiiiiiiii", 14)).toBeLessThan(measureText("WWWWWWWWWW", 14) / 3);
  });

  it("measures label symbols and unknown characters without throwing", () => {
    for (const symbol of ["✕", "→", "≥", "≤", "≠", "#", "[", "]"])
      expect(measureText(symbol, 14)).toBeGreaterThan(3);
    expect(measureText("中文", 10)).toBeCloseTo(20, 6); // CJK: one em each
    expect(measureText("e\u0301", 10)).toBeCloseTo(measureText("e", 10), 6); // combining accent adds nothing
    expect(measureText("\u{1D4B3}", 10)).toBeGreaterThan(0); // astral code point, one character not two
    expect(measureText("\uD800", 10)).toBeGreaterThan(0); // lone surrogate
  });
});
