import { describe, expect, it } from "vitest";
import { groupScopes, keyScopeText, scopeLabel } from "./apiKeyScopes.ts";

describe("API key scope labels", () => {
  it("turns a scope id into readable words", () => {
    expect(scopeLabel("instances:write")).toBe("Instances: write");
    expect(scopeLabel("processes:read")).toBe("Processes: read");
  });

  it("groups scopes per resource in the given order and skips unknown access", () => {
    const groups = groupScopes(["processes:read", "versions:read", "versions:write", "tasks:admin"]);
    expect(groups.map((g) => [g.label, g.scopes.map((s) => s.id)])).toEqual([
      ["Processes", ["processes:read"]],
      ["Versions", ["versions:read", "versions:write"]],
    ]);
  });
});

describe("key list scope text", () => {
  it("names metrics and the REST API scopes in readable words", () => {
    const text = keyScopeText({
      signals: false,
      metrics: true,
      handlers: [],
      scopes: ["instances:read"],
      processes: ["*"],
    });
    expect(text).toBe("metrics; REST API: Instances: read · processes: all");
  });
});
