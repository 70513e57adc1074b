import { describe, expect, it } from "vitest";
import { ModelBuilder, generateModel } from "@flowstate/model";
import type { Bounds, Diagram, ProcessModel } from "@flowstate/model";
import { documentVoiding, loginSession, salesCase, signupSaga } from "@flowstate/model/fixtures";
import { boxesOverlap, checkGeometry } from "./checkGeometry";
import { LAYOUT, layoutDiagram, packRows } from "./layoutDiagram";
import { SCENE_TEXT, wrapText } from "./sceneText";
import { renderDiagram } from "./renderDiagram";
import { measureText } from "./measureText";
import type { Scene } from "./Scene";

const TITLE_BAR = 30;

/** The boxes of a diagram as a scene without lines, so `checkGeometry` can look for overlaps. */
function boxesScene(model: ProcessModel, diagram: Diagram): Scene {
  return {
    bounds: extent(diagram),
    states: model.states.map((s) => {
      const box = diagram.states[s.id]!;
      return {
        id: s.id,
        name: s.name,
        box,
        titleBox: { x: box.x + 12, y: box.y, width: box.width - 24, height: TITLE_BAR },
        title: s.name,
        initial: s.initial === true,
        collapsed: false,
      };
    }),
    nodes: model.nodes.map((n) => {
      const box = diagram.nodes[n.id]!;
      return {
        id: n.id,
        stateId: n.stateId,
        kind: n.kind,
        name: n.name,
        box,
        nameLines: [n.name],
        nameBox: nameArea(n.kind, n.name, box),
      };
    }),
    lines: [],
    labels: [],
    problems: [],
  };
}

/** Where a node's name is drawn: inside an action, under a control node (as wide as the text). */
function nameArea(kind: string, name: string, box: Bounds): Bounds {
  if (kind === "action") return box;
  const lines = wrapText(name, LAYOUT.controlNameWidth, 2, SCENE_TEXT.controlName.fontSize).lines;
  const width = Math.max(0, ...lines.map((line) => measureText(line, SCENE_TEXT.controlName.fontSize)));
  return {
    x: box.x + box.width / 2 - width / 2,
    y: box.y + box.height + 3,
    width,
    height: lines.length * SCENE_TEXT.controlName.lineHeight,
  };
}

function extent(diagram: Diagram): Bounds {
  const boxes = Object.values(diagram.states);
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return {
    x,
    y,
    width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
    height: Math.max(...boxes.map((b) => b.y + b.height)) - y,
  };
}

function expectReadableLayout(model: ProcessModel, diagram: Diagram): void {
  // Every element has an entry; lines are left to the renderer.
  expect(Object.keys(diagram.states).sort()).toEqual(model.states.map((s) => s.id).sort());
  expect(Object.keys(diagram.nodes).sort()).toEqual(model.nodes.map((n) => n.id).sort());
  expect(Object.keys(diagram.lines).sort()).toEqual(model.lines.map((l) => l.id).sort());
  expect(Object.keys(diagram.transitions).sort()).toEqual(model.transitions.map((t) => t.id).sort());
  for (const edge of [...Object.values(diagram.lines), ...Object.values(diagram.transitions)])
    expect(edge.waypoints).toEqual([]);
  for (const box of [...Object.values(diagram.states), ...Object.values(diagram.nodes)]) {
    expect([box.x, box.y, box.width, box.height].every(Number.isFinite)).toBe(true);
    expect(box.width).toBeGreaterThan(0);
  }

  // No two boxes overlap (nodes, states, a node and a foreign state).
  const scene = boxesScene(model, diagram);
  expect(checkGeometry(scene)).toEqual([]);

  // Every node (with a control node's name under it) is inside its state, below the title bar.
  const outside: string[] = [];
  for (const node of scene.nodes) {
    const state = diagram.states[node.stateId]!;
    const name = node.nameBox;
    const left = Math.min(node.box.x, name.x);
    const right = Math.max(node.box.x + node.box.width, name.x + name.width);
    const bottom = Math.max(node.box.y + node.box.height, name.y + name.height);
    if (
      left < state.x + 8 ||
      right > state.x + state.width - 8 ||
      node.box.y < state.y + TITLE_BAR + 8 ||
      bottom > state.y + state.height - 8
    )
      outside.push(node.id);
  }
  expect(outside).toEqual([]);

  // A control node's name does not run into another node.
  const covered: string[] = [];
  for (const node of scene.nodes) {
    if (node.kind === "action") continue;
    for (const other of scene.nodes)
      if (other.id !== node.id && boxesOverlap(node.nameBox, other.box))
        covered.push(`${node.id} over ${other.id}`);
  }
  expect(covered).toEqual([]);
}

const ratio = (diagram: Diagram) => {
  const e = extent(diagram);
  return e.width / e.height;
};

const models: Record<string, () => ProcessModel> = {
  "sales-case": () => salesCase,
  "document-voiding": () => documentVoiding,
  "login-session": () => loginSession,
  "signup-saga": () => signupSaga,
  "generated 12 states": () => generateModel({ states: 12, nodesPerState: 11 }),
  "generated 100 nodes": () => generateModel({ states: 5, nodesPerState: 20 }),
  "generated 500 nodes": () => generateModel({ states: 25, nodesPerState: 20 }),
};

/** Each model laid out once for all the tests below (ELK takes seconds on the big ones). */
const laidOut = new Map<string, Promise<{ model: ProcessModel; diagram: Diagram }>>();
function layouted(name: string): Promise<{ model: ProcessModel; diagram: Diagram }> {
  let result = laidOut.get(name);
  if (!result) {
    const model = models[name]!();
    result = layoutDiagram(model).then((diagram) => ({ model, diagram }));
    laidOut.set(name, result);
  }
  return result;
}

describe("layoutDiagram", () => {
  for (const name of Object.keys(models)) {
    it(`lays out ${name} without overlaps, every node inside its state`, async () => {
      const { model, diagram } = await layouted(name);
      const size = /^generated (\d+) nodes$/.exec(name);
      if (size) expect(model.nodes).toHaveLength(Number(size[1]));
      expectReadableLayout(model, diagram);
    }, 120_000);

    it(`draws ${name} after auto-layout with no geometry problem`, async () => {
      const { model, diagram } = await layouted(name);
      const scene = renderDiagram({ ...model, diagram });
      expect(scene.nodes).toHaveLength(model.nodes.length);
      expect(scene.lines).toHaveLength(model.lines.length + model.transitions.length);
      expect(checkGeometry(scene)).toEqual([]);
    }, 120_000);
  }

  it("lays out sales-case in rows near a screen's shape (not one long row)", async () => {
    const { diagram } = await layouted("sales-case");
    const r = ratio(diagram);
    expect(r).toBeGreaterThanOrEqual(1);
    expect(r).toBeLessThanOrEqual(3);
    const rows = new Set(Object.values(diagram.states).map((b) => b.y));
    expect(rows.size).toBeGreaterThan(1);
  }, 120_000);

  it("is what sales-case stores: a person opening the fixture sees auto-layout's drawing (scripts/layoutFixtures.ts)", async () => {
    const { diagram } = await layouted("sales-case");
    expect(salesCase.diagram).toEqual(diagram);
  }, 120_000);

  it("lays out a 12-state process and generated models near the canvas's 1.6:1 (not a row, not a column)", async () => {
    expect(ratio((await layouted("generated 12 states")).diagram)).toBeGreaterThanOrEqual(0.75);
    expect(ratio((await layouted("generated 12 states")).diagram)).toBeLessThanOrEqual(2.5);
    for (const name of ["generated 100 nodes", "generated 500 nodes"]) {
      const r = ratio((await layouted(name)).diagram);
      expect(r).toBeGreaterThanOrEqual(0.75);
      expect(r).toBeLessThanOrEqual(3);
    }
  }, 240_000);

  it("is deterministic and ignores the stored layout's positions", async () => {
    const moved: ProcessModel = {
      ...documentVoiding,
      diagram: { ...documentVoiding.diagram, states: {}, nodes: {} },
    };
    const a = await layoutDiagram(documentVoiding);
    expect(await layoutDiagram(documentVoiding)).toEqual(a);
    expect(await layoutDiagram(moved)).toEqual(a);
  }, 60_000);

  it("gives a line's condition room between its nodes", async () => {
    const model = (condition: string | undefined) =>
      new ModelBuilder("cond", "Condition")
        .state("s", "Review", { initial: true })
        .action("a", "Check order", { mode: "manual" })
        .action("b", "Approve order", { mode: "manual" })
        .flow("a", "b", condition ? { condition } : {})
        .toModel();
    const gap = (d: Diagram) => d.nodes.b!.x - (d.nodes.a!.x + d.nodes.a!.width);
    const plain = await layoutDiagram(model(undefined));
    const long = await layoutDiagram(model('customer.segment = "premium" and order.amount > 10000'));
    expect(gap(plain)).toBeGreaterThan(0);
    expect(gap(long)).toBeGreaterThan(gap(plain));
    expect(gap(long)).toBeGreaterThanOrEqual(LAYOUT.maxLabelWidth);
  }, 60_000);
});

describe("layoutDiagram on a broken model", () => {
  it("lays out what it can: duplicate ids, dangling references, ids that look like ELK's own", async () => {
    const base = new ModelBuilder("broken", "Broken")
      .state("s1", "One", { initial: true })
      .action("n0:in", "Clashing id", { mode: "manual" })
      .action("e0", "Another", { mode: "automatic" })
      .flow("n0:in", "e0")
      .state("s2", "Two")
      .action("b", "Other state", { mode: "manual" })
      .toModel();
    const broken: ProcessModel = {
      ...base,
      states: [...base.states, base.states[0]!],
      nodes: [
        ...base.nodes,
        { ...base.nodes[0]!, name: "duplicate" },
        { ...base.nodes[2]!, id: "lost", stateId: "nowhere" },
      ],
      lines: [
        ...base.lines,
        { id: "across", ref: "across", kind: "flow", from: "e0", to: "b", on: "completed" },
        { id: "self", ref: "self", kind: "limit", from: "b", to: "b" },
      ],
      transitions: [
        { id: "t1", ref: "t1", from: "e0", to: "missing", order: 0 },
        { id: "t2", ref: "t2", from: "ghost", to: "s2", order: 0 },
        { id: "t3", ref: "t3", from: "e0", to: "s2", order: 0 },
      ],
    };
    const diagram = await layoutDiagram(broken);
    expect(Object.keys(diagram.nodes).sort()).toEqual(["b", "e0", "n0:in"]);
    expect(Object.keys(diagram.states).sort()).toEqual(["s1", "s2"]);
    expect(boxesOverlap(diagram.states.s1!, diagram.states.s2!)).toBe(false);
    expect(diagram.nodes.e0!.x).toBeGreaterThan(diagram.nodes["n0:in"]!.x);
  }, 60_000);
});

describe("packRows", () => {
  it("wraps a long row of equal boxes into rows near the aspect ratio", () => {
    const places = packRows(
      Array.from({ length: 12 }, () => ({ width: 400, height: 300 })),
      1.6,
    );
    const rows = new Set(places.map((p) => p.y));
    expect(rows.size).toBe(3); // 4 per row: (4·400 + 3·28) : (3·300 + 2·36) ≈ 1.73
    const step = 400 + LAYOUT.stateGap;
    expect(places.slice(0, 4).map((p) => p.x)).toEqual([0, step, 2 * step, 3 * step]);
  });

  it("stacks short boxes beside a tall one instead of widening the row", () => {
    const places = packRows(
      [
        { width: 400, height: 800 },
        { width: 400, height: 200 },
        { width: 300, height: 200 },
      ],
      1.6,
    );
    const x = 400 + LAYOUT.stateGap;
    expect(places).toEqual([
      { x: 0, y: 0 },
      { x, y: 0 },
      { x, y: 200 + LAYOUT.stateLayerGap },
    ]);
  });

  it("keeps a single box at the origin and nothing for nothing", () => {
    expect(packRows([{ width: 10, height: 10 }])).toEqual([{ x: 0, y: 0 }]);
    expect(packRows([])).toEqual([]);
  });
});
