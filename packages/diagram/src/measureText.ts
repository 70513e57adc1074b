import { fontMetrics } from "./fontMetrics";

/** Widths in em of code points that take a whole em (CJK, Hangul, full-width forms) or none (combining marks). */
function fallbackEm(codePoint: number, average: number): number {
  if ((codePoint >= 0x0300 && codePoint <= 0x036f) || codePoint === 0x200b || codePoint === 0xfe0f) return 0;
  if (
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    codePoint >= 0x1f000
  ) {
    return 1;
  }
  return average;
}

/**
 * Width of `text` drawn in Inter at `fontSize` (canvas units) and `weight`, from the font's metrics
 * table (advance widths, kerning ignored). Code points the table lacks count as an average letter
 * (CJK and emoji as one em, combining marks as nothing). Pure; never throws.
 */
export function measureText(text: string, fontSize: number, weight: 400 | 600 = 400): number {
  const metrics = fontMetrics[weight] ?? fontMetrics[400];
  let em = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    em += metrics.widths.get(codePoint) ?? fallbackEm(codePoint, metrics.average);
  }
  return em * fontSize;
}
