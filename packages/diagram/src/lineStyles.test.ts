import { describe, expect, it } from "vitest";
import { LINE_STYLE_KINDS, lineStyles } from "./lineStyles";

describe("lineStyles", () => {
  it("tells every line kind apart by colour, dash, width or arrow head", () => {
    const signatures = LINE_STYLE_KINDS.map((kind) => {
      const s = lineStyles[kind];
      return `${s.stroke}|${s.dashArray ?? "solid"}|${s.strokeWidth}|${s.marker.open}`;
    });
    expect(new Set(signatures).size).toBe(LINE_STYLE_KINDS.length);
  });

  it("draws limit and not dotted, failure and not red, transitions thickest", () => {
    expect(lineStyles.limit.dashArray).toBeDefined();
    expect(lineStyles.not.dashArray).toBeDefined();
    expect(lineStyles.flow.dashArray).toBeUndefined();
    const isRed = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
      return r > 2 * g && r > 2 * b;
    };
    expect(isRed(lineStyles.failure.stroke)).toBe(true);
    expect(isRed(lineStyles.not.stroke)).toBe(true);
    expect(isRed(lineStyles.flow.stroke)).toBe(false);
    expect(lineStyles.failure.labelSymbol).toBe("✕");
    const widest = Math.max(...LINE_STYLE_KINDS.map((k) => lineStyles[k].strokeWidth));
    expect(lineStyles.transition.strokeWidth).toBe(widest);
  });
});
