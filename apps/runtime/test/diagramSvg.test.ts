import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDiagram, sceneToSvg } from "@flowstate/diagram";
import { fixtures } from "@flowstate/model/fixtures";
import { createServer } from "../src/server/createServer.ts";
import { createUser } from "../src/auth/userAccounts.ts";
import type { openApiDocument } from "../src/server/openApiDocument.ts";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { signIn } from "./support/signIn.ts";

const sales = fixtures["sales-case"];
const password = "a long password for the diagram test";

describe("GET /api/v1/processes/:key/versions/:n/diagram.svg (real HTTP, session cookies)", () => {
  let t: TestContext;
  let base: string;
  let close: () => Promise<void>;
  let viewer: string;
  let draftId: string;

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/processes/${path}`, { headers });
  const asViewer = (path: string, headers: Record<string, string> = {}) =>
    get(path, { cookie: viewer, ...headers });

  beforeAll(async () => {
    t = await createTestContext("diagramsvg");
    await createUser(t.db, { username: "viewer-svg", password, roles: ["viewer"] });
    // v1 published, v2 a draft of the same process
    const imported = await t.caller.process.import({ model: sales });
    await t.caller.version.publish({ id: imported.versionId, acceptWarnings: true });
    draftId = (
      await t.caller.version.createDraft({ processKey: sales.key, fromVersionId: imported.versionId })
    ).versionId;
    const app = await createServer({
      context: t.ctx,
      rateLimits: { loginPerMinute: 1000, apiPerMinute: 1000 },
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    close = () => app.close();
    viewer = (await signIn(base, "viewer-svg", password)).cookie;
  });
  afterAll(async () => {
    await close?.();
    await t?.close();
  });

  it("answers a viewer with the renderer's SVG bytes, image/svg+xml, a strong content-hash ETag and an immutable cache for a published version", async () => {
    const res = await asViewer(`${sales.key}/versions/1/diagram.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const body = await res.text();
    const stored = (await t.caller.version.get({ processKey: sales.key, number: 1 })).model;
    expect(body).toBe(sceneToSvg(renderDiagram(stored)));
    expect(body).toContain("<svg");
    expect(body).not.toContain("foreignObject");
    for (const state of stored.states) expect(body).toContain(state.name.replace(/&/g, "&amp;").slice(0, 8));
    expect(res.headers.get("etag")).toBe(`"${createHash("sha256").update(body).digest("base64url")}"`);
    expect(res.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
  });

  it("draws the whole model: the SVG's view box holds every state box of the stored diagram", async () => {
    const body = await (await asViewer(`${sales.key}/versions/1/diagram.svg`)).text();
    const [x, y, width, height] = (/viewBox="([^"]+)"/.exec(body)?.[1] ?? "").split(" ").map(Number) as [
      number,
      number,
      number,
      number,
    ];
    for (const box of Object.values(sales.diagram.states)) {
      expect(box.x).toBeGreaterThanOrEqual(x);
      expect(box.y).toBeGreaterThanOrEqual(y);
      expect(box.x + box.width).toBeLessThanOrEqual(x + width);
      expect(box.y + box.height).toBeLessThanOrEqual(y + height);
    }
  });

  it("answers 304 without a body when If-None-Match names the ETag (alone, weak, in a list, or *), 200 otherwise", async () => {
    const etag = (await asViewer(`${sales.key}/versions/1/diagram.svg`)).headers.get("etag")!;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const res = await asViewer(`${sales.key}/versions/1/diagram.svg`, { "if-none-match": header });
      expect(res.status, header).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
      expect(await res.text()).toBe("");
    }
    const other = await asViewer(`${sales.key}/versions/1/diagram.svg`, {
      "if-none-match": '"something-else"',
    });
    expect(other.status).toBe(200);
    expect((await other.text()).length).toBeGreaterThan(1000);
  });

  it("draws a draft as saved: revalidated (no-cache), and its ETag changes with a save", async () => {
    const first = await asViewer(`${sales.key}/versions/2/diagram.svg`);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const etag = first.headers.get("etag")!;
    const draft = await t.caller.version.get({ id: draftId });
    const renamed = {
      ...draft.model,
      states: draft.model.states.map((s, i) => (i === 0 ? { ...s, name: "Renamed for the drawing" } : s)),
    };
    await t.caller.version.saveDraft({ id: draftId, model: renamed, baseRevision: draft.revision });
    const second = await asViewer(`${sales.key}/versions/2/diagram.svg`, { "if-none-match": etag });
    expect(second.status).toBe(200);
    expect(second.headers.get("etag")).not.toBe(etag);
    expect(await second.text()).toContain("Renamed for the drawing");
  });

  it("answers an unknown process or version with 404 in the error shape", async () => {
    for (const path of [`nope/versions/1/diagram.svg`, `${sales.key}/versions/99/diagram.svg`]) {
      const res = await asViewer(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
    }
  });

  it("answers a version number that is not an integer from 1 to 2147483647 with 400 in the error shape", async () => {
    for (const n of ["abc", "1.5", "0", "-1", "01", "1e3", "%201", "2147483648", "99999999999999999999999"]) {
      const res = await asViewer(`${sales.key}/versions/${n}/diagram.svg`);
      expect(res.status, n).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: "BAD_REQUEST", message: expect.stringContaining("version number") },
      });
    }
    expect((await asViewer(`${sales.key}/versions/2147483647/diagram.svg`)).status).toBe(404);
  });

  it("refuses anonymous callers with 401 (like every read route) and leaves the version unchanged", async () => {
    const before = await t.db.prisma.version.findMany({ orderBy: { number: "asc" } });
    const res = await get(`${sales.key}/versions/1/diagram.svg`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } });
    expect(await t.db.prisma.version.findMany({ orderBy: { number: "asc" } })).toEqual(before);
  });

  it("draws a stored model that no longer parses as far as it goes: never a 500", async () => {
    const process = await t.db.prisma.process.create({ data: { key: "broken", name: "Broken" } });
    await t.db.prisma.version.create({
      data: {
        processId: process.id,
        number: 1,
        status: "published",
        model: {
          formatVersion: 1,
          key: "broken",
          states: [{ id: "s", name: "Still drawn" }],
          nodes: "not a list",
          diagram: { states: { s: { x: "NaN", y: 0, width: 1e308, height: 10 } } },
        },
      },
    });
    const res = await asViewer(`broken/versions/1/diagram.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(await res.text()).toContain("<svg");
  });

  it("is described in /api/openapi.json", async () => {
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as typeof openApiDocument;
    const op = doc.paths["/api/v1/processes/{key}/versions/{n}/diagram.svg"].get;
    expect(Object.keys(op.responses).sort()).toEqual(["200", "304", "400", "401", "403", "404"]);
    expect(Object.keys(op.responses["200"].content)).toEqual(["image/svg+xml"]);
  });
});
