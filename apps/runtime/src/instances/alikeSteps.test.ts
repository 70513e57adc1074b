import { describe, expect, it } from "vitest";
import type { InstanceState } from "@flowstate/engine";
import { alikeText, shareable, sharedInStatement, standIn, standInKey, withIdentity } from "./alikeSteps.ts";
import type { StepWrite } from "./stepRows.ts";

const state = (instanceId: string, businessKey: string, variables = {}) =>
  ({ instanceId, businessKey, seq: 3, variables, processKey: "p", version: 1 }) as unknown as InstanceState;

const like = (n: number): StepWrite =>
  ({
    after: standIn(state("x", "y"), n),
    records: {},
    effects: [],
    processId: "p",
  }) as unknown as StepWrite;

describe("alike steps", () => {
  it("states alike but for their identity share a text; any other difference tells them apart", () => {
    expect(alikeText(state("a", "k1"))).toBe(alikeText(state("b", "k2")));
    expect(alikeText(state("a", "k1"))).not.toBe(alikeText(state("a", "k1", { v: 1 })));
    expect(standIn(state("a", "k1"), 2).instanceId).not.toBe(standIn(state("a", "k1"), 3).instanceId);
  });

  it("puts an instance's identity in the stand-ins' places, whatever its business key holds", () => {
    const w = like(1);
    const text = JSON.stringify({
      id: w.after.instanceId,
      key: `${w.after.instanceId}:n:o1:1`,
      bk: standInKey,
    });
    for (const key of ["$& and $1 and $$", 'quote " back\\slash', "ünï ✓", "line\nbreak"])
      expect(JSON.parse(withIdentity(text, w, "id-1", key))).toEqual({
        id: "id-1",
        key: "id-1:n:o1:1",
        bk: key,
      });
  });

  it("shares a step only when its new state names the stand-ins as its own identity alone", () => {
    const stood = standIn(state("a", "k"), 1);
    expect(shareable(stood, 1)).toBe(true);
    expect(shareable({ ...stood, variables: { copy: stood.instanceId } }, 1)).toBe(false);
    expect(shareable({ ...stood, variables: { copy: standInKey } }, 1)).toBe(false);
  });

  it("lets the statement write a kind itself only when its row names the stand-in as its id and in job keys", () => {
    const w = like(2);
    const id = w.after.instanceId;
    const row = { id, seq: 4, jobs: [{ idempotency_key: `${id}:n:o1:1`, payload: { nodeId: "n" } }] };
    expect(sharedInStatement(row, w)).toBe(true);
    expect(
      sharedInStatement({ ...row, jobs: [{ idempotency_key: "k", payload: { instanceId: id } }] }, w),
    ).toBe(false);
    expect(sharedInStatement({ ...row, occ: [{ input: { key: standInKey } }] }, w)).toBe(false);
  });
});
