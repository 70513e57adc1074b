import { describe, expect, it } from "vitest";
import { documentVoiding } from "@flowstate/model/fixtures";
import type { Diagram } from "@flowstate/model";
import { layoutBounds } from "./layoutBounds";

const m = documentVoiding;
const state = m.states[0];
if (!state) throw new Error("fixture");
const shift = (d: Diagram, dx: number): Diagram => ({
  ...d,
  states: Object.fromEntries(
    Object.entries(d.states).map(([id, b]) => [id, { ...b, x: b.x + dx, width: b.width + 20 }]),
  ),
  nodes: Object.fromEntries(Object.entries(d.nodes).map(([id, b]) => [id, { ...b, x: b.x + dx + 5 }])),
});
const laidOut = shift(m.diagram, 1000);

describe("auto-layout boxes", () => {
  it("whole process: every state and node takes its laid-out box", () => {
    const out = layoutBounds(m, laidOut);
    expect(Object.keys(out).sort()).toEqual(
      [...Object.keys(m.diagram.states), ...Object.keys(m.diagram.nodes)].sort(),
    );
    expect(out[state.id]).toEqual(laidOut.states[state.id]);
  });

  it("one state: it keeps its place and takes the laid-out size; its nodes move with it; nothing else changes", () => {
    const out = layoutBounds(m, laidOut, state.id);
    const before = m.diagram.states[state.id];
    expect(out[state.id]).toEqual({ ...before, width: (before?.width ?? 0) + 20 });
    const mine = m.nodes.filter((n) => n.stateId === state.id);
    expect(Object.keys(out).sort()).toEqual([state.id, ...mine.map((n) => n.id)].sort());
    for (const n of mine) expect(out[n.id]?.x).toBe((m.diagram.nodes[n.id]?.x ?? 0) + 5);
  });

  it("an unknown state changes nothing", () => {
    expect(layoutBounds(m, laidOut, "nope")).toEqual({});
  });
});
