import { describe, expect, it } from "vitest";
import type { InstanceState } from "@flowstate/engine";
import {
  alikeText,
  kindState,
  shareable,
  sharedInStatement,
  standIn,
  standInKey,
  textKind,
  withIdentity,
} from "./alikeSteps.ts";
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

  describe("kinds found in the stored text", () => {
    const id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    const other = "11111111-2222-3333-4444-555555555555";
    /** The state an instance of the text's kind has, or undefined when its own text must be parsed. */
    const viaKind = (text: string, instanceId: string, key: string) => {
      const kindText = textKind(text, instanceId, key);
      const kind = kindText === undefined ? undefined : kindState(kindText);
      return kind && { ...kind, instanceId, businessKey: key };
    };
    const keys = ["plain", 'quote " back\\slash', "ünï ✓", "line\nbreak", "$&", "a"];

    it("finds one kind for states alike but for their identity, and rebuilds each state exactly", () => {
      for (const key of keys) {
        const mine = state(id, key, { amount: 3, note: "x" });
        const theirs = state(other, `${key}-2`, { amount: 3, note: "x" });
        const text = JSON.stringify(mine);
        expect(textKind(text, id, key)).toBe(textKind(JSON.stringify(theirs), other, `${key}-2`));
        expect(viaKind(text, id, key)).toEqual(JSON.parse(text));
        // Postgres's jsonb spelling (spaces, its own key order) is found the same way.
        const spaced = text.replaceAll('":', '": ').replaceAll(',"', ', "');
        expect(viaKind(spaced, id, key)).toEqual(JSON.parse(text));
      }
    });

    it("tells states apart when anything but the identity differs", () => {
      const a = textKind(JSON.stringify(state(id, "k1", { v: 1 })), id, "k1");
      const b = textKind(JSON.stringify(state(other, "k2", { v: 2 })), other, "k2");
      expect(a).not.toBe(b);
    });

    it("parses an instance's own text when its id or key is also somewhere else, or its key's string matches across strings", () => {
      const cases: [InstanceState, string][] = [
        [state(id, "k", { copy: "k" }), "k"],
        [state(id, "k", { copy: id }), "k"],
        [state(id, "k", { copy: id, key: "k" }), "k"],
        // `","` matches from the end of one string to the start of the next.
        [state(id, ",", { a: "x", b: "y" }), ","],
        // `"k"` matches inside a string that holds an escaped quote before it.
        [state(id, "k", { quoted: 'say "k' }), "k"],
        [state(id, ":", {}), ":"],
        [state(id, "", {}), ""],
      ];
      for (const [s, key] of cases) {
        const text = JSON.stringify(s);
        const found = viaKind(text, s.instanceId, key);
        // Never a wrong state: either none (the text is parsed) or exactly the instance's own.
        if (found !== undefined) expect(found).toEqual(JSON.parse(text));
        else expect(found).toBeUndefined();
      }
      expect(viaKind(JSON.stringify(state(id, "k", { copy: "k" })), id, "k")).toBeUndefined();
      expect(viaKind(JSON.stringify(state(id, "k", { copy: id })), id, "k")).toBeUndefined();
      expect(viaKind(JSON.stringify(state(id, "", {})), id, "")).toBeUndefined();
    });

    it("never rebuilds a state other than the instance's own, whatever its key and variables hold", () => {
      const pieces = ['"', "\\", ",", ":", "{", "}", "[", "]", "k", " ", "ü", "\n", "$&"];
      let seed = 7;
      const pick = () => pieces[(seed = (seed * 1103515245 + 12345) % 2147483648) % pieces.length]!;
      const word = () => Array.from({ length: 1 + (seed % 4) }, pick).join("");
      let found = 0;
      for (let i = 0; i < 2000; i++) {
        const key = word();
        const s = state(id, key, { a: word(), b: [word(), word()], [word()]: word() });
        const text = JSON.stringify(s);
        const rebuilt = viaKind(text, id, key);
        if (rebuilt === undefined) continue;
        found++;
        expect(rebuilt).toEqual(JSON.parse(text));
      }
      // Most generated states are found by text (the check is not vacuous).
      expect(found).toBeGreaterThan(500);
    });
  });
});
