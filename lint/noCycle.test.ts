import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The repository's own eslint.config.js, run on a fixture that the main lint ignores.
const root = fileURLToPath(new URL("..", import.meta.url));
const fixture = (file: string) => fileURLToPath(new URL(`fixtures/cycle/${file}`, import.meta.url));

describe("lint", () => {
  it("refuses an import cycle", { timeout: 60_000 }, async () => {
    const eslint = new ESLint({ cwd: root, ignore: false });
    const results = await eslint.lintFiles([fixture("a.ts"), fixture("b.ts")]);

    const cycles = results.flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId === "import-x/no-cycle")
        .map((message) => ({ file: result.filePath, severity: message.severity })),
    );
    expect(cycles).toEqual([
      { file: fixture("a.ts"), severity: 2 },
      { file: fixture("b.ts"), severity: 2 },
    ]);
  });
});
