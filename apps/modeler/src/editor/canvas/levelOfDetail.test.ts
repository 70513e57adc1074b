import { describe, expect, it } from "vitest";
import { SCENE_TEXT } from "@flowstate/diagram";
import { MIN_SCREEN_TEXT, levelOfDetail } from "./levelOfDetail";

describe("levelOfDetail", () => {
  it("changes nothing while every title and name reads at the minimum on screen", () => {
    expect(levelOfDetail(1)).toBeNull();
    expect(levelOfDetail(MIN_SCREEN_TEXT / SCENE_TEXT.controlName.fontSize)).toBeNull();
    expect(levelOfDetail(2.5)).toBeNull();
  });

  it("below that, draws text so that size × zoom is at least the minimum, whatever the zoom", () => {
    for (const zoom of [0.8, 0.61, 0.5, 0.333333, 0.27, 0.21, 0.1]) {
      const detail = levelOfDetail(zoom);
      expect(detail, `zoom ${zoom}`).not.toBeNull();
      expect(detail!.textPx * zoom).toBeGreaterThanOrEqual(MIN_SCREEN_TEXT);
      expect(detail!.textPx * zoom).toBeLessThan(MIN_SCREEN_TEXT + 0.01);
    }
  });

  it("keeps two lines of a name while they fit its box, one below", () => {
    expect(levelOfDetail(0.7)).toMatchObject({ nameLines: 2, controlLines: 2 });
    expect(levelOfDetail(0.5)).toMatchObject({ nameLines: 2, controlLines: 1 });
    expect(levelOfDetail(0.3)).toMatchObject({ nameLines: 1, controlLines: 1 });
  });

  it("ignores a broken zoom", () => {
    expect(levelOfDetail(0)).toBeNull();
    expect(levelOfDetail(Number.NaN)).toBeNull();
  });
});
