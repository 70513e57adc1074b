import { parseFeel } from "./parseFeel";
import type { FeelTree } from "./parseFeel";

type SyntaxNode = FeelTree["topNode"];

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function nameOf(node: SyntaxNode, source: string): string {
  // Names may contain spaces ("get value"): normalise inner whitespace to one space.
  return source.slice(node.from, node.to).trim().replace(/\s+/g, " ");
}

function boundName(node: SyntaxNode, source: string): string | undefined {
  const name = node.getChild("Name") ?? node.getChild("ParameterName")?.getChild("Name") ?? null;
  return name ? nameOf(name, source) : undefined;
}

/**
 * The variable names a FEEL expression reads from its context, in order of first use, without
 * duplicates. Only top-level names count: for `customer.address.city` it is `customer`. Names bound
 * inside the expression are excluded: `for`/`some`/`every` iteration variables, function
 * parameters, earlier entries of a context literal, and `item` inside a filter. Called function
 * names (`count(x)`) are not variables. Inside a filter `list[amount > 10]` a bare name may be a
 * property of the list element; it is listed (an over-approximation). An expression that does not
 * parse gives `[]`.
 */
export function feelVariables(expression: string): string[] {
  const parsed = parseFeel(expression);
  if (!parsed.ok) return [];
  const found: string[] = [];
  const seen = new Set<string>();

  const visit = (node: SyntaxNode, scope: ReadonlySet<string>): void => {
    switch (node.type.name) {
      case "VariableName": {
        const name = nameOf(node, expression);
        if (!scope.has(name) && !seen.has(name)) {
          seen.add(name);
          found.push(name);
        }
        return;
      }
      case "Type":
      case "PathName":
      case "Key":
      case "ParameterName":
        return;
      case "FunctionInvocation": {
        const [callee, ...rest] = children(node);
        if (callee && callee.type.name !== "VariableName") visit(callee, scope);
        for (const c of rest) visit(c, scope);
        return;
      }
      case "ForExpression":
      case "QuantifiedExpression": {
        const inner = new Set(scope);
        for (const c of children(node)) {
          if (c.type.name === "InExpressions") {
            for (const inExpr of children(c)) {
              for (const part of children(inExpr))
                if (part.type.name === "IterationContext") visit(part, inner);
              const bound = boundName(inExpr, expression);
              if (bound) inner.add(bound);
            }
          } else visit(c, inner);
        }
        return;
      }
      case "FunctionDefinition": {
        const inner = new Set(scope);
        const params = node.getChild("FormalParameters");
        if (params)
          for (const p of children(params)) {
            const bound = boundName(p, expression);
            if (bound) inner.add(bound);
          }
        const body = node.getChild("FunctionBody");
        if (body) visit(body, inner);
        return;
      }
      case "Context": {
        const inner = new Set(scope);
        for (const entry of children(node)) {
          if (entry.type.name !== "ContextEntry") continue;
          for (const part of children(entry)) if (part.type.name !== "Key") visit(part, inner);
          const key = entry.getChild("Key")?.getChild("Name");
          if (key) inner.add(nameOf(key, expression));
        }
        return;
      }
      case "FilterExpression": {
        const [target, ...rest] = children(node);
        if (target) visit(target, scope);
        const inner = new Set(scope).add("item");
        for (const c of rest) visit(c, inner);
        return;
      }
      default:
        for (const c of children(node)) visit(c, scope);
    }
  };
  visit(parsed.tree.topNode, new Set());
  return found;
}
