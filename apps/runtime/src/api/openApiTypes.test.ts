import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { v1Routes } from "@flowstate/client";
import type { OperationId, RouteSpec } from "@flowstate/client";
import { buildOpenApiDocument } from "./openApi.ts";

// An integrator who generates a client from `/api/v1/openapi.json` with a standard generator
// (openapi-typescript) gets the same types as `@flowstate/client`: for every route, what the client
// sends (params, query, body) is accepted by the generated types, and what the generated types
// answer is what the client promises. A route whose zod schema and document drift fails here.
//
// The one setting: openapi-typescript writes a recursive union (`JsonValue`, any JSON value) as a
// property that refers to itself, which TypeScript rejects (openapi-ts/openapi-typescript#1603); its
// `transform` option points it at a recursive type alias instead, as an integrator would.

// Under the runtime's node_modules so the check file resolves `@flowstate/client` as the runtime does.
const dir = path.resolve(import.meta.dirname, "../../node_modules/.cache/openapi-types-check");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One assignment per direction and part: the client's input → the document's; the document's output → the client's. */
function checksFor(op: OperationId, route: RouteSpec): string {
  const p = JSON.stringify(route.path.replace(/:([A-Za-z]+)/g, "{$1}"));
  const o = `paths[${p}][${JSON.stringify(route.method.toLowerCase())}]`;
  const lines = [`// ${route.method} ${route.path}`];
  if (route.params) lines.push(`export const ${op}_params = (x: In<"${op}">["params"]): Params<${o}> => x;`);
  if (route.query)
    lines.push(`export const ${op}_query = (x: NonNullable<In<"${op}">["query"]>): Query<${o}> => x;`);
  if (route.body) lines.push(`export const ${op}_body = (x: In<"${op}">["body"]): Body<${o}> => x;`);
  lines.push(
    route.produces === "image/svg+xml"
      ? `export const ${op}_output = (x: Answer<${o}, "image/svg+xml">): Out<"${op}"> => x;`
      : `export const ${op}_output = (x: Answer<${o}, "application/json">): Out<"${op}"> => x;`,
  );
  return lines.join("\n");
}

const prelude = `import type { OperationId, RouteInput, RouteOutput } from "@flowstate/client";
import type { paths } from "./openapi.ts";
type In<K extends OperationId> = RouteInput<K>;
type Out<K extends OperationId> = RouteOutput<K>;
type Params<O> = O extends { parameters: { path: infer P } } ? P : never;
type Query<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Body<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : never;
type Answer<O, M extends string> = O extends { responses: infer R }
  ? R extends { 200: { content: { [K in M]: infer A } } }
    ? A
    : R extends { 201: { content: { [K in M]: infer A } } }
      ? A
      : never
  : never;
`;

describe("a client generated from the OpenAPI document by openapi-typescript", () => {
  it("type-checks against @flowstate/client's inputs and outputs for every route", async () => {
    const jsonValue =
      "type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };";
    const generated = `${jsonValue}\n${astToString(
      await openapiTS(buildOpenApiDocument() as never, {
        transform: (_schema, meta) =>
          meta.path === "#/components/schemas/JsonValue"
            ? ts.factory.createTypeReferenceNode("JsonValue")
            : undefined,
      }),
    )}`;
    const routes = Object.entries(v1Routes) as [OperationId, RouteSpec][];
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "openapi.ts"), generated);
    writeFileSync(
      path.join(dir, "check.ts"),
      `${prelude}\n${routes.map(([op, r]) => checksFor(op, r)).join("\n")}\n`,
    );

    const program = ts.createProgram([path.join(dir, "check.ts")], {
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      types: ["node"],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    expect(problems, problems.slice(0, 5).join("\n\n")).toEqual([]);
    // The check covered every route, and the generated types name every path of the table.
    expect(routes.length).toBeGreaterThanOrEqual(30);
    for (const [, r] of routes) expect(generated).toContain(`"${r.path.replace(/:([A-Za-z]+)/g, "{$1}")}"`);
  }, 120_000);
});
