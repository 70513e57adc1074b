import { ProcessModelSchema } from "../schema/Process";
import type { ProcessModel } from "../schema/Process";
import { makeProblem } from "../validate/makeProblem";
import type { Problem } from "../validate/Problem";
import { schemaProblems } from "./schemaProblems";
import { upgradeFormat } from "./upgradeFormat";

/** Result of `parseModel`. `upgradedFrom` is the format version the document was written in. */
export type ParseResult =
  { ok: true; model: ProcessModel; upgradedFrom: number } | { ok: false; problems: Problem[] };

/**
 * Reads a process model: JSON text (a string) or an already parsed JSON value. Upgrades old format
 * versions, checks the schema and applies defaults. Never throws: malformed JSON, an unknown kind or
 * a wrong field give problems (with element ids where the element can be identified). Cross-element
 * rules (unique ids, references, lint) are `validateModel`'s job.
 */
export function parseModel(input: unknown): ParseResult {
  try {
    return parseUnchecked(input);
  } catch (error) {
    // Not expected for JSON input (property-tested); exotic values (throwing getters, proxies) land here.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [makeProblem("internal.error", [], `The document could not be read: ${message}`)],
    };
  }
}

function parseUnchecked(input: unknown): ParseResult {
  let raw = input;
  if (typeof input === "string") {
    try {
      raw = JSON.parse(input) as unknown;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        problems: [makeProblem("json.syntax", [], `The document is not valid JSON: ${message}`)],
      };
    }
  }
  const upgraded = upgradeFormat(raw);
  if (!upgraded.ok) return upgraded;
  const result = ProcessModelSchema.safeParse(upgraded.document);
  if (!result.success) return { ok: false, problems: schemaProblems(result.error.issues, upgraded.document) };
  return { ok: true, model: result.data, upgradedFrom: upgraded.upgradedFrom };
}
