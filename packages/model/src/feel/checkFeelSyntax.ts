import { parseFeel } from "./parseFeel";
import type { FeelSyntaxError } from "./parseFeel";

/** FEEL's reserved words: never a variable name. */
export const FEEL_KEYWORDS: readonly string[] = [
  "and",
  "or",
  "not",
  "if",
  "then",
  "else",
  "for",
  "in",
  "return",
  "some",
  "every",
  "satisfies",
  "instance",
  "of",
  "function",
  "between",
  "null",
  "true",
  "false",
  "external",
];
const KEYWORDS = new Set(FEEL_KEYWORDS);
const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const OPERAND = `(${NAME}(?:\\.${NAME})*|-?\\d+(?:\\.\\d+)?|"[^"\\\\]*")`;
/** A path, a literal, or a comparison of two of them: the bulk of real mappings and conditions. */
const SIMPLE = new RegExp(`^\\s*${OPERAND}(?:\\s*(?:=|!=|<=|>=|<|>)\\s*${OPERAND})?\\s*$`);
const STANDALONE = new Set(["true", "false", "null"]);

/** A path operand is safe when none of its segments is a keyword (`true`, `false`, `null` only standing alone). */
function isSafeOperand(operand: string | undefined): boolean {
  if (operand === undefined || operand.startsWith('"') || /^-?\d/.test(operand) || STANDALONE.has(operand))
    return true;
  return operand.split(".").every((segment) => !KEYWORDS.has(segment));
}

/** True when the expression matches the simple grammar and uses no keyword as a name. */
function isSimple(expression: string): boolean {
  const m = SIMPLE.exec(expression);
  return m !== null && isSafeOperand(m[1]) && isSafeOperand(m[2]);
}

const CACHE_LIMIT = 4096;
const cache = new Map<string, FeelSyntaxError | null>();

/**
 * The syntax error of a FEEL expression, or `undefined` when it parses. Same answer as
 * `parseFeel`, made fast for validation: paths, literals and simple comparisons are recognised by a
 * regular expression without running the parser, and parser answers are memoised (a bounded,
 * deterministic cache: the answer depends on the text only). Never throws.
 */
export function checkFeelSyntax(expression: string): FeelSyntaxError | undefined {
  if (isSimple(expression)) return undefined;
  const cached = cache.get(expression);
  if (cached !== undefined) return cached ?? undefined;
  const result = parseFeel(expression);
  const error = result.ok ? null : result.error;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expression, error);
  return error ?? undefined;
}
