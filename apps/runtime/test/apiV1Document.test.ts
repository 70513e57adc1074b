import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { compileErrors, validate } from "@readme/openapi-parser";
import { v1Routes } from "@flowstate/client";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { fetchJson } from "./support/http.ts";
import { createServer } from "../src/server/createServer.ts";
import { restPermissions } from "../src/auth/permissions.ts";

// The REST API's OpenAPI document is generated from the route table (`v1Routes`): every declared
// route is in it, with its operationId, and it validates as OpenAPI 3.1. The docs page renders it
// under the app's CSP (its own script file, no inline script).

describe("/api/v1/openapi.json and /api/docs", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  const registered = new Set<string>();

  beforeAll(async () => {
    t = await createTestContext("api_v1_document");
    app = await createServer({
      context: t.ctx,
      onRoute: (r) => {
        for (const m of [r.method].flat()) registered.add(`${m} ${r.url}`);
      },
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it("names every declared route with its operationId, and validates as OpenAPI 3.1", async () => {
    const { status, body } = await fetchJson(`${base}/api/v1/openapi.json`);
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    const declared = Object.entries(v1Routes);
    expect(declared.length).toBeGreaterThanOrEqual(30);
    for (const [operationId, route] of declared) {
      const path = route.path.replace(/:([A-Za-z]+)/g, "{$1}");
      const op = body.paths[path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path} is missing from the document`).toBeDefined();
      expect(op.operationId).toBe(operationId);
      // Every declared route is served, and has its line in the permission table.
      expect(
        registered.has(`${route.method} ${route.path}`),
        `${route.method} ${route.path} not served`,
      ).toBe(true);
      expect(Object.hasOwn(restPermissions, `${route.method} ${route.path}`)).toBe(true);
    }
    // Nothing in the document that the table does not declare.
    const documented = Object.values(body.paths as Record<string, object>).flatMap((m) => Object.keys(m));
    expect(documented).toHaveLength(declared.length);
    const result = await validate(structuredClone(body));
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
    expect(result.specification).toBe("OpenAPI");
  });

  it("generates request schemas from the zod source (a start's body, a search's query)", async () => {
    const { body } = await fetchJson(`${base}/api/v1/openapi.json`);
    const start = body.paths["/api/v1/instances"].post;
    const schema = start.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["processKey"]);
    expect(schema.additionalProperties).toBe(false);
    expect(start.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
    const search = body.paths["/api/v1/instances"].get.parameters as {
      name: string;
      in: string;
      schema: object;
    }[];
    expect(search.find((p) => p.name === "status")).toMatchObject({
      in: "query",
      schema: { enum: ["running", "completed", "failed", "cancelled", "locked"] },
    });
    expect(search.find((p) => p.name === "limit")?.schema).toMatchObject({
      type: "string",
      pattern: "^[0-9]{1,10}$",
    });
    expect(body.components.schemas.Error.required).toEqual(["error"]);
  });

  it("serves a docs page under the CSP: no inline script, its script and the document from this server", async () => {
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline'; ");
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toContain('src="/api/docs/docs.js"');
    expect(scripts[0]![2]!.trim()).toBe("");
    const js = await fetch(`${base}/api/docs/docs.js`);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await js.text()).toContain("/api/v1/openapi.json");
    const missing = await fetchJson(`${base}/api/docs/nope.js`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
  });
});
