import { describe, expect, it } from "vitest";
import type { Scene } from "@flowstate/diagram";
import { documentVoiding } from "@flowstate/model/fixtures";
import { indexScene, lineIsStale, staleLineKey } from "./sceneIndex";

// A scene with two lines is enough here: staleness only compares the boxes of their ends.
const [a, b] = documentVoiding.lines;
if (!a || !b) throw new Error("fixture has lines");
const scene: Scene = {
  bounds: { x: 0, y: 0, width: 1, height: 1 },
  states: [],
  nodes: [],
  lines: [a, b].map((l) => ({
    id: l.id,
    element: "line" as const,
    kind: "flow" as const,
    from: l.from,
    to: l.to,
    points: [],
    path: "",
  })),
  labels: [],
  problems: [],
};

describe("scene index", () => {
  it("looks shapes up by id", () => {
    expect(indexScene(scene, documentVoiding).lines.get(a.id)?.to).toBe(a.to);
  });

  it("during a drag only the lines whose end moved are stale; other lines keep their routed path", () => {
    const index = indexScene(scene, documentVoiding);
    expect(staleLineKey(index, documentVoiding)).toBe("");
    const box = documentVoiding.diagram.nodes[a.from];
    if (!box) throw new Error("fixture has boxes");
    const moved = {
      ...documentVoiding,
      diagram: {
        ...documentVoiding.diagram,
        nodes: { ...documentVoiding.diagram.nodes, [a.from]: { ...box, x: box.x + 30 } },
      },
    };
    expect(lineIsStale(index, moved, a.from, a.to)).toBe(true);
    const bStale = b.from === a.from || b.to === a.from;
    expect(lineIsStale(index, moved, b.from, b.to)).toBe(bStale);
    expect(staleLineKey(index, moved).split("\n")).toEqual(bStale ? [a.id, b.id] : [a.id]);
  });
});
