import { ESLint } from "eslint";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The engine and the model must stay pure; the lint config is what enforces it.
// These tests lint small snippets *as if* they were engine/model source files.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const eslint = new ESLint({ cwd: root });

async function problemsFor(code: string, file = "packages/engine/src/snippet.ts"): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

// Linting loads the whole config (parsers, the import resolver) on first use: not a 5 s job on a busy machine.
describe("purity lint for packages/engine and packages/model", { timeout: 60_000 }, () => {
  it.each([
    ['import { readFileSync } from "node:fs";\nexport const f = readFileSync;', "no-restricted-imports"],
    ['import fs from "fs";\nexport const f = fs;', "no-restricted-imports"],
    [
      'import { PrismaClient } from "@prisma/client";\nexport const p = PrismaClient;',
      "no-restricted-imports",
    ],
    ['import { useState } from "react";\nexport const s = useState;', "no-restricted-imports"],
    ["export const now = Date.now();", "no-restricted-properties"],
    ["export const r = Math.random();", "no-restricted-properties"],
    ["export const d = new Date();", "no-restricted-syntax"],
    ["export const t = setTimeout(() => 0, 1);", "no-restricted-globals"],
    ["export const e = process.env;", "no-restricted-globals"],
  ])("rejects %s", async (code, rule) => {
    const problems = await problemsFor(code);
    expect(problems.some((p) => p.startsWith(`${rule}:`))).toBe(true);
  });

  it("applies the same rules to packages/model", async () => {
    const problems = await problemsFor(
      'import { readFileSync } from "node:fs";\nexport const f = readFileSync;',
      "packages/model/src/snippet.ts",
    );
    expect(problems.some((p) => p.startsWith("no-restricted-imports:"))).toBe(true);
  });

  it("accepts pure code with time passed in", async () => {
    expect(
      await problemsFor(
        "export const later = (now: Date, ms: number): Date => new Date(now.getTime() + ms);",
      ),
    ).toEqual([]);
  });

  it("does not restrict the runtime", async () => {
    expect(
      await problemsFor(
        'import { readFileSync } from "node:fs";\nexport const f = readFileSync;',
        "apps/runtime/src/snippet.ts",
      ),
    ).toEqual([]);
  });
});
