import { describe, expect, it } from "vitest";
import { shortJson, variablesDiff } from "./variablesDiff.ts";
import { moveWords } from "./moveWords.ts";
import type { MoveDryRun } from "./moveWords.ts";
import type { ProcessModel } from "@flowstate/model";
import { describeHistoryEntry } from "./describeHistoryEntry.ts";
import type { HistoryRow } from "./describeHistoryEntry.ts";

describe("variablesDiff", () => {
  it("lists added, removed and changed top-level variables in name order; equal ones are left out", () => {
    expect(
      variablesDiff(
        { amount: 10, customer: { name: "Ada", tags: [1, 2] }, old: true },
        { customer: { tags: [1, 2], name: "Ada" }, amount: 12, note: "x" },
      ),
    ).toEqual([
      { name: "amount", kind: "changed", before: 10, after: 12 },
      { name: "note", kind: "added", after: "x" },
      { name: "old", kind: "removed", before: true },
    ]);
    expect(variablesDiff({ a: [1] }, { a: [1] })).toEqual([]);
    expect(shortJson("x".repeat(200), 10)).toBe('"xxxxxxxx…');
  });
});

const dry: MoveDryRun = {
  instanceId: "00000000-0000-4000-8000-000000000001",
  seq: 4,
  status: "running",
  version: 1,
  from: { stateId: "s1", name: "Triage" },
  to: { stateId: "s2", name: "Work" },
  ok: true,
  refusal: null,
  migrationActions: [{ nodeId: "n3", name: "Tell the customer" }],
  unlocked: [{ nodeId: "n2", name: "Fix" }],
  becomesUnlocked: [{ nodeId: "n2", name: "Fix" }],
  noLongerUnlocked: [{ nodeId: "n1", name: "Nudge" }],
  droppedOccurrences: [{ occurrenceId: "o2", nodeId: "n1", name: "Nudge", status: "scheduled", dueAt: null }],
  problems: [],
};

describe("moveWords", () => {
  it("says in names what unlocks, what is dropped and which migration actions run — no ids", () => {
    const { refused, lines } = moveWords(dry);
    expect(refused).toBe(false);
    expect(lines).toEqual([
      "Leaves “Triage” and enters “Work” afresh.",
      "Unlocked afterwards: “Fix”.",
      "Newly unlocked: “Fix”.",
      "No longer unlocked: “Nudge”.",
      "Scheduled work dropped: “Nudge”.",
      "Migration actions that run: “Tell the customer”.",
    ]);
    expect(lines.join(" ")).not.toMatch(/\b(s1|s2|n1|n2|n3|o2)\b/);
  });

  it("words a refusal", () => {
    expect(moveWords({ ...dry, ok: false, refusal: { code: "ALREADY_IN_STATE", message: "x" } })).toEqual({
      refused: true,
      lines: ["The instance is in “Triage” already."],
    });
  });
});

describe("describeHistoryEntry: the operator's modifications in words", () => {
  const model = {
    states: [
      { id: "s1", name: "Triage" },
      { id: "s2", name: "Work" },
    ],
    nodes: [],
  } as unknown as ProcessModel;
  const row = (type: string, data: unknown, actor: string | null = "olga") =>
    ({ id: "1", seq: 5, type, data, actor, at: "2026-12-05T10:00:00.000Z" }) as unknown as HistoryRow;

  it("names the states, who, why and which variables changed", () => {
    expect(
      describeHistoryEntry(
        model,
        row("moved", { fromStateId: "s1", targetStateId: "s2", reason: "papers in", by: "olga" }),
      ).text,
    ).toBe("Moved by hand from Triage to Work by olga: papers in");
    expect(
      describeHistoryEntry(
        model,
        row("variablesChanged", {
          changes: [
            { name: "amount", before: 1, after: 2 },
            { name: "old", before: true },
          ],
          reason: "typo",
          by: "olga",
        }),
      ).text,
    ).toBe("Variables changed by olga: amount, old (removed) — typo");
    expect(
      describeHistoryEntry(
        model,
        row("event", { event: { type: "move", stateId: "s2", reason: "papers in" } }),
      ),
    ).toEqual({ text: "Move to Work asked by olga", isEvent: true });
  });
});
