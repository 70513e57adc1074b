import { describe, expect, it } from "vitest";
import { documentVoiding, loginSession, salesCase, signupSaga } from "@flowstate/model/fixtures";
import { checkGeometry, collinearOverlap, segmentEntersBox } from "./checkGeometry";
import { renderDiagram } from "./renderDiagram";
import type { LineShape, NodeShape, Scene, StateShape } from "./Scene";
import { box, label, line, node, scene, state, xy } from "./testing/sceneParts";

// Hand-made scenes: state A (0,0 400×200) with a1, a2 and the finalizer a3; state B (500,0 300×200)
// with b1. a1 → a2 is a flow line, a2 → B a transition leaving A and ending on B's left border.

const A = state("A", box(0, 0, 400, 200));
const B = state("B", box(500, 0, 300, 200));
const a1 = node("a1", "A", box(20, 50, 100, 60));
const a2 = node("a2", "A", box(200, 50, 100, 60));
const a3 = node("a3", "A", box(200, 140, 24, 24), {
  kind: "finalizer",
  mode: undefined,
  nameBox: box(180, 166, 64, 14),
});
const b1 = node("b1", "B", box(560, 60, 100, 60));
const flow = line("l1", "a1", "a2", [120, 80, 200, 80], { labelId: "lb1" });
const transition = line("t1", "a2", "B", [300, 70, 450, 70, 450, 100, 500, 100], {
  element: "transition",
  kind: "transition",
});
const flowLabel = label("lb1", "l1", box(130, 62, 60, 14));
const clean = scene({
  states: [A, B],
  nodes: [a1, a2, a3, b1],
  lines: [flow, transition],
  labels: [flowLabel],
});

const codes = (s: Scene) => checkGeometry(s).map((p) => `${p.code} ${p.ids.join(",")}`);

describe("checkGeometry on a clean scene", () => {
  it("finds nothing", () => {
    expect(checkGeometry(clean)).toEqual([]);
  });

  it("lets lines run along a box's border within the tolerance", () => {
    const along = line("l2", "a1", "a3", [70, 110, 70, 150, 199, 150]);
    const grazing = line("l3", "a1", "a3", [121, 60, 121, 40, 201, 40, 201, 140]);
    expect(checkGeometry({ ...clean, lines: [flow, transition, along] })).toEqual([]);
    expect(codes({ ...clean, lines: [flow, transition, grazing] })).toEqual([]);
  });
});

describe("line-through-node", () => {
  it("finds a line crossing a node that is not its end", () => {
    const a4 = node("a4", "A", box(140, 60, 40, 40));
    expect(codes({ ...clean, nodes: [...clean.nodes, a4], labels: [] })).toEqual(["line-through-node l1,a4"]);
  });

  it("finds a line that turns back through its own source", () => {
    const back = line("l2", "a1", "a3", [120, 60, 130, 60, 130, 100, 60, 100, 60, 150, 200, 150]);
    expect(codes({ ...clean, lines: [flow, transition, back] })).toEqual(["line-through-node l2,a1"]);
  });

  it("finds a transition entering its target state instead of ending on the border", () => {
    const deep = {
      ...transition,
      points: xy(300, 70, 450, 70, 450, 100, 540, 100),
    };
    expect(codes({ ...clean, lines: [flow, deep] })).toEqual(["line-through-node t1,B"]);
  });

  it("finds a transition crossing another state and a node in it", () => {
    const C = state("C", box(0, 300, 400, 200));
    const c1 = node("c1", "C", box(100, 350, 100, 60));
    const down = line("t2", "a1", "C", [70, 110, 70, 300], { element: "transition", kind: "transition" });
    const through = line("t3", "a2", "C", [250, 110, 250, 130, 450, 130, 450, 380, 150, 380], {
      element: "transition",
      kind: "transition",
    });
    const s = {
      ...clean,
      states: [A, B, C],
      nodes: [...clean.nodes, c1],
      lines: [flow, transition, down, through],
    };
    expect(codes(s)).toEqual(["line-through-node t3,c1", "line-through-node t3,C"]);
  });

  it("finds a flow line leaving its state through another one", () => {
    const out = line("l2", "a2", "a3", [300, 90, 600, 90, 600, 152, 224, 152]);
    expect(codes({ ...clean, lines: [flow, transition, out] })).toEqual([
      "line-through-node l2,b1",
      "line-through-node l2,B",
    ]);
  });
});

describe("labels", () => {
  it("finds a label over a node, over a control node's name and over a state's title bar", () => {
    const overNode = label("x1", "l1", box(100, 70, 40, 14));
    const overName = label("x2", "t1", box(230, 170, 40, 14));
    const overTitle = label("x3", "t1", box(520, 10, 60, 14));
    expect(codes({ ...clean, labels: [flowLabel, overNode, overName, overTitle] })).toEqual([
      "label-over-node x1,a1",
      "label-over-node x2,a3",
      "label-over-node x3,B",
      "label-over-label lb1,x1",
    ]);
  });

  it("finds two overlapping labels and accepts labels that only touch", () => {
    const touching = label("x1", "t1", box(130, 76, 60, 14));
    const overlapping = label("x2", "t1", box(150, 70, 40, 14));
    expect(codes({ ...clean, labels: [flowLabel, touching] })).toEqual([]);
    expect(codes({ ...clean, labels: [flowLabel, overlapping] })).toEqual(["label-over-label lb1,x2"]);
  });
});

describe("lines-share-segment", () => {
  it("finds two lines drawn on top of each other", () => {
    const limit = line("l2", "a1", "a2", [120, 80, 200, 80], { kind: "limit" });
    expect(codes({ ...clean, lines: [flow, transition, limit] })).toEqual(["lines-share-segment l1,l2"]);
  });

  it("finds a shared stretch of bent lines running the other way", () => {
    const back = line("l2", "a2", "a1", [200, 100, 160, 100, 160, 80, 130, 80, 130, 100, 120, 100], {
      kind: "not",
    });
    expect(codes({ ...clean, lines: [flow, transition, back] })).toEqual(["lines-share-segment l1,l2"]);
  });

  it("accepts parallel lines a few units apart, crossings and a shared end point", () => {
    const parallel = line("l2", "a1", "a2", [120, 86, 200, 86], { kind: "limit" });
    const crossing = line("l3", "a1", "a3", [100, 110, 100, 152, 200, 152]);
    const shortShare = line("l4", "a2", "a1", [200, 80, 197, 80, 197, 100, 120, 100]);
    expect(codes({ ...clean, lines: [flow, transition, parallel, crossing, shortShare] })).toEqual([]);
  });
});

describe("nodes-overlap", () => {
  it("finds two nodes overlapping in a state, a node over another state, and two states", () => {
    const a4 = node("a4", "A", box(280, 60, 40, 40));
    const b2 = node("b2", "B", box(380, 150, 60, 30));
    const C = state("C", box(780, 150, 200, 100));
    expect(
      codes({ ...clean, states: [A, B, C], nodes: [...clean.nodes, a4, b2], lines: [], labels: [] }),
    ).toEqual(["nodes-overlap a2,a4", "nodes-overlap b2,A", "nodes-overlap B,C"]);
  });
});

describe("robustness", () => {
  it("ignores the hidden nodes of a collapsed state", () => {
    const collapsedA = { ...A, collapsed: true, box: box(0, 0, 400, 30), titleBox: box(12, 0, 376, 30) };
    const stacked = node("a4", "A", box(20, 50, 100, 60));
    expect(
      codes({ ...clean, states: [collapsedA, B], nodes: [a1, a2, stacked, b1], lines: [], labels: [] }),
    ).toEqual([]);
  });

  it("does not throw on NaN, infinite or empty geometry", () => {
    const bad = line("l9", "a1", "a2", [
      { x: Number.NaN, y: 1 },
      { x: 1e300, y: 1e300 },
      { x: Number.POSITIVE_INFINITY, y: 0 },
    ]);
    const empty = line("l8", "a1", "a2", []);
    const hugeNode = node("a9", "A", box(-1e12, -1e12, 2e12, 2e12));
    const result = checkGeometry({
      ...clean,
      lines: [flow, transition, bad, empty],
      nodes: [...clean.nodes, hugeNode],
    });
    expect(
      result.every(
        (p) => p.code === "nodes-overlap" || p.code === "line-through-node" || p.code === "label-over-node",
      ),
    ).toBe(true);
    expect(result.some((p) => p.ids.includes("a9"))).toBe(true);
  });

  it("finds nothing on a clean 1,000-node grid scene", () => {
    const states: StateShape[] = [];
    const nodes: NodeShape[] = [];
    const lines: LineShape[] = [];
    for (let s = 0; s < 50; s++) {
      const sx = (s % 10) * 1000;
      const sy = Math.floor(s / 10) * 400;
      states.push(state(`s${s}`, box(sx, sy, 900, 300)));
      for (let n = 0; n < 20; n++) {
        const x = sx + 20 + (n % 5) * 170;
        const y = sy + 50 + Math.floor(n / 5) * 60;
        nodes.push(node(`n${s}-${n}`, `s${s}`, box(x, y, 120, 40)));
        if (n % 5 !== 4)
          lines.push(
            line(`l${s}-${n}`, `n${s}-${n}`, `n${s}-${n + 1}`, [
              { x: x + 120, y: y + 20 },
              { x: x + 170, y: y + 20 },
            ]),
          );
      }
    }
    const result = checkGeometry(scene({ states, nodes, lines }));
    expect(result).toEqual([]);
  });
});

describe("geometry helpers", () => {
  it("segmentEntersBox: inside, along the border, through a corner", () => {
    const b = box(0, 0, 100, 100);
    expect(segmentEntersBox({ x: -10, y: 50 }, { x: 110, y: 50 }, b, 1.5)).toBe(true);
    expect(segmentEntersBox({ x: -10, y: 1 }, { x: 110, y: 1 }, b, 1.5)).toBe(false);
    expect(segmentEntersBox({ x: -10, y: 10 }, { x: 10, y: -10 }, b, 1.5)).toBe(false);
    expect(segmentEntersBox({ x: -10, y: 50 }, { x: 1, y: 50 }, b, 1.5)).toBe(false);
    expect(segmentEntersBox({ x: 20, y: 20 }, { x: 30, y: 30 }, b, 1.5)).toBe(true);
  });

  it("collinearOverlap: same line, opposite direction, parallel, perpendicular", () => {
    expect(collinearOverlap({ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 80, y: 0 }, { x: 30, y: 0 })).toBe(50);
    expect(collinearOverlap({ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 0, y: 3 }, { x: 100, y: 3 })).toBe(0);
    expect(collinearOverlap({ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 50, y: -10 }, { x: 50, y: 10 })).toBe(0);
    expect(collinearOverlap({ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 0, y: 100 }, { x: 0, y: 200 })).toBe(0);
  });
});

const fixtures = {
  "sales-case": salesCase,
  "document-voiding": documentVoiding,
  "login-session": loginSession,
  "signup-saga": signupSaga,
};

describe("the fixtures as stored", () => {
  for (const [name, model] of Object.entries(fixtures)) {
    it(`draws ${name} with no geometry problem`, () => {
      const scene = renderDiagram(model);
      expect(scene.nodes).toHaveLength(model.nodes.length);
      expect(checkGeometry(scene)).toEqual([]);
    });
  }
});

describe("a broken drawing of a fixture", () => {
  it("reports nodes moved onto each other and a line drawn straight through a node", () => {
    const [first, second] = documentVoiding.nodes.filter(
      (n) => n.stateId === documentVoiding.nodes[0]!.stateId,
    );
    const firstBox = documentVoiding.diagram.nodes[first!.id]!;
    const moved = {
      ...documentVoiding,
      diagram: {
        ...documentVoiding.diagram,
        nodes: {
          ...documentVoiding.diagram.nodes,
          [second!.id]: { ...firstBox, x: firstBox.x + 10, y: firstBox.y + 5 },
        },
      },
    };
    const overlapping = checkGeometry(renderDiagram(moved));
    expect(
      overlapping.filter((p) => p.code === "nodes-overlap").map((p) => [...p.ids].sort()),
    ).toContainEqual([first!.id, second!.id].sort());

    const scene = renderDiagram(salesCase);
    const victim = scene.nodes.find((n) => n.kind === "action")!;
    const across = {
      ...scene.lines[0]!,
      points: [
        { x: victim.box.x - 40, y: victim.box.y + victim.box.height / 2 },
        { x: victim.box.x + victim.box.width + 40, y: victim.box.y + victim.box.height / 2 },
      ],
    };
    const crossed = checkGeometry({ ...scene, lines: [...scene.lines.slice(1), across] });
    expect(crossed.map((p) => `${p.code} ${p.ids.join(",")}`)).toContain(
      `line-through-node ${across.id},${victim.id}`,
    );
  });
});
