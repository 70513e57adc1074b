#!/usr/bin/env node
// Checks docs/glossary.md's forbidden synonyms (one word per concept): none may appear in the
// Prisma schema, a zod schema file or router of the runtime, a folder or file name under apps/ and
// packages/, or the modeler's UI. Run by `pnpm lint`; exits 1 and lists every hit.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const skippedFolders = new Set(["node_modules", "dist", "generated", "test-results", ".turbo"]);

/** The glossary table's rows: each word and its forbidden synonyms (the backticked terms of the last column). */
export function parseGlossary(markdown) {
  const rows = [];
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) continue;
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length < 4 || /^-+$/.test(cells[0]) || cells[0] === "Word") continue;
    const forbidden = [...cells[cells.length - 1].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    rows.push({ word: cells[0], forbidden });
  }
  return rows;
}

/** The text without comments (`//`, `/* *\/`, Prisma's `///`) and without lines marked `// glossary: allow`. */
export function stripComments(text) {
  return text
    .split("\n")
    .filter((line) => !/\/\/\s*glossary:\s*allow\s*$/.test(line))
    .join("\n")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/**
 * Whether `text` holds `term` at the start of a word (a word may go on in camelCase or snake_case),
 * in any case and in the plural: `occurrenceKey` is found in `occurrenceKeys` and
 * `occurrenceKeyOf`; `activity` is not found in `inactivity`, nor `migrationState` in
 * `schemaMigrationState`.
 */
export function containsTerm(text, term) {
  const lower = text.toLowerCase();
  const t = term.toLowerCase();
  for (let i = lower.indexOf(t); i !== -1; i = lower.indexOf(t, i + 1)) {
    const startsWord = !/[a-z0-9]/i.test(text[i - 1] ?? "");
    let end = i + t.length;
    if (text[end] === "s" && !/[a-z0-9]/.test(text[end + 1] ?? "")) end += 1;
    const endsWord = !/[a-z0-9]/.test(text[end] ?? "");
    if (startsWord && endsWord) return true;
  }
  return false;
}

/**
 * Every forbidden synonym found in `sources` ({ path, text } checked as code without comments) and
 * `names` (paths whose folder and file names are checked). Returns { path, line, term, word } hits.
 */
export function findViolations(glossary, { sources = [], names = [] }) {
  const terms = glossary.flatMap((row) => row.forbidden.map((term) => ({ term, word: row.word })));
  const hits = [];
  for (const source of sources) {
    const lines = stripComments(source.text).split("\n");
    lines.forEach((text, index) => {
      for (const { term, word } of terms) {
        if (containsTerm(text, term)) hits.push({ path: source.path, line: index + 1, term, word });
      }
    });
  }
  for (const name of names) {
    const segment = name.split("/").at(-1) ?? "";
    for (const { term, word } of terms) {
      if (containsTerm(segment, term)) hits.push({ path: name, line: 0, term, word });
    }
  }
  return hits;
}

function walk(dir, root, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || skippedFolders.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    out.push(path.relative(root, full).split(path.sep).join("/"));
    if (entry.isDirectory()) walk(full, root, out);
  }
  return out;
}

/** What the check reads in a checkout: the Prisma schema, zod and router files, the modeler's UI, and all names. */
export function collectChecked(root) {
  const names = [...walk(path.join(root, "apps"), root, []), ...walk(path.join(root, "packages"), root, [])];
  const read = (p) => ({ path: p, text: readFileSync(path.join(root, p), "utf8") });
  const sources = [read("prisma/schema.prisma")];
  for (const p of names) {
    if (!/\.(ts|tsx)$/.test(p) || p.endsWith(".test.ts") || p.endsWith(".test.tsx")) continue;
    if (p.startsWith("apps/modeler/src/") && p.endsWith(".tsx")) sources.push(read(p));
    else if (p.startsWith("apps/runtime/src/routers/")) sources.push(read(p));
    else if (p.startsWith("apps/runtime/src/") || /^packages\/[^/]+\/src\//.test(p)) {
      const file = read(p);
      if (/from "zod"/.test(file.text)) sources.push(file);
    }
  }
  return { sources, names };
}

export function checkGlossary(root) {
  const glossary = parseGlossary(readFileSync(path.join(root, "docs/glossary.md"), "utf8"));
  return findViolations(glossary, collectChecked(root));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const hits = checkGlossary(root);
  for (const h of hits)
    console.error(
      `${h.path}${h.line ? `:${h.line}` : ""}: "${h.term}" is a forbidden synonym of "${h.word}" (docs/glossary.md)`,
    );
  if (hits.length) process.exit(1);
}
