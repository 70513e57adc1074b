import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRuntimeToExit, startRuntime } from "./support/startRuntime.ts";
import { freshDatabaseUrl } from "./support/postgres.ts";
import { fetchJson } from "./support/http.ts";

describe("runtime process boot and shutdown", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "flowstate-boot-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs on the embedded database without DATABASE_URL and keeps data across SIGTERM restarts", async () => {
    const first = await startRuntime({ FLOWSTATE_DATA_DIR: dataDir });
    const health = (await fetchJson(`${first.url}/api/health`)).body;
    expect(health).toMatchObject({ ok: true, database: "pglite" });
    expect(await first.stop("SIGTERM")).toBe(0);

    // Write through a second, direct opening of the folder: it must open cleanly after SIGTERM.
    const direct = await PGlite.create(dataDir);
    await direct.query(
      `INSERT INTO process (id, key, name, updated_at) VALUES (gen_random_uuid(), 'kept', 'Kept across restarts', now())`,
    );
    await direct.close();

    const second = await startRuntime({ FLOWSTATE_DATA_DIR: dataDir });
    const list = (await fetchJson(`${second.url}/trpc/process.list`)).body;
    expect(list.result.data.map((p: { key: string }) => p.key)).toEqual(["kept"]);
    expect(await second.stop("SIGTERM")).toBe(0);

    const third = await startRuntime({ FLOWSTATE_DATA_DIR: dataDir });
    const again = (await fetchJson(`${third.url}/trpc/process.list`)).body;
    expect(again.result.data).toHaveLength(1);
    expect(await third.stop("SIGINT")).toBe(0);
  });

  it("demo login on the embedded database listens on loopback when HOST is unset, and is turned off (said once) on an explicit network HOST", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "flowstate-demohost-"));
    try {
      // HOST="" counts as unset; FLOWSTATE_DEMO_LOGIN=auto is the default a user gets.
      const local = await startRuntime({ FLOWSTATE_DATA_DIR: dir, HOST: "", FLOWSTATE_DEMO_LOGIN: "auto" });
      expect(local.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect((await fetchJson(`${local.url}/trpc/auth.me`)).body.result.data).toMatchObject({
        signedIn: true,
        username: "demo-admin",
      });
      expect(await local.stop("SIGTERM")).toBe(0);

      const exposed = await startRuntime({
        FLOWSTATE_DATA_DIR: dir,
        HOST: "0.0.0.0",
        FLOWSTATE_DEMO_LOGIN: "auto",
      });
      const out = exposed.output();
      expect(out.match(/demo login is off because HOST=0\.0\.0\.0/g)).toHaveLength(1);
      expect(out).not.toMatch(/demo mode: every visitor/);
      expect(out).toMatch(/\/setup\?token=/); // no admin yet and no demo login: the setup link
      expect((await fetchJson(`${exposed.url}/trpc/auth.me`)).body.result.data).toMatchObject({
        signedIn: false,
      });
      expect(await exposed.stop("SIGTERM")).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("uses PostgreSQL when DATABASE_URL is set", async () => {
    const fresh = await freshDatabaseUrl("boot");
    try {
      const runtime = await startRuntime({ DATABASE_URL: fresh.url });
      const health = (await fetchJson(`${runtime.url}/api/health`)).body;
      expect(health).toMatchObject({ ok: true, database: "postgres" });
      expect(await runtime.stop()).toBe(0);
    } finally {
      await fresh.drop();
    }
  });

  it(
    "two runtime processes with the default auto-migrate boot on one database: the first leaves no migration lock behind",
    { timeout: 60_000 },
    async () => {
      const fresh = await freshDatabaseUrl("twoboot");
      const env = {
        DATABASE_URL: fresh.url,
        FLOWSTATE_DEMO: "false",
        FLOWSTATE_DEMO_LOGIN: "false",
        FLOWSTATE_WORKER: "false",
      };
      const running: Awaited<ReturnType<typeof startRuntime>>[] = [];
      try {
        running.push(await startRuntime(env));
        // The schema engine's advisory lock went with the migration connection (a pooled one would keep it).
        const admin = new pg.Client({ connectionString: fresh.url });
        await admin.connect();
        const locks = await admin.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        await admin.end();
        expect(locks.rows[0].n).toBe(0);
        running.push(await startRuntime(env));
        for (const r of running)
          expect((await fetchJson(`${r.url}/api/health`)).body).toMatchObject({
            ok: true,
            database: "postgres",
          });
      } finally {
        for (const r of running) await r.stop();
        await fresh.drop();
      }
    },
  );

  it("boots with OIDC configured while the provider is unreachable (discovery is lazy): the button leads back with `unavailable`", async () => {
    const fresh = await freshDatabaseUrl("boot_oidc");
    try {
      const runtime = await startRuntime({
        DATABASE_URL: fresh.url,
        FLOWSTATE_PUBLIC_URL: "http://127.0.0.1:9999",
        FLOWSTATE_OIDC_ISSUER: "http://127.0.0.1:9/realms/nowhere",
        FLOWSTATE_OIDC_CLIENT_ID: "flowstate",
        FLOWSTATE_OIDC_ALLOW_HTTP: "true",
        FLOWSTATE_OIDC_NAME: "Nowhere SSO",
      });
      try {
        expect(runtime.output()).toContain(
          "OIDC sign-in through http://127.0.0.1:9/realms/nowhere (client flowstate, callback http://127.0.0.1:9999/api/auth/oidc/callback)",
        );
        expect((await fetchJson(`${runtime.url}/api/auth/oidc`)).body).toEqual({
          enabled: true,
          name: "Nowhere SSO",
        });
        const login = await fetch(`${runtime.url}/api/auth/oidc/login`, { redirect: "manual" });
        expect(login.status).toBe(302);
        expect(login.headers.get("location")).toBe("/?oidcError=unavailable");
      } finally {
        expect(await runtime.stop()).toBe(0);
      }
    } finally {
      await fresh.drop();
    }
  });

  it.each([
    [
      "a malformed DATABASE_URL",
      { DATABASE_URL: "not a url" },
      /^flowstate: invalid configuration: DATABASE_URL must be a URL like postgres:/,
    ],
    [
      "a non-Postgres DATABASE_URL",
      { DATABASE_URL: "mysql://root@127.0.0.1/x" },
      /^flowstate: invalid configuration: DATABASE_URL/,
    ],
    [
      "an unreachable database",
      { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nothing" },
      /^flowstate: cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/nothing: /,
    ],
    [
      "a database that does not exist",
      { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/flowstate_no_such_db" },
      /^flowstate: cannot connect to PostgreSQL .*flowstate_no_such_db.*does not exist/,
    ],
    ["a bad PORT", { PORT: "seventy" }, /^flowstate: invalid configuration: PORT /],
    [
      "a half-configured OIDC sign-in",
      { FLOWSTATE_OIDC_ISSUER: "https://sso.example.com/realms/acme" },
      /^flowstate: invalid configuration: OIDC sign-in is half configured \(FLOWSTATE_OIDC_ISSUER set\): also set FLOWSTATE_OIDC_CLIENT_ID/,
    ],
  ])("refuses to start with %s: one clear line, exit code ≠ 0", async (_label, env, pattern) => {
    const result = await runRuntimeToExit(env);
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
