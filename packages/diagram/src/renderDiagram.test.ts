import { generateModel, ModelBuilder, type ProcessModel } from "@flowstate/model";
import { fixtures } from "@flowstate/model/fixtures";
import { describe, expect, it } from "vitest";
import { checkGeometry } from "./checkGeometry";
import { layoutDiagram } from "./layoutDiagram";
import { renderDiagram } from "./renderDiagram";
import type { Box, Point, Scene } from "./Scene";
import { SCENE_TEXT } from "./sceneText";

const onBorder = (p: Point, b: Box): boolean => {
  const inX = p.x >= b.x - 0.01 && p.x <= b.x + b.width + 0.01;
  const inY = p.y >= b.y - 0.01 && p.y <= b.y + b.height + 0.01;
  const onV = Math.abs(p.x - b.x) < 0.01 || Math.abs(p.x - b.x - b.width) < 0.01;
  const onH = Math.abs(p.y - b.y) < 0.01 || Math.abs(p.y - b.y - b.height) < 0.01;
  return inX && inY && (onV || onH);
};
const orthogonal = (points: readonly Point[]): boolean =>
  points
    .slice(1)
    .every(
      (p, i) =>
        Math.abs(p.x - (points[i] as Point).x) < 0.01 || Math.abs(p.y - (points[i] as Point).y) < 0.01,
    );
const codes = (scene: Scene): string[] => scene.problems.map((p) => p.code);
/** Does the polyline pass through `p` (on a segment)? */
const passesThrough = (points: readonly Point[], p: Point): boolean =>
  points.slice(1).some((b, i) => {
    const a = points[i] as Point;
    return (
      p.x >= Math.min(a.x, b.x) - 0.01 &&
      p.x <= Math.max(a.x, b.x) + 0.01 &&
      p.y >= Math.min(a.y, b.y) - 0.01 &&
      p.y <= Math.max(a.y, b.y) + 0.01
    );
  });

/** Every line starts on its source's border and ends on its target's border, orthogonally. */
function expectRoutesOnBorders(scene: Scene): void {
  const boxes = new Map<string, Box>([
    ...scene.nodes.map((n) => [n.id, n.box] as const),
    ...scene.states.map((s) => [s.id, s.box] as const),
  ]);
  const stateOf = new Map(scene.nodes.map((n) => [n.id, n.stateId]));
  for (const line of scene.lines) {
    expect(orthogonal(line.points), line.id).toBe(true);
    const from = boxes.get(line.from) ?? boxes.get(stateOf.get(line.from) ?? "");
    const to = boxes.get(line.to);
    expect(from && onBorder(line.points[0] as Point, from), `${line.id} starts on its source's border`).toBe(
      true,
    );
    expect(
      to && onBorder(line.points[line.points.length - 1] as Point, to),
      `${line.id} ends on its target's border`,
    ).toBe(true);
    expect(line.path.startsWith("M")).toBe(true);
  }
}

/** Renders `model`: no problems, routes on borders, nothing for checkGeometry. Returns the scene. */
function expectCleanScene(model: ProcessModel): Scene {
  const scene = renderDiagram(model);
  expect(scene.problems).toEqual([]);
  expectRoutesOnBorders(scene);
  expect(checkGeometry(scene)).toEqual([]);
  return scene;
}

/** Two states side by side with a few actions; lines by the caller. */
function twoStates(build: (b: ModelBuilder) => void): ProcessModel {
  const b = new ModelBuilder("t", "T");
  b.state("s1", "First", { initial: true })
    .action("a", "Alpha", { mode: "manual" })
    .action("b", "Beta", { mode: "manual" })
    .action("c", "Gamma", { mode: "manual" });
  b.state("s2", "Second").action("d", "Delta", { mode: "manual" });
  build(b);
  const model = b.toModel();
  return {
    ...model,
    diagram: {
      states: { s1: { x: 0, y: 0, width: 760, height: 300 }, s2: { x: 880, y: 0, width: 300, height: 300 } },
      nodes: {
        a: { x: 40, y: 100, width: 160, height: 64 },
        b: { x: 300, y: 100, width: 160, height: 64 },
        c: { x: 560, y: 100, width: 160, height: 64 },
        d: { x: 950, y: 100, width: 160, height: 64 },
      },
      lines: {},
      transitions: {},
    },
  };
}

describe("renderDiagram on the fixtures and generated models", () => {
  for (const [name, model] of Object.entries(fixtures)) {
    it(`${name}: every element drawn, routes on borders, checkGeometry finds nothing`, () => {
      const scene = expectCleanScene(model);
      expect(scene.states.map((s) => s.id)).toEqual(model.states.map((s) => s.id));
      expect(scene.nodes.map((n) => n.id)).toEqual(model.nodes.map((n) => n.id));
      expect(scene.lines.length).toBe(model.lines.length + model.transitions.length);
    });
  }

  for (const [name, model] of Object.entries(fixtures)) {
    it(`${name} after auto-layout (layoutDiagram): checkGeometry finds nothing`, async () => {
      expectCleanScene({ ...model, diagram: await layoutDiagram(model) });
    }, 60_000);
  }

  it("labels every condition, failure flow and ordered transition of sales-case, each visible", () => {
    const model = fixtures["sales-case"];
    const scene = renderDiagram(model);
    const expected =
      model.lines.filter((l) => l.kind === "flow" && (l.condition !== undefined || l.on === "failed"))
        .length + model.transitions.filter((t) => t.condition !== undefined || t.order !== 0).length;
    expect(expected).toBeGreaterThan(20);
    expect(scene.labels).toHaveLength(expected);
    for (const label of scene.labels)
      expect(scene.lines.find((l) => l.id === label.lineId)?.labelId).toBe(label.id);
  });

  for (const states of [5, 25]) {
    for (const layout of ["layoutModel", "layoutDiagram"] as const) {
      it(`generated ${states * 20}-node model laid out by ${layout}: checkGeometry finds nothing`, async () => {
        const generated = generateModel({ states, nodesPerState: 20 }); // laid out by layoutModel
        const model =
          layout === "layoutModel" ? generated : { ...generated, diagram: await layoutDiagram(generated) };
        expect(model.nodes).toHaveLength(states * 20);
        const scene = expectCleanScene(model);
        expect(scene.lines.length).toBe(model.lines.length + model.transitions.length);
      }, 60_000);
    }
  }

  it("is deterministic and its bounds cover everything drawn", () => {
    const model = fixtures["document-voiding"];
    const scene = renderDiagram(model);
    expect(renderDiagram(model)).toEqual(scene);
    const { x, y, width, height } = scene.bounds;
    const inside = (b: Box): boolean =>
      b.x >= x && b.y >= y && b.x + b.width <= x + width && b.y + b.height <= y + height;
    for (const s of scene.states) expect(inside(s.box)).toBe(true);
    for (const n of scene.nodes) expect(inside(n.box) && inside(n.nameBox)).toBe(true);
    for (const l of scene.labels) expect(inside(l.box)).toBe(true);
    for (const l of scene.lines)
      for (const p of l.points) expect(inside({ ...p, width: 0, height: 0 })).toBe(true);
  });
});

describe("routing", () => {
  it("goes around a node in the way instead of through it", () => {
    const scene = renderDiagram(twoStates((b) => b.flow("a", "c")));
    const line = scene.lines[0];
    expect(line?.points.length).toBeGreaterThan(2); // not the straight line through Beta
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("goes around a state in the way of a transition, and the arrow ends on the target's border", () => {
    const model = twoStates((b) => b.transition("a", "s3"));
    model.states.push({ id: "s3", ref: "r.s3", name: "Third" });
    model.diagram.states.s3 = { x: 1300, y: 0, width: 300, height: 300 };
    const scene = renderDiagram(model);
    const transition = scene.lines.find((l) => l.element === "transition");
    expect(transition?.to).toBe("s3");
    expect(onBorder(transition?.points.at(-1) as Point, model.diagram.states.s3)).toBe(true);
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("draws flow, limit and not lines between the same two nodes apart: own ports, no shared segment", () => {
    const scene = renderDiagram(
      twoStates((b) => b.flow("a", "b", { condition: "amount > 100" }).limit("a", "b").not("a", "b")),
    );
    expect(scene.lines.map((l) => l.kind)).toEqual(["flow", "limit", "not"]);
    const starts = new Set(scene.lines.map((l) => JSON.stringify(l.points[0])));
    const ends = new Set(scene.lines.map((l) => JSON.stringify(l.points.at(-1))));
    expect(starts.size).toBe(3);
    expect(ends.size).toBe(3);
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("passes through stored bend points, orthogonally", () => {
    const model = twoStates((b) => b.flow("a", "b"));
    const id = model.lines[0]?.id as string;
    const waypoints = [
      { x: 250, y: 240 },
      { x: 380, y: 240 },
    ];
    model.diagram.lines[id] = { waypoints };
    const scene = renderDiagram(model);
    const points = scene.lines[0]?.points ?? [];
    expect(scene.problems).toEqual([]);
    for (const w of waypoints) expect(passesThrough(points, w), JSON.stringify(w)).toBe(true);
    expect(orthogonal(points)).toBe(true);
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("routes instead when bend points are NaN, huge or inside a box, and says so", () => {
    for (const bad of [[{ x: Number.NaN, y: 3 }], [{ x: 1e9, y: 0 }], [{ x: 380, y: 130 }]]) {
      const model = twoStates((b) => b.flow("a", "c"));
      model.diagram.lines[model.lines[0]?.id as string] = { waypoints: bad };
      const scene = renderDiagram(model);
      expect(codes(scene)).toEqual(["diagram.bad-waypoints"]);
      expect(scene.lines).toHaveLength(1);
      expect(checkGeometry(scene)).toEqual([]);
    }
  });

  it("routes a transition back into its own state out of the state and into its border", () => {
    const scene = renderDiagram(twoStates((b) => b.transition("c", "s1", { condition: "again = true" })));
    const t = scene.lines[0];
    expect(t?.to).toBe("s1");
    expect(onBorder(t?.points.at(-1) as Point, scene.states[0]?.box as Box)).toBe(true);
    expect(checkGeometry(scene)).toEqual([]);
  });
});

describe("collapsed states", () => {
  it("draw the title bar only, hide their nodes and lines, and keep their transitions on the bar", () => {
    const model = twoStates((b) => b.flow("a", "b").transition("c", "s2").transition("d", "s1"));
    const scene = renderDiagram(model, { collapsed: new Set(["s1"]) });
    const s1 = scene.states.find((s) => s.id === "s1");
    expect(s1?.collapsed).toBe(true);
    expect(s1?.box.height).toBe(SCENE_TEXT.titleBar);
    expect(scene.nodes.map((n) => n.id)).toEqual(["d"]);
    expect(scene.lines.map((l) => l.id)).toEqual(["go:c->s2", "go:d->s1"]);
    const out = scene.lines[0];
    expect(out?.from).toBe("c");
    expect(onBorder(out?.points[0] as Point, s1?.box as Box)).toBe(true);
    expect(onBorder(scene.lines[1]?.points.at(-1) as Point, s1?.box as Box)).toBe(true);
    expect(checkGeometry(scene)).toEqual([]);
  });
});

describe("labels", () => {
  it("show conditions, failure flows and transition order, clear of nodes, titles and each other", () => {
    const scene = renderDiagram(
      twoStates((b) =>
        b
          .flow("a", "b", { condition: "amount > 100" })
          .flow("a", "c", { on: "failed", condition: "retries > 2" })
          .flow("b", "c", { on: "failed" })
          .transition("c", "s2", { condition: "done", order: 2 })
          .transition("b", "s2"),
      ),
    );
    expect(scene.labels.map((l) => [l.lineId, l.text, l.kind])).toEqual([
      ["flow:a->b", "[amount > 100]", "flow"],
      ["fail:a->c", "✕ failed [retries > 2]", "failure"],
      ["fail:b->c", "✕ failed", "failure"],
      ["go:c->s2", "#2 [done]", "transition"],
    ]);
    expect(scene.lines.find((l) => l.id === "go:b->s2")?.labelId).toBeUndefined();
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("cut long conditions with … at the maximum width and keep the whole text", () => {
    const condition = 'customer.segment = "enterprise" and order.amount > 100000 and approvals >= 3';
    const scene = renderDiagram(
      twoStates((b) => b.flow("a", "b", { condition })),
      { maxLabelWidth: 120 },
    );
    const label = scene.labels[0];
    expect(label?.text.endsWith("…")).toBe(true);
    expect(label?.fullText).toBe(`[${condition}]`);
    expect(label?.box.width).toBeLessThanOrEqual(120);
    expect(codes(scene)).toEqual([]); // cut to fit is normal, not a problem
  });
});

describe("bad input: draws what it can, never throws, lists the problem", () => {
  it("an error inside the renderer gives an empty scene that says so (diagram.render-failed)", () => {
    const hostile = Object.defineProperty({}, "states", {
      get: () => {
        throw new Error("boom");
      },
    }) as ProcessModel;
    const scene = renderDiagram(hostile);
    expect(scene.nodes).toEqual([]);
    expect(scene.problems).toEqual([
      { code: "diagram.render-failed", elementId: "", message: "the diagram could not be drawn: boom" },
    ]);
  });

  it("ignores a diagram entry for an element that does not exist", () => {
    const model = twoStates((b) => b.flow("a", "b"));
    model.diagram.nodes.ghost = { x: 0, y: 0, width: 10, height: 10 };
    model.diagram.lines["no-such-line"] = { waypoints: [] };
    const scene = renderDiagram(model);
    expect(scene.problems.map((p) => [p.code, p.elementId])).toEqual([
      ["diagram.dangling-entry", "ghost"],
      ["diagram.dangling-entry", "no-such-line"],
    ]);
    expect(scene.nodes.map((n) => n.id)).not.toContain("ghost");
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("places a node without a box inside its state, and a state without a box below the drawing", () => {
    const model = twoStates((b) => b.flow("a", "b").transition("c", "s2"));
    delete model.diagram.nodes.b;
    delete model.diagram.states.s2;
    delete model.diagram.nodes.d;
    const scene = renderDiagram(model);
    expect(scene.problems.map((p) => [p.code, p.elementId])).toEqual([
      ["diagram.missing-box", "s2"],
      ["diagram.missing-box", "b"],
      ["diagram.missing-box", "d"],
    ]);
    const s1 = scene.states.find((s) => s.id === "s1")?.box as Box;
    const b = scene.nodes.find((n) => n.id === "b")?.box as Box;
    expect(
      b.x >= s1.x && b.y >= s1.y && b.x + b.width <= s1.x + s1.width && b.y + b.height <= s1.y + s1.height,
    ).toBe(true);
    expect(scene.lines).toHaveLength(2);
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("ignores NaN, infinite and huge coordinates and sizes", () => {
    const model = twoStates((b) => b.flow("a", "b").flow("b", "c"));
    model.diagram.nodes.a = { x: Number.NaN, y: 100, width: 160, height: 64 };
    model.diagram.nodes.b = { x: 300, y: Number.POSITIVE_INFINITY, width: 160, height: 64 };
    model.diagram.nodes.c = { x: 560, y: 100, width: 5e6, height: 64 };
    const scene = renderDiagram(model);
    expect(scene.problems.map((p) => [p.code, p.elementId])).toEqual([
      ["diagram.bad-coordinates", "a"],
      ["diagram.bad-coordinates", "b"],
      ["diagram.bad-coordinates", "c"],
    ]);
    expect(scene.nodes).toHaveLength(4);
    for (const n of scene.nodes)
      expect(Object.values(n.box).every((v) => Number.isFinite(v) && Math.abs(v) < 1e6)).toBe(true);
    expect(Number.isFinite(scene.bounds.width)).toBe(true);
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("cuts a 10,000-character condition and name and reports them", () => {
    const long = "x".repeat(10_000);
    const model = twoStates((b) => b.flow("a", "b", { condition: long }));
    const node = model.nodes.find((n) => n.id === "a");
    if (node) node.name = `Review ${"very ".repeat(2_000)}long`;
    const scene = renderDiagram(model);
    expect(scene.problems.map((p) => [p.code, p.elementId])).toEqual([
      ["diagram.long-label", "a"],
      ["diagram.long-label", "flow:a->b"],
    ]);
    const label = scene.labels[0];
    expect(label?.fullText).toBe(`[${long}]`);
    expect(label?.text.length).toBeLessThan(60);
    expect(label?.box.width).toBeLessThanOrEqual(180);
    const a = scene.nodes.find((n) => n.id === "a");
    expect(a?.nameLines).toHaveLength(2);
    expect(a?.nameLines[1]?.endsWith("…")).toBe(true);
    expect(checkGeometry(scene)).toEqual([]);
  });

  it("survives a model that is not one at all", () => {
    const garbage = [
      undefined,
      null,
      42,
      {},
      { states: "no", nodes: [null, 3], lines: [{}], diagram: 7 },
      { states: [{ id: "s", name: 5 }], diagram: { states: { s: { x: 1 } } } },
    ];
    for (const value of garbage) {
      const scene = renderDiagram(value as unknown as ProcessModel);
      expect(Array.isArray(scene.states)).toBe(true);
      expect(Number.isFinite(scene.bounds.x)).toBe(true);
    }
    const one = renderDiagram({
      states: [{ id: "s", name: 5 }],
      diagram: { states: { s: { x: 1 } } },
    } as unknown as ProcessModel);
    expect(codes(one)).toEqual(["diagram.bad-coordinates"]);
    expect(one.states).toHaveLength(1);
  });
});
