import { describe, expect, it } from "vitest";
import { salesCase, documentVoiding } from "@flowstate/model/fixtures";
import { layoutProcess, layoutState } from "./layoutWithElk";

function inside(inner: { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

describe("auto-layout", () => {
  it("lays out every state with its nodes inside and no two states overlapping", async () => {
    const bounds = await layoutProcess(salesCase);
    for (const s of salesCase.states) expect(bounds[s.id]).toBeDefined();
    for (const n of salesCase.nodes) expect(inside(bounds[n.id]!, bounds[n.stateId]!)).toBe(true);
    const boxes = salesCase.states.map((s) => bounds[s.id]!);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
  });

  it("one state: its nodes flow left to right and the state keeps its corner", async () => {
    const bounds = await layoutState(documentVoiding, "voidingRequested");
    const state = bounds.voidingRequested!;
    expect(state).toMatchObject({ x: 0, y: 0 });
    expect(bounds.documentVoidingRequested!.x).toBeLessThan(bounds.markDocumentAsVoided!.x);
    expect(bounds.markDocumentAsVoided!.x).toBeLessThan(bounds.markingSucceeded!.x);
    expect(Object.keys(bounds)).toHaveLength(5);
  });
});
