import path from "node:path";
import { prismaDir } from "../db/paths.ts";
import { ConfigError } from "./ConfigError.ts";
import { envSchema, splitList } from "./env.ts";
import type { Env } from "./env.ts";
import { isLoopbackHost } from "./network.ts";
import type { TrustProxy } from "./network.ts";
import { readOidc } from "./oidc.ts";
import type { OidcConfig } from "./oidc.ts";

/** The repository (or unpacked release) root: the folder that holds `prisma/`. */
export const appRoot = path.dirname(prismaDir);

export type Config = {
  port: number;
  host: string;
  database: { kind: "postgres"; url: string; poolSize?: number } | { kind: "pglite"; dataDir: string };
  staticDir: string;
  /** Folder of process model files published at start-up when changed. */
  processesDir: string;
  /** Apply pending schema migrations at start-up (`FLOWSTATE_AUTO_SCHEMA_MIGRATION`). */
  autoSchemaMigration: boolean;
  /** Where schema migrations are applied when not with the runtime's own connection (`FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL`). */
  schemaMigrationDatabaseUrl?: string;
  /** Signs callback tokens; generated and stored in the database when not set. */
  secret?: string;
  /** `FLOWSTATE_API_KEYS` entries: `<key or sha256:digest>[@scope+scope]` (see `parseApiKeyEntry`). */
  apiKeys: string[];
  /** RabbitMQ: the `amqp` handler publishes there and replies come back on `replyQueue`. */
  amqp?: { url: string; replyQueue: string };
  /** OpenTelemetry traces over OTLP/HTTP (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_SERVICE_NAME`); off when absent. */
  tracing?: { endpoint: string; serviceName: string };
  /** Handler names whose jobs remote workers fetch over HTTP. */
  remoteHandlers: string[];
  /** Webhook targets may be loopback/private/link-local addresses (SSRF guard off). */
  webhookAllowPrivate: boolean;
  /** The `http` handler may call loopback/private/link-local addresses (SSRF guard off). */
  httpAllowPrivate: boolean;
  /** Base URL outside systems use to reach this runtime (callback URLs); defaults to http://localhost:PORT. */
  publicUrl?: string;
  /** FLOWSTATE_ALLOWED_HOSTS (plus FLOWSTATE_PUBLIC_URL's host): the Host names besides loopback people use. */
  allowedHosts: string[];
  /** Which reverse proxies' `X-Forwarded-For` to believe (`FLOWSTATE_TRUST_PROXY`); false = none. */
  trustProxy: TrustProxy;
  worker: boolean;
  workerLeaseMs: number;
  demo: boolean;
  /** Visitors without a session act as the demo admin. */
  demoLogin: boolean;
  admin?: { username: string; password: string };
  sessionTtlMs: number;
  rateLimits: { loginPerMinute: number; apiPerMinute: number };
  logLevel: Env["FLOWSTATE_LOG_LEVEL"];
  /** Optional OIDC sign-in; undefined = off (its routes answer 404). */
  oidc?: OidcConfig;
  /** Lines `main` prints at start-up about what the configuration decided (e.g. demo login turned off). */
  notices: string[];
};

/** Old variable names still read (with a start-up notice) when the new one is unset. */
const deprecatedNames: Readonly<Record<string, string>> = {
  FLOWSTATE_AUTO_MIGRATE: "FLOWSTATE_AUTO_SCHEMA_MIGRATION",
  FLOWSTATE_MIGRATION_DATABASE_URL: "FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL",
};

/**
 * Reads and validates the environment. Throws a ConfigError whose message names every bad
 * variable on one line, so `main` can print it and exit without a stack trace.
 * Relative paths are taken from the directory the user ran the command in (pnpm's INIT_CWD),
 * except the default data folder, which lives in the app root.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty FLOWSTATE_OIDC_* (`X=${Y:-}` in a compose file) counts as unset.
  const notices: string[] = [];
  const aliased = { ...env };
  for (const [old, current] of Object.entries(deprecatedNames)) {
    if (env[old] === undefined) continue;
    if (env[current] === undefined) aliased[current] = env[old];
    delete aliased[old];
    notices.push(`${old} is deprecated: use ${current}`);
  }
  const parsed = envSchema.safeParse(
    Object.fromEntries(
      Object.entries(aliased).filter(([k, v]) => !(k.startsWith("FLOWSTATE_OIDC_") && v === "")),
    ),
  );
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration: ${details}`);
  }
  const e = parsed.data;
  if (Boolean(e.FLOWSTATE_ADMIN_USERNAME) !== Boolean(e.FLOWSTATE_ADMIN_PASSWORD)) {
    throw new ConfigError(
      "invalid configuration: FLOWSTATE_ADMIN_USERNAME and FLOWSTATE_ADMIN_PASSWORD go together",
    );
  }
  if (e.FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      "invalid configuration: FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL needs DATABASE_URL (the embedded database has no roles)",
    );
  }
  const oidc = readOidc(e);
  const demo =
    e.FLOWSTATE_DEMO === "auto" ? !e.DATABASE_URL : e.FLOWSTATE_DEMO === "true" || e.FLOWSTATE_DEMO === "1";
  // Demo login signs every visitor in as an admin: never on a network interface by accident.
  // Unset HOST + demo login → loopback only; an explicit non-loopback HOST turns a demo login that is
  // on only by default (`auto`) off, with a notice; FLOWSTATE_DEMO_LOGIN=true keeps it on anywhere.
  const demoLoginExplicit = e.FLOWSTATE_DEMO_LOGIN === "true" || e.FLOWSTATE_DEMO_LOGIN === "1";
  let demoLogin = e.FLOWSTATE_DEMO_LOGIN === "auto" ? demo : demoLoginExplicit;
  if (demoLogin && !demoLoginExplicit && e.HOST !== undefined && !isLoopbackHost(e.HOST)) {
    demoLogin = false;
    notices.push(
      `demo login is off because HOST=${e.HOST} is reachable from the network (anyone could act as the demo admin); set FLOWSTATE_DEMO_LOGIN=true to keep it on anyway, or HOST=127.0.0.1`,
    );
  }
  const host = e.HOST ?? (demoLogin ? "127.0.0.1" : "0.0.0.0");
  const cwd = env.INIT_CWD ?? process.cwd();
  const dataDir = env.FLOWSTATE_DATA_DIR
    ? path.resolve(cwd, e.FLOWSTATE_DATA_DIR)
    : path.join(appRoot, e.FLOWSTATE_DATA_DIR);
  return {
    port: e.PORT,
    host,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL, poolSize: e.FLOWSTATE_DB_POOL_SIZE }
      : { kind: "pglite", dataDir },
    staticDir: e.FLOWSTATE_STATIC_DIR
      ? path.resolve(cwd, e.FLOWSTATE_STATIC_DIR)
      : path.join(appRoot, "apps/modeler/dist"),
    processesDir: path.resolve(env.FLOWSTATE_PROCESSES_DIR ? cwd : appRoot, e.FLOWSTATE_PROCESSES_DIR),
    autoSchemaMigration: e.FLOWSTATE_AUTO_SCHEMA_MIGRATION,
    ...(e.FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL
      ? { schemaMigrationDatabaseUrl: e.FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL }
      : {}),
    ...(e.FLOWSTATE_SECRET ? { secret: e.FLOWSTATE_SECRET } : {}),
    apiKeys: splitList(e.FLOWSTATE_API_KEYS),
    remoteHandlers: splitList(e.FLOWSTATE_REMOTE_HANDLERS),
    webhookAllowPrivate: e.FLOWSTATE_WEBHOOK_ALLOW_PRIVATE,
    httpAllowPrivate: e.FLOWSTATE_HTTP_ALLOW_PRIVATE,
    ...(e.FLOWSTATE_AMQP_URL
      ? { amqp: { url: e.FLOWSTATE_AMQP_URL, replyQueue: e.FLOWSTATE_AMQP_REPLY_QUEUE } }
      : {}),
    ...(e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME } }
      : {}),
    ...(e.FLOWSTATE_PUBLIC_URL ? { publicUrl: e.FLOWSTATE_PUBLIC_URL } : {}),
    allowedHosts: [
      ...(e.FLOWSTATE_PUBLIC_URL ? [new URL(e.FLOWSTATE_PUBLIC_URL).host] : []),
      ...splitList(e.FLOWSTATE_ALLOWED_HOSTS),
    ],
    trustProxy: e.FLOWSTATE_TRUST_PROXY,
    worker: e.FLOWSTATE_WORKER,
    workerLeaseMs: e.FLOWSTATE_WORKER_LEASE_MS,
    demo,
    demoLogin,
    ...(e.FLOWSTATE_ADMIN_USERNAME && e.FLOWSTATE_ADMIN_PASSWORD
      ? { admin: { username: e.FLOWSTATE_ADMIN_USERNAME, password: e.FLOWSTATE_ADMIN_PASSWORD } }
      : {}),
    sessionTtlMs: Math.round(e.FLOWSTATE_SESSION_HOURS * 60 * 60 * 1000),
    rateLimits: { loginPerMinute: e.FLOWSTATE_RATE_LIMIT_LOGIN, apiPerMinute: e.FLOWSTATE_RATE_LIMIT_API },
    logLevel: e.FLOWSTATE_LOG_LEVEL,
    ...(oidc ? { oidc } : {}),
    notices,
  };
}
