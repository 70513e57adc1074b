import { shapeStyles } from "./lineStyles";
import { measureText } from "./measureText";

/**
 * Text sizes of a scene (canvas units), from the drawing styles (`shapeStyles`) so text measured
 * here is the text drawn by the SVG export and the canvas.
 */
export const SCENE_TEXT = {
  /** State title: one line in the title bar. */
  title: { fontSize: shapeStyles.state.titleSize, weight: shapeStyles.state.titleWeight, lineHeight: 18 },
  /** Height of a state's title bar (also the height of a collapsed state). */
  titleBar: 30,
  /** Action names: up to two lines inside the box, `inset` clear of its left and right edges (mode accent, glyph). */
  name: { fontSize: shapeStyles.action.nameSize, lineHeight: 15, inset: 16 },
  /** Control node names: up to two lines under the shape. */
  controlName: { fontSize: shapeStyles.control.nameSize, lineHeight: 14 },
  /** Line labels: one line, padded left and right. */
  label: { fontSize: shapeStyles.label.fontSize, lineHeight: 16, padding: shapeStyles.label.paddingX },
} as const;

/** Texts longer than this many characters are reported as `diagram.long-label` (beyond reason, not merely cut). */
export const LONG_TEXT = 500;

/** Only this many characters of a text are ever measured or drawn (a 10,000-character name stays cheap). */
const MEASURED = 600;

const ELLIPSIS = "…";

/** Width of `text`; never throws. */
export function textWidth(text: string, fontSize: number, weight: 400 | 600 = 400): number {
  return measureText(text, fontSize, weight);
}

/**
 * `text` as is when it fits `maxWidth`, else its longest prefix (whole code points, trailing blanks
 * dropped) followed by "…" that fits. `cut` tells whether it was shortened.
 */
export function fitText(
  text: string,
  maxWidth: number,
  fontSize: number,
  weight: 400 | 600 = 400,
  /** Cut (append "…") even when the whole text fits. */
  force = false,
): { text: string; cut: boolean } {
  const chars = Array.from(text.length > MEASURED ? text.slice(0, MEASURED) : text);
  const whole = text.length <= MEASURED;
  if (!force && whole && textWidth(text, fontSize, weight) <= maxWidth) return { text, cut: false };
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const candidate = chars.slice(0, mid).join("").trimEnd() + ELLIPSIS;
    if (textWidth(candidate, fontSize, weight) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return { text: chars.slice(0, lo).join("").trimEnd() + ELLIPSIS, cut: true };
}

/**
 * `text` wrapped at blanks into at most `maxLines` lines no wider than `maxWidth`; a word wider than
 * a line is broken; what does not fit ends the last line with "…".
 */
export function wrapText(
  text: string,
  maxWidth: number,
  maxLines: number,
  fontSize: number,
): { lines: string[]; cut: boolean } {
  const source = text.length > MEASURED ? text.slice(0, MEASURED) : text;
  const words = source.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let current = "";
  let index = 0;
  while (index < words.length && lines.length < maxLines) {
    const word = words[index] as string;
    const candidate = current === "" ? word : `${current} ${word}`;
    if (textWidth(candidate, fontSize) <= maxWidth) {
      current = candidate;
      index++;
      continue;
    }
    if (current !== "") {
      lines.push(current);
      current = "";
      continue;
    }
    // A single word wider than the line: break it.
    const part = fitText(word, maxWidth, fontSize);
    const taken = Array.from(part.text.endsWith(ELLIPSIS) ? part.text.slice(0, -1) : part.text);
    if (taken.length === 0) {
      lines.push(part.text);
      index++;
      continue;
    }
    lines.push(taken.join(""));
    words[index] = Array.from(word).slice(taken.length).join("");
  }
  if (current !== "" && lines.length < maxLines) {
    lines.push(current);
    current = "";
  }
  const rest = [current, ...words.slice(index)].filter((w) => w !== "").join(" ");
  const cut = rest !== "" || source.length < text.length;
  if (cut && lines.length > 0) {
    const last = lines.length - 1;
    lines[last] = fitText(`${lines[last] as string} ${rest}`.trimEnd(), maxWidth, fontSize, 400, true).text;
  }
  return { lines, cut };
}
