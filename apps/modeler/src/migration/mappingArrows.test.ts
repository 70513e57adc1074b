import { describe, expect, it } from "vitest";
import {
  anchorIn,
  anchorOut,
  arrowPath,
  arrowsInDrawOrder,
  clampPoint,
  isDrag,
  mappingArrows,
  offsetRect,
  overlaps,
  stateAt,
} from "./mappingArrows";
import { mappingRows } from "./mappingRows";
import { proposalFixture } from "./proposalFixture";

const source = proposalFixture;

describe("mapping arrows", () => {
  it("one arrow per source state with a target: proposals by ref, the operator's choice over them, forced ones marked", () => {
    expect(mappingArrows(mappingRows(source))).toEqual(
      Object.entries(source.mapping).map(([from, to]) => ({
        sourceStateId: from,
        targetStateId: to,
        how: source.matchedBy[from]!,
        forced: false,
      })),
    );
    /** The arrow from `sourceStateId` once the operator chose `targetStateId` for it. */
    const arrowAfterChoice = (sourceStateId: string, targetStateId: string) =>
      mappingArrows(mappingRows(source, { [sourceStateId]: targetStateId })).find(
        (a) => a.sourceStateId === sourceStateId,
      );
    const choice = (sourceStateId: string, targetStateId: string, forced: boolean) => ({
      sourceStateId,
      targetStateId,
      how: "choice",
      forced,
    });
    expect(arrowAfterChoice("removed", "fresh")).toEqual(choice("removed", "fresh", true));
    // A choice over a proposal is not forced (the state had a counterpart).
    expect(arrowAfterChoice("open", "fresh")).toEqual(choice("open", "fresh", false));
    // Still missing: no arrow.
    expect(mappingArrows(mappingRows(source)).some((a) => a.sourceStateId === "removed")).toBe(false);
  });

  it("anchors: right middle of the source state, left middle of the target, kept inside their canvas", () => {
    const box = { x: 0, y: 0, width: 400, height: 300 };
    expect(anchorOut({ x: 10, y: 20, width: 100, height: 60 }, box)).toEqual({ x: 110, y: 50 });
    expect(
      anchorIn({ x: 510, y: 20, width: 100, height: 60 }, { x: 420, y: 0, width: 400, height: 300 }),
    ).toEqual({ x: 510, y: 50 });
    // Scrolled out to the right and below: the arrow starts at the canvas edge.
    expect(anchorOut({ x: 380, y: 400, width: 100, height: 60 }, box)).toEqual({ x: 400, y: 300 });
    expect(clampPoint({ x: -5, y: 150 }, box)).toEqual({ x: 0, y: 150 });
  });

  it("an arrow is drawn only while both states show in their canvas; forced ones are drawn last (on top)", () => {
    const box = { x: 0, y: 0, width: 400, height: 300 };
    expect(overlaps({ x: 390, y: 10, width: 100, height: 50 }, box)).toBe(true);
    expect(overlaps({ x: 400, y: 10, width: 100, height: 50 }, box)).toBe(false);
    expect(overlaps({ x: -100, y: 10, width: 100, height: 50 }, box)).toBe(false);
    expect(overlaps({ x: 10, y: -49, width: 100, height: 50 }, box)).toBe(true);
    const arrows = arrowsInDrawOrder(mappingRows(source, { removed: "fresh", open: "renamed" }));
    expect(arrows.map((a) => a.sourceStateId)).toEqual(["renamed", "open", "removed"]);
  });

  it("the path is a horizontal-tangent cubic between the anchors, bent at least 40 px", () => {
    expect(arrowPath({ x: 0, y: 0 }, { x: 200, y: 50 })).toBe("M 0 0 C 100 0, 100 50, 200 50");
    expect(arrowPath({ x: 0, y: 0 }, { x: 20, y: 0 })).toBe("M 0 0 C 40 0, -20 0, 20 0");
    // Backwards (target left of the source anchor): loops out to the right and back in from the left.
    expect(arrowPath({ x: 100, y: 0 }, { x: 0, y: 300 })).toBe("M 100 0 C 250 0, -150 300, 0 300");
    expect(arrowPath({ x: 0.123, y: 1.06 }, { x: 100, y: 1 })).toBe("M 0.1 1.1 C 50.1 1.1, 50.1 1, 100 1");
  });

  it("hit-testing: the state under the point inside the canvas, the innermost when boxes overlap; none outside the canvas", () => {
    const box = { x: 500, y: 0, width: 400, height: 300 };
    const states = {
      review: { x: 520, y: 20, width: 200, height: 120 },
      inner: { x: 540, y: 40, width: 50, height: 40 },
      hidden: { x: 950, y: 20, width: 100, height: 100 },
    };
    expect(stateAt({ x: 600, y: 120 }, states, box)).toBe("review");
    expect(stateAt({ x: 560, y: 60 }, states, box)).toBe("inner");
    expect(stateAt({ x: 800, y: 200 }, states, box)).toBeNull();
    // Beyond the canvas edge a state is not hit even where its (scrolled-out) box would be.
    expect(stateAt({ x: 960, y: 50 }, states, box)).toBeNull();
    expect(stateAt({ x: 100, y: 50 }, { left: { x: 50, y: 0, width: 100, height: 100 } }, box)).toBeNull();
  });

  it("canvas-local boxes move into the overlay's space; a press is a drag from 4 px on", () => {
    expect(offsetRect({ x: 10, y: 20, width: 30, height: 40 }, { x: 500, y: 8 })).toEqual({
      x: 510,
      y: 28,
      width: 30,
      height: 40,
    });
    expect(isDrag({ x: 0, y: 0 }, { x: 3, y: 0 })).toBe(false);
    expect(isDrag({ x: 0, y: 0 }, { x: 3, y: 3 })).toBe(true);
  });
});
