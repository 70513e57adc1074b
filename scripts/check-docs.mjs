#!/usr/bin/env node
// Docs are maps: keeps docs/architecture.md and every CONTEXT.md short, and every repository path
// they name real. Run by `pnpm lint`; `node scripts/check-docs.mjs [root]` prints one line per problem.
//
// Checked files: docs/**/*.md, bench/RESULTS.md and every CONTEXT.md outside node_modules.
// A backticked word is a path when it has a `/` and either starts with a folder that exists (at the
// root or next to the document) or ends in a file name with an extension; it must then exist
// relative to the repository root, the document's folder or that folder's `src/` (so apps/runtime/CONTEXT.md
// may say `src/main.ts` or `server/createServer.ts`).
// A bare source file name (`persistStep.ts`) must exist somewhere in the repository. Relative
// Markdown links must point at a file. Build outputs (dist, generated, test-results) are not checked.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const LIMITS = { "docs/architecture.md": 15 * 1024, "CONTEXT.md": 5 * 1024 };

const SKIP_DIRS = new Set([
  "node_modules",
  ".git",
  "dist",
  "generated",
  "test-results",
  "playwright-report",
  ".flowstate",
  ".turbo",
]);
const BUILD_OUTPUT = /(^|\/)(dist|generated|test-results|playwright-report|node_modules|\.flowstate)(\/|$)/;
const SOURCE_FILE = /^\w[\w.-]*\.(ts|tsx|mts|mjs|cjs|prisma|sql)$/;

/** Every file below `root` (relative paths), build outputs and dependencies left out. */
function walk(root, dir = "", out = []) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(root, join(dir, entry.name), out);
    } else {
      out.push(join(dir, entry.name).split("\\").join("/"));
    }
  }
  return out;
}

/** The documents checked: docs/**\/*.md, bench/RESULTS.md, every CONTEXT.md. */
export function documents(files) {
  return files.filter(
    (f) =>
      (f.startsWith("docs/") && f.endsWith(".md")) ||
      f === "bench/RESULTS.md" ||
      basename(f) === "CONTEXT.md",
  );
}

/** The text outside fenced code blocks (commands and SQL there are not paths to check). */
function prose(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** The backticked words of a document that name a repository path (see the header). */
export function pathsIn(text, exists) {
  const found = [];
  for (const [, raw] of prose(text).matchAll(/`([^`\n]+)`/g)) {
    const word = raw.trim().replace(/[.,;:]$/, "");
    if (/[\s*<>{}[\]|$…?=#&'"]|:|^[/@~-]|^\.\.?\//.test(word)) continue; // routes, globs, URLs, scopes, commands
    if (!word.includes("/")) {
      if (SOURCE_FILE.test(word)) found.push({ path: word, bare: true });
      continue;
    }
    const first = word.split("/")[0];
    const last = word.replace(/\/$/, "").split("/").pop();
    if (exists(first) || /\.[a-z]{1,6}$/i.test(last)) found.push({ path: word, bare: false });
  }
  return found;
}

/** Relative Markdown link targets of a document (no scheme, no pure anchors). */
export function linksIn(text) {
  const found = [];
  for (const [, target] of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith("#")) continue;
    found.push(decodeURIComponent(target.split("#")[0]));
  }
  return found;
}

/** Problems found under `root`, one sentence each; empty when the docs are fine. */
export function checkDocs(root) {
  const files = walk(root);
  const names = new Set(files.map((f) => basename(f)));
  const problems = [];
  for (const doc of documents(files)) {
    const text = readFileSync(join(root, doc), "utf8");
    const size = Buffer.byteLength(text);
    const limit = LIMITS[doc] ?? LIMITS[basename(doc)];
    if (limit !== undefined && size > limit) {
      problems.push(
        `${doc}: ${size} bytes, more than ${limit} (a map, not a manual: move the rest to a topic doc)`,
      );
    }
    const dir = dirname(doc);
    const at = (p) => [p, join(dir, p), join(dir, "src", p)].some((c) => existsSync(join(root, c)));
    for (const { path, bare } of pathsIn(text, (first) => at(first))) {
      if (BUILD_OUTPUT.test(path)) continue;
      if (bare ? names.has(path) : at(path)) continue;
      problems.push(`${doc}: \`${path}\` does not exist`);
    }
    for (const link of linksIn(text)) {
      if (link && !existsSync(resolve(root, dir, link))) problems.push(`${doc}: link ${link} does not exist`);
    }
  }
  return problems;
}

const invoked = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  if (!statSync(root).isDirectory()) throw new Error(`not a folder: ${root}`);
  const problems = checkDocs(root);
  for (const p of problems) console.error(`check-docs: ${p}`);
  if (problems.length > 0) {
    console.error(`check-docs: ${problems.length} problem(s) in ${relative(process.cwd(), root) || "."}`);
    process.exit(1);
  }
}
