import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runtimeNodeFlags } from "./nodeFlags.ts";

// apps/runtime/nodeFlags.json names the Node flags the runtime process is deployed with. The
// launchers that read it (flowstate.mjs, the e2e suite, the benchmarks) pick it up by themselves;
// `npm start` is a plain command line, so this keeps it in step.
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");

describe("the runtime's Node flags", () => {
  const flags = runtimeNodeFlags;

  it("are V8 heap options, the young generation enlarged", () => {
    expect(flags).toContainEqual(expect.stringMatching(/^--max-semi-space-size=\d+$/));
  });

  it("are on `npm start`'s command line, in front of the script", () => {
    const start = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts.start!;
    expect(start).toBe(["node", ...flags, "apps/runtime/dist/main.js"].join(" "));
  });

  it("are used by every other launcher of the built runtime", () => {
    expect(read("flowstate.mjs")).toMatch(
      /apps\/runtime\/nodeFlags\.json[\s\S]*spawn\(process\.execPath, \[\.\.\.flags, "apps\/runtime\/dist\/main\.js"\]/,
    );
    expect(read("e2e/playwright.config.ts")).toContain(
      `["node", ...runtimeNodeFlags, "apps/runtime/dist/main.js"]`,
    );
    expect(read("e2e/support/builtRuntime.ts")).toContain(
      `[...runtimeNodeFlags, "apps/runtime/dist/main.js"]`,
    );
  });
});
