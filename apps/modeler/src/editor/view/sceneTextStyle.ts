import { SCENE_TEXT } from "@flowstate/diagram";
import type { CSSProperties } from "react";

type TextSpec = { fontSize?: number; weight?: number; lineHeight?: number; padding?: number };
const spec = SCENE_TEXT as unknown as Record<string, TextSpec | number | undefined>;
const text = (key: string): TextSpec => {
  const v = spec[key];
  return typeof v === "object" ? v : {};
};
const px = (n: number | undefined, fallback: number) => `${n ?? fallback}px`;

/**
 * The scene's text sizes as CSS custom properties on the canvas, so the canvas draws names,
 * titles and labels at exactly the sizes `renderDiagram` measured them with (never a second copy
 * of the numbers in CSS).
 */
export function sceneTextStyle(): CSSProperties {
  const title = text("title");
  const name = text("name");
  const control = { ...name, ...text("controlName") };
  const label = text("label");
  return {
    "--scene-title-size": px(title.fontSize, 13),
    "--scene-title-weight": String(title.weight ?? 600),
    "--scene-title-line": px(title.lineHeight, 18),
    "--scene-name-size": px(name.fontSize, 12),
    "--scene-name-weight": String(name.weight ?? 400),
    "--scene-name-line": px(name.lineHeight, 15),
    "--scene-control-size": px(control.fontSize, 12),
    "--scene-control-line": px(control.lineHeight, 15),
    "--scene-label-size": px(label.fontSize, 11),
    "--scene-label-pad": px(label.padding, 3),
  } as CSSProperties;
}
