import { describe, expect, it } from "vitest";
import { inView, nameBoxPlacement, PAD_GAP, padPlacement } from "./padPlacement";

const canvas = { width: 1000, height: 600 };
const pad = { width: 100, height: 100 };

describe("context pad placement", () => {
  it("sits right of the element, level with its top", () => {
    expect(padPlacement({ x: 100, y: 200, width: 160, height: 60 }, canvas, pad)).toEqual({
      x: 100 + 160 + PAD_GAP,
      y: 200,
      side: "right",
    });
  });
  it("goes to the left when the right edge has no room", () => {
    const p = padPlacement({ x: 800, y: 200, width: 160, height: 60 }, canvas, pad);
    expect(p).toEqual({ x: 800 - PAD_GAP - 100, y: 200, side: "left" });
  });
  it("stays inside the canvas near the top and bottom edges", () => {
    expect(padPlacement({ x: 100, y: -40, width: 160, height: 60 }, canvas, pad)?.y).toBe(PAD_GAP);
    expect(padPlacement({ x: 100, y: 580, width: 160, height: 60 }, canvas, pad)?.y).toBe(
      600 - 100 - PAD_GAP,
    );
  });
  it("goes inside the top-right corner of an element wider than the view (a zoomed-in state)", () => {
    const p = padPlacement({ x: -300, y: -100, width: 2000, height: 1500 }, canvas, pad);
    expect(p?.side).toBe("inside");
    expect(p?.x).toBe(1000 - 100 - PAD_GAP);
    expect(p?.y).toBe(PAD_GAP);
  });
  it("avoids a neighbour on the right: left, then below, then above; else the side covering least", () => {
    const element = { x: 400, y: 200, width: 160, height: 60 };
    const right = { x: 600, y: 190, width: 160, height: 80 };
    expect(padPlacement(element, canvas, pad, [right])).toEqual({
      x: 400 - PAD_GAP - 100,
      y: 200,
      side: "left",
    });
    const left = { x: 200, y: 190, width: 160, height: 80 };
    expect(padPlacement(element, canvas, pad, [right, left])).toEqual({ x: 400, y: 268, side: "below" });
    const below = { x: 380, y: 280, width: 200, height: 60 };
    expect(padPlacement(element, canvas, pad, [right, left, below])).toEqual({
      x: 400,
      y: 92,
      side: "above",
    });
    const above = { x: 380, y: 120, width: 200, height: 60 };
    const bigRight = { ...right, width: 400, height: 400 };
    // every side covers something: the left, whose 22 × 20 px corner is the least covered
    const corner = { x: 370, y: 280, width: 30, height: 30 };
    expect(padPlacement(element, canvas, pad, [bigRight, corner, below, above])).toEqual({
      x: 292,
      y: 200,
      side: "left",
    });
  });
  it("ignores obstacles that do not touch the pad's box", () => {
    const far = { x: 900, y: 500, width: 60, height: 60 };
    expect(padPlacement({ x: 100, y: 200, width: 160, height: 60 }, canvas, pad, [far])?.side).toBe("right");
  });
  it("is hidden while the element is out of view", () => {
    expect(padPlacement({ x: 1200, y: 200, width: 160, height: 60 }, canvas, pad)).toBeNull();
    expect(padPlacement({ x: 100, y: -90, width: 160, height: 60 }, canvas, pad)).toBeNull();
  });
});

describe("in-place name box placement", () => {
  it("covers a state's title bar, from its left edge", () => {
    expect(nameBoxPlacement("state", { x: 50, y: 40, width: 480, height: 320 }, canvas)).toEqual({
      x: 50,
      y: 40,
      width: 480,
      height: 30,
    });
  });
  it("is centred on an action and on a control node's label (under the shape), never too narrow", () => {
    const action = nameBoxPlacement("action", { x: 300, y: 100, width: 80, height: 30 }, canvas);
    expect(action).toEqual({ x: 340 - 100, y: 100, width: 200, height: 30 });
    const control = nameBoxPlacement("control", { x: 300, y: 100, width: 48, height: 48 }, canvas);
    expect(control).toEqual({ x: 324 - 100, y: 150, width: 200, height: 30 });
  });
  it("stays inside the canvas", () => {
    const b = nameBoxPlacement("action", { x: 950, y: 590, width: 160, height: 60 }, canvas);
    expect(b.x + b.width).toBeLessThanOrEqual(1000 - PAD_GAP);
    expect(b.y + b.height).toBeLessThanOrEqual(600 - PAD_GAP);
  });
});

describe("in view", () => {
  it("is true when the whole element is inside the canvas, false when a part is cut off", () => {
    expect(inView({ x: 100, y: 100, width: 160, height: 60 }, canvas)).toBe(true);
    expect(inView({ x: 900, y: 100, width: 160, height: 60 }, canvas)).toBe(false);
    expect(inView({ x: 100, y: -10, width: 160, height: 60 }, canvas)).toBe(false);
  });
  it("an element larger than the canvas is never in view (centring it is the best we can do)", () => {
    expect(inView({ x: 0, y: 0, width: 1200, height: 60 }, canvas)).toBe(false);
  });
});
