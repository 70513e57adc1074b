import { describe, expect, it } from "vitest";
import { documentVoiding } from "@flowstate/model/fixtures";
import { boundsFromChanges } from "./boundsFromChanges";
import { createFlowMapper, nodeHandles } from "./toFlowElements";

/** documentVoiding with only the box of `markingFailed` moved. */
const moved = {
  ...documentVoiding,
  diagram: {
    ...documentVoiding.diagram,
    nodes: { ...documentVoiding.diagram.nodes, markingFailed: { x: 1, y: 2, width: 160, height: 64 } },
  },
};

describe("model → canvas", () => {
  it("states are parents; their nodes sit relative to the state box", () => {
    const { nodes, edges } = createFlowMapper()({ model: documentVoiding, selected: {} });
    expect(nodes.filter((n) => n.type === "state")).toHaveLength(5);
    const end = nodes.find((n) => n.id === "endDocumentVoided");
    expect(end).toMatchObject({ type: "control", parentId: "documentVoided", position: { x: 126, y: 79 } });
    expect(edges.find((e) => e.id.startsWith("go:"))?.data?.kind).toBe("transition");
    // parents come before their children
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    for (const n of nodes) if (n.parentId) expect(index.get(n.parentId)).toBeLessThan(index.get(n.id) ?? -1);
  });

  it("unchanged elements keep their node objects between runs (memoized rendering)", () => {
    const map = createFlowMapper();
    const first = map({ model: documentVoiding, selected: {} });
    const second = map({ model: moved, selected: { markDocumentAsVoided: true } });
    const same = second.nodes.filter((n, i) => n === first.nodes[i]).map((n) => n.id);
    expect(second.nodes.length).toBe(first.nodes.length);
    expect(same).not.toContain("markingFailed");
    expect(same).not.toContain("markDocumentAsVoided");
    expect(same).toHaveLength(first.nodes.length - 2);
    expect(second.edges.every((e, i) => e === first.edges[i])).toBe(true);
  });

  it("keeps the very edges array while no line changed (React Flow then skips rebuilding its edge lookups on a drag)", () => {
    const map = createFlowMapper();
    const first = map({ model: documentVoiding, selected: {} });
    const second = map({ model: moved, selected: {} });
    expect(second.edges).toBe(first.edges);
    expect(second.nodes).not.toBe(first.nodes);
    const line = documentVoiding.lines[0]!;
    const third = map({ model: moved, selected: { [line.id]: true } });
    expect(third.edges).not.toBe(second.edges);
    expect(map({ model: moved, selected: { [line.id]: true } }).nodes).toBe(third.nodes);
  });

  it("an element kept from the last run still follows the collapsed states and which state its ends are in", () => {
    const map = createFlowMapper();
    const node = documentVoiding.nodes.find((n) => n.kind === "action")!;
    const line = documentVoiding.lines.find((l) => l.from === node.id || l.to === node.id)!;
    const otherEnd = line.from === node.id ? line.to : line.from;
    const other = documentVoiding.states.find(
      (s) =>
        s.id !== node.stateId && !documentVoiding.nodes.some((n) => n.id === otherEnd && n.stateId === s.id),
    )!;
    const hidden = (out: ReturnType<typeof map>) => ({
      node: out.nodes.find((n) => n.id === node.id)?.hidden === true,
      line: out.edges.find((e) => e.id === line.id)?.hidden === true,
    });
    expect(hidden(map({ model: documentVoiding, selected: {} }))).toEqual({ node: false, line: false });
    const collapsed = new Set([node.stateId]);
    expect(hidden(map({ model: documentVoiding, selected: {}, collapsed }))).toEqual({
      node: true,
      line: true,
    });
    // the node moves to a state that is not collapsed; the line itself is the very same object
    const moved = {
      ...documentVoiding,
      nodes: documentVoiding.nodes.map((n) => (n.id === node.id ? { ...n, stateId: other.id } : n)),
    };
    const otherEndHidden = moved.nodes.some((n) => n.id === otherEnd && n.stateId === node.stateId);
    expect(hidden(map({ model: moved, selected: {}, collapsed }))).toEqual({
      node: false,
      line: otherEndHidden,
    });
    expect(hidden(map({ model: moved, selected: {} }))).toEqual({ node: false, line: false });
  });

  it("every node carries its size and its handle boxes, so lines to a node React Flow has not rendered (out of view) still have both ends", () => {
    const { nodes, edges } = createFlowMapper()({ model: documentVoiding, selected: {} });
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const n of nodes) {
      expect(n.measured, n.id).toEqual({ width: n.width, height: n.height });
      const target = n.handles?.find((h) => h.id === "in");
      // the target fills the box inside the border: its middle is the box's middle
      expect(target?.type, n.id).toBe("target");
      expect((target?.y ?? 0) + (target?.height ?? 0) / 2, n.id).toBe((n.height ?? 0) / 2);
      const source = n.handles?.find((h) => h.id === "out");
      const startsLines =
        n.type === "action" || (n.type === "control" && n.data.control.kind !== "finalizer");
      if (startsLines)
        expect(source, n.id).toMatchObject({
          type: "source",
          y: (n.height ?? 0) / 2 - 5,
          width: 10,
          height: 10,
        });
      else expect(source, n.id).toBeUndefined();
    }
    for (const e of edges) {
      expect(
        byId.get(e.source)?.handles?.some((h) => h.id === e.sourceHandle && h.type === "source"),
        e.id,
      ).toBe(true);
      expect(
        byId.get(e.target)?.handles?.some((h) => h.id === e.targetHandle && h.type === "target"),
        e.id,
      ).toBe(true);
    }
  });

  it("handle boxes follow the stylesheet's borders: an action's 4 px left border, a control node's none", () => {
    expect(nodeHandles("action", 160, 64)).toEqual([
      { id: "in", type: "target", position: "left", x: 4, y: 1, width: 155, height: 62 },
      { id: "out", type: "source", position: "right", x: 160, y: 27, width: 10, height: 10 },
    ]);
    expect(nodeHandles("or", 48, 48)).toEqual([
      { id: "in", type: "target", position: "left", x: 0, y: 0, width: 48, height: 48 },
      { id: "out", type: "source", position: "right", x: 49, y: 19, width: 10, height: 10 },
    ]);
    expect(nodeHandles("initialState", 320, 200)).toEqual([
      { id: "in", type: "target", position: "left", x: 2, y: 2, width: 316, height: 196 },
    ]);
  });

  it("React Flow's relative drag positions become absolute boxes", () => {
    const bounds = boundsFromChanges(documentVoiding, [
      { type: "position", id: "endDocumentVoided", position: { x: 10, y: 20 }, dragging: true },
    ]);
    expect(bounds).toEqual({ endDocumentVoided: { x: 1290, y: 20, width: 48, height: 48 } });
  });

  it("a state resized from its left edge moves its children's relative places, not their absolute ones", () => {
    const bounds = boundsFromChanges(documentVoiding, [
      { type: "position", id: "documentVoided", position: { x: 1200, y: 0 } },
      { type: "dimensions", id: "documentVoided", resizing: true, dimensions: { width: 380, height: 198 } },
      { type: "position", id: "endDocumentVoided", position: { x: 206, y: 79 } },
    ]);
    expect(bounds.documentVoided).toEqual({ x: 1200, y: 0, width: 380, height: 198 });
    expect(bounds.endDocumentVoided).toMatchObject({ x: 1406, y: 79 });
  });
});
