import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { openDatabase } from "../src/db/openDatabase.ts";
import type { Database } from "../src/db/openDatabase.ts";
import { createServer } from "../src/server/createServer.ts";
import { systemActor } from "../src/auth/Actor.ts";
import { createInnerContext } from "../src/trpc/context.ts";
import { manualClock } from "../src/clock.ts";
import { freshDatabaseUrl } from "./support/postgres.ts";
import { fetchJson } from "./support/http.ts";
import { createRuntime } from "../src/createRuntime.ts";

describe("runtime HTTP server on PostgreSQL", () => {
  let db: Database;
  let app: FastifyInstance;
  let base: string;
  let dropDb: () => Promise<void>;
  let stopRuntime: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl("server");
    dropDb = fresh.drop;
    db = await openDatabase({ kind: "postgres", url: fresh.url });
    const clock = manualClock(new Date("2026-01-05T09:00:00Z"));
    const runtime = await createRuntime({ db, clock, publicUrl: "http://127.0.0.1:9", worker: false });
    stopRuntime = runtime.stop;
    app = await createServer({
      context: createInnerContext({ db, clock, appVersion: "9.9.9", rt: runtime.rt }),
      bodyLimit: 64 * 1024,
      demoActor: systemActor("demo-admin"),
    });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });

  afterAll(async () => {
    await app?.close();
    await stopRuntime?.();
    await db?.close();
    await dropDb?.();
  });

  it("GET /api/health reports the database kind, migration state and version", async () => {
    const { status, body } = await fetchJson(`${base}/api/health`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      database: "postgres",
      version: "9.9.9",
      time: "2026-01-05T09:00:00.000Z",
    });
    expect(body.schemaMigrations).toMatchObject({ upToDate: true, pending: [] });
    expect(body.schemaMigrations.applied).toBeGreaterThanOrEqual(1);
  });

  it("serves tRPC at /trpc", async () => {
    await db.prisma.process.create({ data: { key: "demo", name: "Demo process" } });
    const { status, body } = await fetchJson(
      `${base}/trpc/process.list?input=${encodeURIComponent(JSON.stringify({ search: "demo" }))}`,
    );
    expect(status).toBe(200);
    expect(body.result.data.map((p: { key: string }) => p.key)).toEqual(["demo"]);
  });

  it("answers an unknown process with a typed NOT_FOUND error", async () => {
    const { status, body } = await fetchJson(
      `${base}/trpc/process.get?input=${encodeURIComponent(JSON.stringify({ key: "nope" }))}`,
    );
    expect(status).toBe(404);
    expect(body.error.data.code).toBe("NOT_FOUND");
    expect(body.error.message).toContain("nope");
  });

  it("rejects invalid input with BAD_REQUEST and the failing field", async () => {
    const { status, body } = await fetchJson(
      `${base}/trpc/process.get?input=${encodeURIComponent(JSON.stringify({ key: 42 }))}`,
    );
    expect(status).toBe(400);
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.data.issues[0].path).toEqual(["key"]);
  });

  it("rejects malformed JSON and oversize bodies on /api with clear 4xx errors", async () => {
    const before = await db.prisma.process.count();
    const malformed = await fetchJson(`${base}/api/health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{bad",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("BAD_REQUEST");
    const big = await fetchJson(`${base}/api/health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pad: "x".repeat(100 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await db.prisma.process.count()).toBe(before);
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const { status, body } = await fetchJson(`${base}/api/does-not-exist`);
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "NOT_FOUND", message: "no route GET /api/does-not-exist" } });
  });
});
