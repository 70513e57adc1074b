import { describe, expect, it } from "vitest";
import { documentVoiding } from "@flowstate/model/fixtures";
import { createNode } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { diffForCanvas } from "./diffForCanvas";

describe("visual diff between two versions", () => {
  it("identical versions (even with other ids and layout) show no marks", () => {
    const moved: ProcessModel = {
      ...documentVoiding,
      diagram: {
        ...documentVoiding.diagram,
        states: {
          ...documentVoiding.diagram.states,
          documentVoided: { x: 5, y: 5, width: 300, height: 198 },
        },
      },
    };
    expect(diffForCanvas(documentVoiding, moved).entries).toEqual([]);
  });

  it("marks added, removed and changed elements and keeps removed ones on the canvas", () => {
    const to: ProcessModel = {
      ...documentVoiding,
      nodes: [
        ...documentVoiding.nodes
          .filter((n) => n.id !== "acknowledgeFailure")
          .map((n) => (n.id === "markDocumentAsVoided" ? { ...n, name: "Mark as voided" } : n)),
        Object.assign(createNode("action", "notify", "markingFailedState", "Notify", "automatic"), {
          handler: "noop",
        }),
      ],
      lines: documentVoiding.lines.filter((l) => l.to !== "acknowledgeFailure"),
      transitions: documentVoiding.transitions.filter((t) => t.from !== "acknowledgeFailure"),
    };
    const diff = diffForCanvas(documentVoiding, to);
    expect(diff.marks).toMatchObject({
      notify: "added",
      markDocumentAsVoided: "changed",
      "removed:acknowledgeFailure": "removed",
    });
    const removedNode = diff.model.nodes.find((n) => n.id === "removed:acknowledgeFailure");
    expect(removedNode?.stateId).toBe("markingFailedState");
    const removedLine = diff.model.lines.find((l) => l.id.startsWith("removed:"));
    expect(removedLine).toMatchObject({ from: "abortDocumentVoiding", to: "removed:acknowledgeFailure" });
    expect(diff.entries.map((e) => [e.mark, e.name])).toContainEqual(["changed", "Mark as voided"]);
  });

  it("a change deep inside an element (a capture's path) counts; key order does not", () => {
    const to: ProcessModel = {
      ...documentVoiding,
      nodes: documentVoiding.nodes.map((n) =>
        n.id === "markingFailed" && n.kind === "action"
          ? { ...n, captures: [{ path: "doc.id", name: "documentId", from: "input", identifier: true }] }
          : n,
      ),
    };
    expect(diffForCanvas(documentVoiding, to).marks).toEqual({ markingFailed: "changed" });
    const reordered: ProcessModel = {
      ...documentVoiding,
      nodes: documentVoiding.nodes.map((n) => Object.fromEntries(Object.entries(n).reverse()) as typeof n),
    };
    expect(diffForCanvas(documentVoiding, reordered).entries).toEqual([]);
  });
});
