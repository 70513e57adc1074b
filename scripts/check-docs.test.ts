import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkDocs } from "./check-docs.mjs";

let roots: string[] = [];

/** A throwaway repository made of the given files (path → content). */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "check-docs-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const base = {
  "apps/runtime/src/main.ts": "",
  "apps/runtime/src/queue/Worker.ts": "",
  "docs/decisions/0001-x.md": "# x\n",
};

afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

describe("check-docs", () => {
  it("passes when every named path exists and the maps are short", () => {
    const root = repo({
      ...base,
      "docs/architecture.md":
        "See `apps/runtime/src/main.ts`, `Worker.ts` and [a record](decisions/0001-x.md).\n",
      "apps/runtime/CONTEXT.md":
        "- `src/main.ts`, `queue/Worker.ts`, `src/queue/` — `POST /api/x/:id`, `node:fs`, `a/b`.\n",
    });
    expect(checkDocs(root)).toEqual([]);
  });

  it("fails when architecture.md is over 15 KB", () => {
    const root = repo({ ...base, "docs/architecture.md": "x".repeat(15 * 1024 + 1) });
    expect(checkDocs(root)).toEqual([
      expect.stringMatching(/^docs\/architecture\.md: 15361 bytes, more than 15360/),
    ]);
  });

  it("fails when a CONTEXT.md is over 5 KB", () => {
    const root = repo({ ...base, "packages/engine/CONTEXT.md": "y".repeat(5121) });
    expect(checkDocs(root)).toEqual([expect.stringMatching(/^packages\/engine\/CONTEXT\.md: 5121 bytes/)]);
  });

  it("fails on a backticked path that does not exist, in docs and in CONTEXT.md files", () => {
    const root = repo({
      ...base,
      "docs/architecture.md": "The step: `apps/runtime/src/instances/persistStep.ts`.\n",
      "docs/decisions/0002-y.md": "Code: `apps/runtime/src/queue/queueSql.ts`.\n",
      "apps/runtime/CONTEXT.md": "- `src/instances/createRuntime.ts` — the root; `stepInstance.ts`.\n",
      "CONTEXT.md": "- `.ci/run` — CI; types in `.d.ts` files.\n",
      ".ci/other": "",
    });
    expect(checkDocs(root).sort()).toEqual([
      "CONTEXT.md: `.ci/run` does not exist",
      "apps/runtime/CONTEXT.md: `src/instances/createRuntime.ts` does not exist",
      "apps/runtime/CONTEXT.md: `stepInstance.ts` does not exist",
      "docs/architecture.md: `apps/runtime/src/instances/persistStep.ts` does not exist",
      "docs/decisions/0002-y.md: `apps/runtime/src/queue/queueSql.ts` does not exist",
    ]);
  });

  it("fails on a relative Markdown link to a missing file", () => {
    const root = repo({ ...base, "docs/decisions/README.md": "[0009](0009-gone.md), [0001](0001-x.md)\n" });
    expect(checkDocs(root)).toEqual(["docs/decisions/README.md: link 0009-gone.md does not exist"]);
  });

  it("ignores code blocks, routes, URLs and build outputs", () => {
    const root = repo({
      ...base,
      "docs/development.md": [
        "`apps/runtime/dist/main.js`, `src/generated/prisma`, `/api/jobs/:id/complete`, `https://x.org/a.js`,",
        "`@flowstate/client`, `application/json`, `169.254/16`, `fc00::/7`, `instance.started|completed`.",
        "```sh",
        "node apps/runtime/missing.mjs `apps/none.ts`",
        "```",
        "",
      ].join("\n"),
    });
    expect(checkDocs(root)).toEqual([]);
  });
});
