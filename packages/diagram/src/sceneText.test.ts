import { describe, expect, it } from "vitest";
import { measureText } from "./measureText";
import { fitText, wrapText } from "./sceneText";

describe("fitText", () => {
  it("keeps a text that fits", () => {
    expect(fitText("amount > 100", 200, 11)).toEqual({ text: "amount > 100", cut: false });
  });

  it("cuts with … to the width", () => {
    const { text, cut } = fitText('customer.segment = "enterprise" and amount > 100000', 120, 11);
    expect(cut).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(measureText(text, 11)).toBeLessThanOrEqual(120);
    expect(measureText(text.slice(0, -1) + "x…", 11)).toBeGreaterThan(measureText(text, 11));
  });

  it("never splits a code point and stays cheap on 10,000 characters", () => {
    const { text } = fitText("😀".repeat(10_000), 100, 11);
    expect(text.endsWith("…")).toBe(true);
    expect(Array.from(text.slice(0, -1)).every((c) => c === "😀")).toBe(true);
  });
});

describe("wrapText", () => {
  it("wraps at blanks into lines no wider than the width", () => {
    const { lines, cut } = wrapText("Raise SNOW incident: customer creation failed", 148, 2, 12);
    expect(cut).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines.join(" ")).toBe("Raise SNOW incident: customer creation failed");
    for (const line of lines) expect(measureText(line, 12)).toBeLessThanOrEqual(148);
  });

  it("ends the last line with … when the text does not fit the lines", () => {
    const { lines, cut } = wrapText(
      "Update status after the customer has signed the agreement document twice",
      100,
      2,
      12,
    );
    expect(cut).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith("…")).toBe(true);
    for (const line of lines) expect(measureText(line, 12)).toBeLessThanOrEqual(100);
  });

  it("breaks a word wider than a line", () => {
    const { lines } = wrapText("Supercalifragilisticexpialidocious", 80, 2, 12);
    expect(lines[0]?.startsWith("Supercal")).toBe(true);
    for (const line of lines) expect(measureText(line, 12)).toBeLessThanOrEqual(80);
  });
});
