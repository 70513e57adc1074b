import { describe, expect, it } from "vitest";
import type { Scene } from "@flowstate/diagram";
import { documentVoiding } from "@flowstate/model/fixtures";
import { indexScene } from "./sceneIndex";
import { selectionBox, stateToZoom } from "./viewTargets";

const scene: Scene = {
  bounds: { x: 0, y: 0, width: 1000, height: 1000 },
  states: [
    {
      id: "s",
      name: "S",
      box: { x: 10, y: 20, width: 300, height: 200 },
      titleBox: { x: 10, y: 20, width: 300, height: 30 },
      title: "S",
      initial: true,
      collapsed: false,
    },
  ],
  nodes: [
    {
      id: "n",
      stateId: "s",
      kind: "and",
      name: "Join",
      box: { x: 400, y: 400, width: 40, height: 40 },
      nameLines: ["Join"],
      nameBox: { x: 390, y: 442, width: 60, height: 14 },
    },
  ],
  lines: [
    {
      id: "l",
      element: "line",
      kind: "flow",
      from: "n",
      to: "m",
      points: [
        { x: 440, y: 420 },
        { x: 600, y: 420 },
        { x: 600, y: 500 },
      ],
      path: "",
      labelId: "lab",
    },
  ],
  labels: [
    {
      id: "lab",
      lineId: "l",
      text: "a > 1",
      fullText: "a > 1",
      box: { x: 560, y: 500, width: 80, height: 16 },
      kind: "flow",
    },
  ],
  problems: [],
};
const index = indexScene(scene, documentVoiding);

describe("view targets", () => {
  it("fit selection covers states, nodes with their names, and lines with their labels", () => {
    expect(selectionBox(index, ["s"])).toEqual({ x: 10, y: 20, width: 300, height: 200 });
    expect(selectionBox(index, ["n"])).toEqual({ x: 390, y: 400, width: 60, height: 56 });
    expect(selectionBox(index, ["l"])).toEqual({ x: 440, y: 420, width: 200, height: 96 });
    expect(selectionBox(index, ["s", "l"])).toEqual({ x: 10, y: 20, width: 630, height: 496 });
    expect(selectionBox(index, [])).toBeUndefined();
    expect(selectionBox(index, ["unknown"])).toBeUndefined();
  });

  it("zoom to state: the selected state, or the state of the selected node or line", () => {
    const m = documentVoiding;
    const node = m.nodes[0];
    const line = m.lines[0];
    if (!node || !line) throw new Error("fixture");
    expect(stateToZoom(m, [m.states[1]?.id ?? ""])).toBe(m.states[1]?.id);
    expect(stateToZoom(m, [node.id])).toBe(node.stateId);
    expect(stateToZoom(m, [line.id])).toBe(m.nodes.find((n) => n.id === line.from)?.stateId);
    expect(stateToZoom(m, [])).toBeUndefined();
  });
});
