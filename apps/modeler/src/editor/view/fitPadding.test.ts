import { describe, expect, it } from "vitest";
import { fitPadding, viewportFor } from "./fitPadding";

const canvas = { width: 1000, height: 700 };
const minimap = { x: 785, y: 535, width: 200, height: 150 }; // bottom-right, 15 px from the edges
const legend = { x: 700, y: 15, width: 285, height: 70 }; // top-right

describe("fit-view padding around the canvas's overlays", () => {
  it("without overlays it keeps only the margin", () => {
    expect(fitPadding(canvas, { width: 500, height: 300 }, [], 20)).toEqual({
      top: 20,
      right: 20,
      bottom: 20,
      left: 20,
    });
  });

  it("a wide diagram gives up a strip at the bottom for the minimap (the width is what limits it)", () => {
    const p = fitPadding(canvas, { width: 4000, height: 300 }, [minimap], 10);
    expect(p).toEqual({ top: 10, right: 10, bottom: 700 - 535 + 10, left: 10 });
  });

  it("a tall diagram gives up a strip on the right for the minimap (the height is what limits it)", () => {
    const p = fitPadding(canvas, { width: 300, height: 4000 }, [minimap], 10);
    expect(p).toEqual({ top: 10, right: 1000 - 785 + 10, bottom: 10, left: 10 });
  });

  it("the fitted box (at the chosen zoom) overlaps no overlay", () => {
    for (const content of [
      { width: 4000, height: 300 },
      { width: 300, height: 4000 },
      { width: 1200, height: 900 },
    ]) {
      const p = fitPadding(canvas, content, [minimap, legend], 10, 4);
      const zoom = Math.min(
        (canvas.width - p.left - p.right) / content.width,
        (canvas.height - p.top - p.bottom) / content.height,
      );
      // centred in the padded area, like React Flow's fitView
      const w = content.width * zoom;
      const h = content.height * zoom;
      const box = {
        x: p.left + (canvas.width - p.left - p.right - w) / 2,
        y: p.top + (canvas.height - p.top - p.bottom - h) / 2,
        width: w,
        height: h,
      };
      for (const o of [minimap, legend]) {
        const apart =
          box.x + box.width <= o.x + 0.5 ||
          o.x + o.width <= box.x + 0.5 ||
          box.y + box.height <= o.y + 0.5 ||
          o.y + o.height <= box.y + 0.5;
        expect(apart, `${JSON.stringify(content)} vs ${JSON.stringify(o)}`).toBe(true);
      }
    }
  });

  it("ignores overlays that are not shown (zero size)", () => {
    expect(
      fitPadding(canvas, { width: 4000, height: 300 }, [{ x: 0, y: 0, width: 0, height: 0 }], 10),
    ).toEqual({ top: 10, right: 10, bottom: 10, left: 10 });
  });
});

describe("viewport for a box", () => {
  it("centres the box in the padded area at the largest zoom that fits", () => {
    const v = viewportFor(
      { x: 100, y: 50, width: 400, height: 100 },
      { width: 1000, height: 700 },
      { top: 10, right: 10, bottom: 190, left: 10 },
      0.1,
      4,
    );
    expect(v.zoom).toBeCloseTo(980 / 400);
    // clamped to maxZoom 2: 800 × 200 px centred in x ∈ [10, 990], y ∈ [10, 510]
    const clamped = viewportFor(
      { x: 100, y: 50, width: 400, height: 100 },
      { width: 1000, height: 700 },
      { top: 10, right: 10, bottom: 190, left: 10 },
      0.1,
      2,
    );
    expect(clamped.zoom).toBe(2);
    expect(clamped.x + 100 * 2).toBeCloseTo(10 + (980 - 800) / 2);
    expect(clamped.y + 50 * 2).toBeCloseTo(10 + (500 - 200) / 2);
  });

  it("never zooms out beyond the minimum", () => {
    expect(
      viewportFor(
        { x: 0, y: 0, width: 100000, height: 10 },
        { width: 1000, height: 700 },
        { top: 0, right: 0, bottom: 0, left: 0 },
        0.1,
        2,
      ).zoom,
    ).toBe(0.1);
  });
});
