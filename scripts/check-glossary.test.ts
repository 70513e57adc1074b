import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkGlossary, containsTerm, findViolations, parseGlossary } from "./check-glossary.mjs";

const glossary = parseGlossary(`
| Word | Meaning | Where it lives | Forbidden synonyms |
| ---- | ------- | -------------- | ------------------ |
| occurrence | one run of a node | engine | \`occurrenceKey\`, \`occurrence_key\` |
| action | a node that works | model | \`activity\` |
| version | a published model | prisma | |
`);

describe("check-glossary", () => {
  it("reads each word's forbidden synonyms from the glossary table", () => {
    expect(glossary).toEqual([
      { word: "occurrence", forbidden: ["occurrenceKey", "occurrence_key"] },
      { word: "action", forbidden: ["activity"] },
      { word: "version", forbidden: [] },
    ]);
  });

  it("finds a forbidden synonym at the start of a word, in any case and the plural, not inside another word", () => {
    expect(containsTerm("job.occurrenceKey!", "occurrenceKey")).toBe(true);
    expect(containsTerm("occurrenceKeys.map", "occurrenceKey")).toBe(true);
    expect(containsTerm('@map("occurrence_key")', "occurrence_key")).toBe(true);
    expect(containsTerm("<h2>Activity</h2>", "activity")).toBe(true);
    expect(containsTerm("after inactivity", "activity")).toBe(false);
    expect(containsTerm("schemaMigrationState", "migrationState")).toBe(false);
  });

  it("reports a forbidden synonym in code and in a file name, with its word; comments and allowed lines are not checked", () => {
    const hits = findViolations(glossary, {
      sources: [
        {
          path: "prisma/schema.prisma",
          text: [
            "model Job {",
            "  /// was occurrence_key once",
            '  occurrenceId String @map("occurrence_key")',
            "}",
          ].join("\n"),
        },
        { path: "apps/modeler/src/A.tsx", text: "// activity\nconst activity = 1; // glossary: allow\n" },
      ],
      names: ["apps/runtime/src/activity", "apps/runtime/src/instances/readOccurrenceKeys.ts"],
    });
    expect(hits).toEqual([
      { path: "prisma/schema.prisma", line: 3, term: "occurrence_key", word: "occurrence" },
      { path: "apps/runtime/src/activity", line: 0, term: "activity", word: "action" },
    ]);
  });

  it("passes on this checkout: no forbidden synonym of docs/glossary.md is used", () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    expect(checkGlossary(root)).toEqual([]);
  });
});
