import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { summarizeCoverage } from "@flowstate/engine";
import { CoveragePanel } from "./CoveragePanel";

describe("CoveragePanel", () => {
  it("says a kind the model has none of is none: no meter, no percentage of nothing", () => {
    const summary = summarizeCoverage(
      { actions: ["a", "b"], lines: ["l"], transitions: [] },
      { actions: ["a"], lines: ["l"], transitions: [] },
    );
    const html = renderToStaticMarkup(<CoveragePanel summary={summary} shown={false} onToggle={() => {}} />);
    expect(html).toContain("50% (1/2)");
    expect(html).toContain("100% (1/1)");
    expect(html).not.toContain("(0/0)");
    expect(html.match(/<meter/g)).toHaveLength(2);
    expect(html).toMatch(/Transitions covered.*none/);
  });
});
