import { describe, expect, it } from "vitest";
import { bulkCreateInput, isSelected, noSelection, selectionCount, toggle } from "./bulkSelection.ts";

describe("bulk selection", () => {
  it("ticks rows and sends their ids", () => {
    let s = noSelection("order");
    s = toggle(s, "a", true);
    s = toggle(s, "b", true);
    s = toggle(s, "a", false);
    expect(isSelected(s, "b")).toBe(true);
    expect(isSelected(s, "a")).toBe(false);
    expect(selectionCount(s, 99)).toBe(1);
    expect(bulkCreateInput(s, { type: "retryIncidents" })).toEqual({
      processKey: "order",
      operation: { type: "retryIncidents" },
      instanceIds: ["b"],
    });
  });

  it("all matching sends the list's filter without its process key, and counts the matches", () => {
    const s = {
      kind: "all" as const,
      processKey: "order",
      filter: { processKey: "order", hasIncident: true },
    };
    expect(isSelected(s, "anything")).toBe(true);
    expect(selectionCount(s, 20)).toBe(20);
    expect(bulkCreateInput(s, { type: "cancel", reason: "r" })).toEqual({
      processKey: "order",
      operation: { type: "cancel", reason: "r" },
      filter: { hasIncident: true },
    });
    // Unticking one row of "all" leaves a ticked-rows selection.
    expect(toggle(s, "x", true)).toMatchObject({ kind: "ids" });
  });
});
