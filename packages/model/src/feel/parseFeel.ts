import { parseExpression } from "feelin";

/** feelin's syntax tree (a lezer tree). */
export type FeelTree = ReturnType<typeof parseExpression>;

/** Where and why a FEEL expression fails to parse; `from`/`to` are character offsets into the expression. */
export interface FeelSyntaxError {
  message: string;
  from: number;
  to: number;
}

/** Result of `parseFeel`: the syntax tree, or the first syntax error. */
export type FeelParseResult = { ok: true; tree: FeelTree } | { ok: false; error: FeelSyntaxError };

function describe(expression: string, from: number, to: number, parent: string | undefined): string {
  const inside = parent && parent !== "Expression" ? ` in ${parent}` : "";
  if (from >= expression.length) return `unexpected end of expression${inside} at position ${from}`;
  const text = expression.slice(from, Math.max(to, from + 1));
  return `unexpected ${JSON.stringify(text)}${inside} at position ${from}`;
}

/**
 * Parses a FEEL expression (feelin's grammar; names with spaces are not supported without a
 * context). feelin's `parseExpression` does not throw on bad syntax: it marks error nodes, so this
 * walks the tree and reports the first one with its position. Never throws.
 */
export function parseFeel(expression: string): FeelParseResult {
  let tree: FeelTree;
  try {
    tree = parseExpression(expression, {}, undefined);
  } catch (error) {
    return {
      ok: false,
      error: {
        message: error instanceof Error ? error.message : String(error),
        from: 0,
        to: expression.length,
      },
    };
  }
  let error: FeelSyntaxError | undefined;
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) {
      const parent = cursor.node.parent?.type.name;
      error = {
        message: describe(expression, cursor.from, cursor.to, parent),
        from: cursor.from,
        to: cursor.to,
      };
      break;
    }
  } while (cursor.next());
  return error ? { ok: false, error } : { ok: true, tree };
}
