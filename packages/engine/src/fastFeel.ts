import { FEEL_KEYWORDS } from "@flowstate/model";
import type { Json } from "./Json";

type Operand =
  { kind: "path"; segments: string[] } | { kind: "literal"; value: string | number | boolean | null };
type Compiled =
  | { op: undefined; left: Operand }
  | { op: "=" | "!=" | "<" | "<=" | ">" | ">="; left: Operand; right: Operand };

const TOKEN =
  /\s*("[^"\\]*"|-?\d+(?:\.\d+)?(?![\w.])|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|!=|<=|>=|=|<|>)/y;
/** FEEL's keywords, and `item` (the current element in filters): never a plain path. */
const KEYWORDS = new Set([...FEEL_KEYWORDS, "item"]);
const OPERATORS = new Set(["=", "!=", "<", "<=", ">", ">="]);
const MAX_CACHE = 10_000;
const cache = new Map<string, Compiled | null>();

function operand(token: string): Operand | undefined {
  if (token.startsWith('"')) return { kind: "literal", value: token.slice(1, -1) };
  if (token === "true" || token === "false") return { kind: "literal", value: token === "true" };
  if (token === "null") return { kind: "literal", value: null };
  if (/^-?\d/.test(token)) return { kind: "literal", value: Number(token) };
  const segments = token.split(".");
  if (segments.some((s) => KEYWORDS.has(s))) return undefined;
  return { kind: "path", segments };
}

function compile(expression: string): Compiled | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < expression.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(expression);
    if (!m || m[1] === undefined) break;
    tokens.push(m[1]);
    at = TOKEN.lastIndex;
  }
  if (expression.slice(at).trim() !== "") return null;
  if (tokens.length === 1) {
    const left = operand(tokens[0] ?? "");
    return left ? { op: undefined, left } : null;
  }
  if (tokens.length !== 3) return null;
  const [a, op, b] = tokens as [string, string, string];
  if (!OPERATORS.has(op) || OPERATORS.has(a) || OPERATORS.has(b)) return null;
  const left = operand(a);
  const right = operand(b);
  return left && right ? { op: op as "=", left, right } : null;
}

const FALLBACK = Symbol("fallback");

function valueOf(o: Operand, context: Readonly<Record<string, unknown>>): unknown {
  if (o.kind === "literal") return o.value;
  const [first, ...rest] = o.segments;
  if (first === undefined || !Object.prototype.hasOwnProperty.call(context, first)) return FALLBACK;
  let v: unknown = context[first];
  for (const s of rest) {
    if (v === null || v === undefined) return null;
    if (typeof v !== "object" || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype)
      return FALLBACK;
    v = Object.prototype.hasOwnProperty.call(v, s) ? (v as Record<string, unknown>)[s] : null;
  }
  if (v === undefined) return null;
  if (
    v === null ||
    typeof v === "string" ||
    typeof v === "boolean" ||
    (typeof v === "number" && Number.isFinite(v))
  )
    return v;
  if (typeof v === "object" && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)) return v;
  return FALLBACK;
}

/**
 * A fast, exact evaluator for the most common FEEL shapes — a literal, a name path (`result.id`),
 * or `path op literal` comparisons of same-typed strings/numbers/booleans or with `null` — which
 * otherwise cost a full feelin parse per call. Returns `undefined` whenever the answer is not
 * certain to equal feelin's (unknown top-level names, lists on a path, mixed types, anything
 * else); the caller then evaluates with feelin. Property-tested against feelin.
 */
export function fastFeel(
  expression: string,
  context: Readonly<Record<string, unknown>>,
): { value: Json } | undefined {
  let compiled = cache.get(expression);
  if (compiled === undefined) {
    compiled = compile(expression);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(expression, compiled);
  }
  if (compiled === null) return undefined;
  const left = valueOf(compiled.left, context);
  if (left === FALLBACK) return undefined;
  if (compiled.op === undefined) return { value: left as Json };
  const right = valueOf(compiled.right, context);
  if (right === FALLBACK) return undefined;
  switch (compiled.op) {
    case "=":
    case "!=": {
      let equal: boolean;
      if (left === null || right === null) equal = left === right;
      else if (
        (typeof left === "string" || typeof left === "number" || typeof left === "boolean") &&
        typeof left === typeof right
      )
        equal = left === right;
      else return undefined;
      return { value: compiled.op === "=" ? equal : !equal };
    }
    default: {
      if (typeof left !== "number" || typeof right !== "number") return undefined;
      const value =
        compiled.op === "<"
          ? left < right
          : compiled.op === "<="
            ? left <= right
            : compiled.op === ">"
              ? left > right
              : left >= right;
      return { value };
    }
  }
}
