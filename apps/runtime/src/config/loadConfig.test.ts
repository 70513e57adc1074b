import { describe, expect, it } from "vitest";
import { ConfigError } from "./ConfigError.ts";
import { loadConfig } from "./loadConfig.ts";

const base = { DATABASE_URL: "postgres://flow@db.example:5432/flow" };

describe("loadConfig", () => {
  it("sizes the PostgreSQL pool from FLOWSTATE_DB_POOL_SIZE, 20 by default", () => {
    expect(loadConfig(base).database).toEqual({ kind: "postgres", url: base.DATABASE_URL, poolSize: 20 });
    expect(loadConfig({ ...base, FLOWSTATE_DB_POOL_SIZE: "64" }).database).toMatchObject({ poolSize: 64 });
  });

  it("refuses a pool size that is not a whole number between 2 and 500, naming the variable", () => {
    for (const bad of ["0", "1", "abc", "2.5", "501"]) {
      expect(() => loadConfig({ ...base, FLOWSTATE_DB_POOL_SIZE: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, FLOWSTATE_DB_POOL_SIZE: bad })).toThrow(/FLOWSTATE_DB_POOL_SIZE/);
    }
  });

  it("allows FLOWSTATE_PUBLIC_URL's host and FLOWSTATE_ALLOWED_HOSTS' names as Host; refuses entries with a scheme or port", () => {
    expect(loadConfig(base).allowedHosts).toEqual([]);
    expect(
      loadConfig({
        ...base,
        FLOWSTATE_PUBLIC_URL: "https://flow.example.org:8443/app",
        FLOWSTATE_ALLOWED_HOSTS: "ops.internal, [fd00::1]",
      }).allowedHosts,
    ).toEqual(["flow.example.org:8443", "ops.internal", "[fd00::1]"]);
    for (const bad of ["https://evil.example", "host:80", "a b"])
      expect(() => loadConfig({ ...base, FLOWSTATE_ALLOWED_HOSTS: bad }), bad).toThrow(
        /FLOWSTATE_ALLOWED_HOSTS/,
      );
  });

  it("turns tracing on only with OTEL_EXPORTER_OTLP_ENDPOINT, refusing a non-http URL", () => {
    expect(loadConfig(base).tracing).toBeUndefined();
    expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: "" }).tracing).toBeUndefined();
    expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).tracing).toEqual({
      endpoint: "http://collector:4318",
      serviceName: "flowstate-runtime",
    });
    expect(
      loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example", OTEL_SERVICE_NAME: "wf" })
        .tracing,
    ).toEqual({ endpoint: "https://otel.example", serviceName: "wf" });
    expect(() => loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it("keeps the http handler's SSRF guard on unless FLOWSTATE_HTTP_ALLOW_PRIVATE is true", () => {
    expect(loadConfig(base).httpAllowPrivate).toBe(false);
    expect(loadConfig({ ...base, FLOWSTATE_HTTP_ALLOW_PRIVATE: "true" }).httpAllowPrivate).toBe(true);
    expect(loadConfig({ ...base, FLOWSTATE_HTTP_ALLOW_PRIVATE: "1" }).httpAllowPrivate).toBe(true);
    expect(() => loadConfig({ ...base, FLOWSTATE_HTTP_ALLOW_PRIVATE: "yes" })).toThrow(
      /FLOWSTATE_HTTP_ALLOW_PRIVATE/,
    );
  });

  it("uses the embedded database when DATABASE_URL is unset", () => {
    expect(loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/flowstate-config-test" }).database).toEqual({
      kind: "pglite",
      dataDir: "/tmp/flowstate-config-test",
    });
  });

  it("turns demo login on with the embedded demo and off on PostgreSQL, unless FLOWSTATE_DEMO_LOGIN says", () => {
    expect(loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x" }).demoLogin).toBe(true);
    expect(loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x", FLOWSTATE_DEMO_LOGIN: "false" }).demoLogin).toBe(false);
    expect(loadConfig(base).demoLogin).toBe(false);
    expect(loadConfig({ ...base, FLOWSTATE_DEMO_LOGIN: "true" }).demoLogin).toBe(true);
  });

  it("binds loopback by default while demo login is on, and 0.0.0.0 otherwise", () => {
    expect(loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x" })).toMatchObject({
      demoLogin: true,
      host: "127.0.0.1",
      notices: [],
    });
    expect(loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x", FLOWSTATE_DEMO_LOGIN: "true" })).toMatchObject({
      demoLogin: true,
      host: "127.0.0.1",
    });
    expect(loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x", FLOWSTATE_DEMO_LOGIN: "false" })).toMatchObject({
      demoLogin: false,
      host: "0.0.0.0",
    });
    expect(loadConfig(base)).toMatchObject({ demoLogin: false, host: "0.0.0.0" });
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) {
      expect(loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x", HOST: host }), host).toMatchObject({
        demoLogin: true,
        host,
        notices: [],
      });
    }
  });

  it("turns a default demo login off, saying why, when HOST is explicitly a network address; FLOWSTATE_DEMO_LOGIN=true keeps it", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.org"]) {
      const c = loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x", HOST: host });
      expect(c, host).toMatchObject({ demoLogin: false, demo: true, host });
      expect(c.notices, host).toHaveLength(1);
      expect(c.notices[0]).toMatch(/demo login is off because HOST=.* FLOWSTATE_DEMO_LOGIN=true/);
    }
    expect(
      loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x", HOST: "0.0.0.0", FLOWSTATE_DEMO_LOGIN: "true" }),
    ).toMatchObject({ demoLogin: true, host: "0.0.0.0", notices: [] });
    expect(
      loadConfig({ FLOWSTATE_DATA_DIR: "/tmp/x", HOST: "0.0.0.0", FLOWSTATE_DEMO_LOGIN: "1" }),
    ).toMatchObject({ demoLogin: true, notices: [] });
    expect(loadConfig({ ...base, HOST: "0.0.0.0", FLOWSTATE_DEMO: "true" })).toMatchObject({
      demoLogin: false,
      notices: [expect.stringMatching(/demo login is off/)],
    });
    expect(loadConfig({ ...base, HOST: "0.0.0.0" })).toMatchObject({ demoLogin: false, notices: [] });
  });

  it("reads FLOWSTATE_TRUST_PROXY: off by default, true, or proxy addresses/CIDRs; refuses hop counts and garbage", () => {
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, FLOWSTATE_TRUST_PROXY: "" }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, FLOWSTATE_TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, FLOWSTATE_TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(
      loadConfig({ ...base, FLOWSTATE_TRUST_PROXY: "10.0.0.1, 172.16.0.0/12,::1,fd00::/8,loopback" })
        .trustProxy,
    ).toEqual(["10.0.0.1", "172.16.0.0/12", "::1", "fd00::/8", "loopback"]);
    for (const bad of ["1", "2", "proxy.example", "10.0.0.0/33", "10.0.0.1,,nope", "300.1.1.1"]) {
      expect(() => loadConfig({ ...base, FLOWSTATE_TRUST_PROXY: bad }), bad).toThrow(/FLOWSTATE_TRUST_PROXY/);
    }
  });

  it("reads FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL (schema migrations as the schema owner); it needs DATABASE_URL", () => {
    expect(loadConfig(base).schemaMigrationDatabaseUrl).toBeUndefined();
    expect(
      loadConfig({ ...base, FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL: "" }).schemaMigrationDatabaseUrl,
    ).toBeUndefined();
    expect(
      loadConfig({
        ...base,
        FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL: "postgres://owner@db.example:5432/flow",
      }).schemaMigrationDatabaseUrl,
    ).toBe("postgres://owner@db.example:5432/flow");
    expect(() => loadConfig({ ...base, FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL: "mysql://x@y/z" })).toThrow(
      /FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL/,
    );
    expect(() =>
      loadConfig({
        FLOWSTATE_DATA_DIR: "/tmp/x",
        FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL: "postgres://owner@db.example:5432/flow",
      }),
    ).toThrow(/needs DATABASE_URL/);
  });

  it("still reads the deprecated FLOWSTATE_AUTO_MIGRATE and FLOWSTATE_MIGRATION_DATABASE_URL, with a notice", () => {
    expect(loadConfig(base).autoSchemaMigration).toBe(true);
    const old = loadConfig({
      ...base,
      FLOWSTATE_AUTO_MIGRATE: "false",
      FLOWSTATE_MIGRATION_DATABASE_URL: "postgres://owner@db.example:5432/flow",
    });
    expect(old.autoSchemaMigration).toBe(false);
    expect(old.schemaMigrationDatabaseUrl).toBe("postgres://owner@db.example:5432/flow");
    expect(old.notices).toEqual(
      expect.arrayContaining([
        "FLOWSTATE_AUTO_MIGRATE is deprecated: use FLOWSTATE_AUTO_SCHEMA_MIGRATION",
        "FLOWSTATE_MIGRATION_DATABASE_URL is deprecated: use FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL",
      ]),
    );
    expect(
      loadConfig({ ...base, FLOWSTATE_AUTO_MIGRATE: "false", FLOWSTATE_AUTO_SCHEMA_MIGRATION: "true" })
        .autoSchemaMigration,
    ).toBe(true);
  });

  it("reads the first admin, session lifetime and rate limits; refuses a half-given admin or a short password", () => {
    const c = loadConfig({
      ...base,
      FLOWSTATE_ADMIN_USERNAME: "root",
      FLOWSTATE_ADMIN_PASSWORD: "twelve chars!",
      FLOWSTATE_SESSION_HOURS: "2",
      FLOWSTATE_RATE_LIMIT_LOGIN: "5",
      FLOWSTATE_RATE_LIMIT_API: "50",
    });
    expect(c.admin).toEqual({ username: "root", password: "twelve chars!" });
    expect(c.sessionTtlMs).toBe(2 * 60 * 60 * 1000);
    expect(c.rateLimits).toEqual({ loginPerMinute: 5, apiPerMinute: 50 });
    expect(loadConfig(base)).toMatchObject({
      sessionTtlMs: 8 * 60 * 60 * 1000,
      rateLimits: { loginPerMinute: 10, apiPerMinute: 600 },
    });
    expect(loadConfig(base).admin).toBeUndefined();
    expect(() => loadConfig({ ...base, FLOWSTATE_ADMIN_USERNAME: "root" })).toThrow(
      /FLOWSTATE_ADMIN_PASSWORD/,
    );
    expect(() =>
      loadConfig({ ...base, FLOWSTATE_ADMIN_USERNAME: "root", FLOWSTATE_ADMIN_PASSWORD: "short" }),
    ).toThrow(/FLOWSTATE_ADMIN_PASSWORD/);
    expect(() => loadConfig({ ...base, FLOWSTATE_RATE_LIMIT_LOGIN: "0" })).toThrow(
      /FLOWSTATE_RATE_LIMIT_LOGIN/,
    );
  });
});

describe("integration settings in the environment", () => {
  it("reads API keys with scopes, remote handlers, RabbitMQ and the worker lease", () => {
    expect(
      loadConfig({
        FLOWSTATE_API_KEYS: "a@handler:billing.charge, b",
        FLOWSTATE_REMOTE_HANDLERS: "billing.charge, shipping.book",
        FLOWSTATE_AMQP_URL: "amqp://guest:guest@127.0.0.1:5672",
        FLOWSTATE_WORKER_LEASE_MS: "3000",
      }),
    ).toMatchObject({
      apiKeys: ["a@handler:billing.charge", "b"],
      remoteHandlers: ["billing.charge", "shipping.book"],
      amqp: { url: "amqp://guest:guest@127.0.0.1:5672", replyQueue: "flowstate.replies" },
      workerLeaseMs: 3000,
    });
    const plain = loadConfig({});
    expect(plain).toMatchObject({ apiKeys: [], remoteHandlers: [], workerLeaseMs: 30_000 });
    expect(plain.amqp).toBeUndefined();
  });

  it("names every bad integration setting on one line", () => {
    const bad = () =>
      loadConfig({
        FLOWSTATE_API_KEYS: "good-key, bad@nope",
        FLOWSTATE_REMOTE_HANDLERS: "billing.charge, 9bad",
        FLOWSTATE_AMQP_URL: "http://rabbit",
        FLOWSTATE_WORKER_LEASE_MS: "10",
      });
    expect(bad).toThrow(ConfigError);
    for (const name of [
      /FLOWSTATE_API_KEYS unknown API key scope "nope"/,
      /FLOWSTATE_REMOTE_HANDLERS/,
      /FLOWSTATE_AMQP_URL/,
      /FLOWSTATE_WORKER_LEASE_MS/,
    ])
      expect(bad).toThrow(name);
  });
});

describe("OIDC sign-in settings (FLOWSTATE_OIDC_*)", () => {
  const oidc = {
    FLOWSTATE_OIDC_ISSUER: "https://login.example.com/realms/acme",
    FLOWSTATE_OIDC_CLIENT_ID: "flowstate",
    FLOWSTATE_PUBLIC_URL: "https://flow.example.com",
  };

  it("is off without any FLOWSTATE_OIDC_* (empty values count as unset)", () => {
    expect(loadConfig(base).oidc).toBeUndefined();
    expect(
      loadConfig({ ...base, FLOWSTATE_OIDC_ISSUER: "", FLOWSTATE_OIDC_CLIENT_ID: "" }).oidc,
    ).toBeUndefined();
  });

  it("reads issuer and client, derives the callback from the public URL, and has defaults for the rest", () => {
    expect(loadConfig({ ...base, ...oidc }).oidc).toEqual({
      issuer: "https://login.example.com/realms/acme",
      clientId: "flowstate",
      redirectUrl: "https://flow.example.com/api/auth/oidc/callback",
      name: "single sign-on",
      scopes: "openid profile email",
      rolesClaim: "roles",
      groupsClaim: "groups",
      defaultRoles: [],
      allowHttp: false,
    });
    const full = loadConfig({
      ...base,
      ...oidc,
      FLOWSTATE_OIDC_CLIENT_SECRET: "s3cret",
      FLOWSTATE_OIDC_REDIRECT_URL: "https://other.example.com/api/auth/oidc/callback",
      FLOWSTATE_OIDC_NAME: "Keycloak",
      FLOWSTATE_OIDC_SCOPES: "openid profile",
      FLOWSTATE_OIDC_ROLES_CLAIM: "realm_access.roles",
      FLOWSTATE_OIDC_GROUPS_CLAIM: "https://flow.example.com/groups",
      FLOWSTATE_OIDC_DEFAULT_ROLES: "viewer",
    }).oidc;
    expect(full).toMatchObject({
      clientSecret: "s3cret",
      redirectUrl: "https://other.example.com/api/auth/oidc/callback",
      name: "Keycloak",
      scopes: "openid profile",
      rolesClaim: "realm_access.roles",
      groupsClaim: "https://flow.example.com/groups",
      defaultRoles: ["viewer"],
    });
  });

  it("refuses a partial configuration, naming what is missing", () => {
    expect(() => loadConfig({ ...base, FLOWSTATE_OIDC_ISSUER: oidc.FLOWSTATE_OIDC_ISSUER })).toThrow(
      ConfigError,
    );
    expect(() =>
      loadConfig({
        ...base,
        FLOWSTATE_OIDC_ISSUER: oidc.FLOWSTATE_OIDC_ISSUER,
        FLOWSTATE_PUBLIC_URL: oidc.FLOWSTATE_PUBLIC_URL,
      }),
    ).toThrow(/half configured.*FLOWSTATE_OIDC_CLIENT_ID/);
    expect(() =>
      loadConfig({ ...base, FLOWSTATE_OIDC_CLIENT_ID: "flowstate", FLOWSTATE_OIDC_CLIENT_SECRET: "s" }),
    ).toThrow(/FLOWSTATE_OIDC_ISSUER.*FLOWSTATE_OIDC_REDIRECT_URL/);
    expect(() => loadConfig({ ...base, FLOWSTATE_OIDC_NAME: "Okta" })).toThrow(
      /half configured \(FLOWSTATE_OIDC_NAME set\)/,
    );
    expect(() =>
      loadConfig({
        ...base,
        FLOWSTATE_OIDC_ISSUER: oidc.FLOWSTATE_OIDC_ISSUER,
        FLOWSTATE_OIDC_CLIENT_ID: "flowstate",
      }),
    ).toThrow(/FLOWSTATE_OIDC_REDIRECT_URL \(or FLOWSTATE_PUBLIC_URL\)/);
  });

  it("refuses an http:// issuer unless allowed, a wrong callback path, unknown default roles and scopes without openid", () => {
    expect(() => loadConfig({ ...base, ...oidc, FLOWSTATE_OIDC_ISSUER: "http://127.0.0.1:8080" })).toThrow(
      /must be an https:\/\/ URL/,
    );
    expect(
      loadConfig({
        ...base,
        ...oidc,
        FLOWSTATE_OIDC_ISSUER: "http://127.0.0.1:8080",
        FLOWSTATE_OIDC_ALLOW_HTTP: "true",
      }).oidc,
    ).toMatchObject({ issuer: "http://127.0.0.1:8080", allowHttp: true });
    expect(() => loadConfig({ ...base, ...oidc, FLOWSTATE_OIDC_ISSUER: "not a url" })).toThrow(
      /FLOWSTATE_OIDC_ISSUER/,
    );
    expect(() =>
      loadConfig({ ...base, ...oidc, FLOWSTATE_OIDC_REDIRECT_URL: "https://flow.example.com/callback" }),
    ).toThrow(/must end in \/api\/auth\/oidc\/callback/);
    expect(() => loadConfig({ ...base, ...oidc, FLOWSTATE_OIDC_DEFAULT_ROLES: "viewer, root" })).toThrow(
      /unknown roles root/,
    );
    expect(() => loadConfig({ ...base, ...oidc, FLOWSTATE_OIDC_SCOPES: "profile email" })).toThrow(
      /must include openid/,
    );
    expect(() => loadConfig({ ...base, ...oidc, FLOWSTATE_OIDC_ROLES_CLAIM: "roles claim" })).toThrow(
      /FLOWSTATE_OIDC_ROLES_CLAIM/,
    );
  });
});
