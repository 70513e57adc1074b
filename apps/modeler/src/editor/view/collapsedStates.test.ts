import { describe, expect, it } from "vitest";
import { collapsedKey, parseCollapsed, serializeCollapsed, toggleCollapsed } from "./collapsedStates";

describe("collapsed states (a view preference per process)", () => {
  it("round-trips through the stored string, keyed by process", () => {
    const set = toggleCollapsed(toggleCollapsed(new Set(), "review"), "intake");
    const stored = serializeCollapsed(set, ["intake", "review", "done"]);
    expect(parseCollapsed(stored)).toEqual(["intake", "review"]);
    expect(collapsedKey("sales-case")).toBe("flowstate.collapsed.sales-case");
  });

  it("toggling twice expands again and never changes the set it was given", () => {
    const start = new Set(["a"]);
    expect([...toggleCollapsed(start, "a")]).toEqual([]);
    expect([...toggleCollapsed(toggleCollapsed(start, "b"), "b")]).toEqual(["a"]);
    expect([...start]).toEqual(["a"]);
  });

  it("drops states that no longer exist and ignores garbage in storage", () => {
    expect(serializeCollapsed(new Set(["gone", "kept"]), ["kept"])).toBe('["kept"]');
    for (const bad of [null, "", "{", "42", '{"a":1}', "[1,null]"]) expect(parseCollapsed(bad)).toEqual([]);
    expect(parseCollapsed('["a",3,"b"]')).toEqual(["a", "b"]);
  });
});
