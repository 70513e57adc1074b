import { chargeSteps, FeelFunction } from "feelin";
import { RE2JS } from "re2js";

/**
 * FEEL's regular-expression built-ins (`matches`, `replace`, `split`) on a linear-time engine
 * (re2js, a port of RE2: no backtracking, so `(a+)+$` cannot take exponential time). They are
 * handed to feelin in the evaluation context, where they take precedence over its built-ins of
 * the same name (a variable of that name still shadows them). Semantics follow feelin's: flags
 * `s`, `m`, `i` (`x` is not implemented), `$0`/`$1`… in replacements, JavaScript `split` (captured
 * groups included). A pattern that is invalid as a JavaScript regular expression gives `null`
 * (as before); a valid one the linear-time engine cannot run (back-references, look-ahead) is an
 * error: `FeelRegexError`. Decision record: docs/decisions/0010-linear-time-feel-regex.md.
 */
export class FeelRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeelRegexError";
  }
}

const MAX_CACHE = 500;
const cache = new Map<string, RE2JS | null>();

function flagBits(flags: string): number {
  const illegal = flags.replace(/[smix]/g, "");
  if (illegal !== "") throw new FeelRegexError(`illegal flags: ${illegal}`);
  if (flags.includes("x")) throw new FeelRegexError("the regular expression flag x is not implemented");
  return (
    (flags.includes("s") ? RE2JS.DOTALL : 0) |
    (flags.includes("m") ? RE2JS.MULTILINE : 0) |
    (flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0)
  );
}

/** The compiled pattern, `null` when it is not a valid (JavaScript, `u`) regular expression; throws `FeelRegexError` when RE2 refuses a valid one. */
function compile(pattern: string, flags: string): RE2JS | null {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const bits = flagBits(flags);
  let compiled: RE2JS | null;
  try {
    // Compiling a JavaScript RegExp runs no match: it only tells whether feelin accepted the pattern.
    new RegExp(pattern, "u");
  } catch {
    compiled = null;
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(key, compiled);
    return compiled;
  }
  try {
    compiled = RE2JS.compile(pattern, bits);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new FeelRegexError(
      `the pattern ${JSON.stringify(pattern)} is not supported by the linear-time regular expression engine (${why})`,
    );
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/**
 * Steps a call costs besides its node (FEEL limits, decision 0009): linear in the input, more for
 * `replace`/`split`, whose cost is per match (measured ~10× that of a `matches` scan per character).
 */
const CHARS_PER_STEP = { scan: 64, perMatch: 8 };

const optionalString = (v: unknown): v is string | null | undefined =>
  v === undefined || v === null || typeof v === "string";

function matches(input: unknown, pattern: unknown, flags?: unknown): boolean | null {
  if (typeof input !== "string" || typeof pattern !== "string" || !optionalString(flags)) return null;
  const re = compile(pattern, flags ?? "");
  if (re === null) return null;
  chargeSteps(input.length / CHARS_PER_STEP.scan);
  return re.test(input);
}

function replace(input: unknown, pattern: unknown, replacement: unknown, flags?: unknown): string | null {
  if (
    typeof input !== "string" ||
    typeof pattern !== "string" ||
    typeof replacement !== "string" ||
    !optionalString(flags)
  )
    return null;
  const re = compile(pattern, flags ?? "");
  if (re === null) return null;
  chargeSteps(input.length / CHARS_PER_STEP.perMatch);
  return re.matcher(input).replaceAll(replacement.replace(/\$0/g, "$$&"));
}

/** JavaScript's `String.prototype.split(regexp)` (ECMA-262 §22.2.6.14) on RE2 matches. */
function split(input: unknown, delimiter: unknown): (string | null)[] | null {
  if (typeof input !== "string" || typeof delimiter !== "string") return null;
  const re = compile(delimiter, "");
  if (re === null) return null;
  chargeSteps(input.length / CHARS_PER_STEP.perMatch);
  const m = re.matcher(input);
  if (input.length === 0) return m.find(0) ? [] : [input];
  const out: (string | null)[] = [];
  let p = 0;
  let q = 0;
  while (q < input.length && m.find(q)) {
    const start = m.start();
    const end = m.end();
    if (start >= input.length) break;
    if (end === p) {
      q = start + 1;
      continue;
    }
    out.push(input.slice(p, start));
    for (let g = 1; g <= m.groupCount(); g++) out.push(m.group(g));
    p = end;
    q = end;
  }
  out.push(input.slice(p));
  return out;
}

/** The context entries that replace feelin's regular-expression built-ins. */
export const feelRegexFunctions: Readonly<Record<string, FeelFunction>> = {
  matches: new FeelFunction(matches, ["input", "pattern", "flags"]),
  replace: new FeelFunction(replace, ["input", "pattern", "replacement", "flags"]),
  split: new FeelFunction(split, ["string", "delimiter"]),
};
