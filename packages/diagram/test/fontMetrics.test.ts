import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OUTPUT, advanceEm, buildFontMetricsSource, loadFonts } from "../scripts/generateFontMetrics.mjs";
import { measureText } from "../src/measureText";

describe("font metrics table", () => {
  it("is what the generator produces from the installed @fontsource/inter", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(buildFontMetricsSource());
  });

  it("measures text as the font's own advance widths add up", () => {
    for (const weight of [400, 600] as const) {
      const fonts = loadFonts(weight);
      for (const text of [
        "Review order",
        'amount > 100 and region = "EU"',
        "Zahlungseingang prüfen",
        "Œuvre — «ça» 12,50 €",
      ]) {
        let em = 0;
        for (const char of text) em += advanceEm(fonts, char.codePointAt(0)!) ?? Number.NaN;
        expect(measureText(text, 14, weight)).toBeCloseTo(em * 14, 1);
      }
    }
  });
});
