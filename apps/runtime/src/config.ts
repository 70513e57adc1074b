import path from "node:path";
import { z } from "zod";
import ipaddr from "ipaddr.js";
import { prismaDir } from "./db/paths.ts";
import { parseApiKeyEntry } from "./server/apiKeys.ts";
import { isRole, roles } from "./auth/permissions.ts";
import type { Role } from "./auth/permissions.ts";

/** The repository (or unpacked release) root: the folder that holds `prisma/`. */
export const appRoot = path.dirname(prismaDir);

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a URL like postgres://user@host:5432/database");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; unset = 0.0.0.0, or 127.0.0.1 while demo login is on (see `loadConfig`). */
  HOST: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  DATABASE_URL: postgresUrl.optional().or(z.literal("").transform(() => undefined)),
  /**
   * Hardened deployments: schema migrations are applied with this URL (a role that owns the schema),
   * the runtime then works with DATABASE_URL (a role with only the grants it needs; docs/architecture.md
   * "Security"). Unset = schema migrations with DATABASE_URL.
   */
  FLOWSTATE_SCHEMA_MIGRATION_DATABASE_URL: postgresUrl
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Connections the runtime keeps to PostgreSQL (steps, workers, API); size it to the workers' concurrency. */
  FLOWSTATE_DB_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(20),
  FLOWSTATE_DATA_DIR: z.string().min(1).default(".flowstate/data"),
  FLOWSTATE_STATIC_DIR: z.string().min(1).optional(),
  FLOWSTATE_PROCESSES_DIR: z.string().min(1).default("processes"),
  FLOWSTATE_AUTO_SCHEMA_MIGRATION: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  FLOWSTATE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  FLOWSTATE_API_KEYS: z
    .string()
    .default("")
    .superRefine((value, ctx) => {
      for (const entry of splitList(value)) {
        try {
          parseApiKeyEntry(entry);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
        }
      }
    }),
  /** RabbitMQ for the `amqp` handler and its replies, e.g. amqp://guest:guest@127.0.0.1:5672. */
  FLOWSTATE_AMQP_URL: z
    .string()
    .trim()
    .refine(
      (v) => v === "" || /^amqps?:\/\/[^/]/.test(v),
      "must be a URL like amqp://user:password@host:5672",
    )
    .optional(),
  /** Webhooks may target loopback, private and link-local addresses (a local receiver in demo/dev/tests); off = SSRF guard. */
  FLOWSTATE_WEBHOOK_ALLOW_PRIVATE: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** The built-in `http` handler may call loopback, private and link-local addresses (local receivers in demo/dev/tests); off = SSRF guard. */
  FLOWSTATE_HTTP_ALLOW_PRIVATE: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  FLOWSTATE_AMQP_REPLY_QUEUE: z.string().min(1).max(255).default("flowstate.replies"),
  /** Handlers run by remote workers over HTTP (`/api/jobs/*`) instead of inside this process. */
  FLOWSTATE_REMOTE_HANDLERS: z
    .string()
    .default("")
    .refine(
      (v) => splitList(v).every((n) => /^[A-Za-z][\w.-]*$/.test(n)),
      "must be comma-separated handler names",
    ),
  FLOWSTATE_PUBLIC_URL: z.url().optional(),
  /**
   * Host names (comma-separated, any port) people reach the server by, besides loopback and
   * FLOWSTATE_PUBLIC_URL's host: a cookie-authenticated or demo request naming another Host gets 421.
   */
  FLOWSTATE_ALLOWED_HOSTS: z
    .string()
    .default("")
    .refine(
      (v) => splitList(v).every((h) => /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/.test(h)),
      "must be comma-separated host names or addresses, without port or scheme",
    ),
  /**
   * Behind a reverse proxy: which `X-Forwarded-For` hops to believe (Fastify's `trustProxy`), so
   * rate limits and the audit log see the client's address. Unset/false = none (the header is ignored).
   */
  FLOWSTATE_TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): TrustProxy => {
      const parsed = parseTrustProxy(v ?? "");
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** How long a worker's claim on a job lasts without a heartbeat (redelivery delay after a crash). */
  FLOWSTATE_WORKER_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  FLOWSTATE_WORKER: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** Demo handlers imitating CRM, RPA, document service, DSP…: on by default on the embedded database. */
  FLOWSTATE_DEMO: z.enum(["true", "false", "1", "0", "auto"]).default("auto"),
  /** Demo mode signs every visitor in as the demo admin (said on screen); auto = on with demo handlers. */
  FLOWSTATE_DEMO_LOGIN: z.enum(["true", "false", "1", "0", "auto"]).default("auto"),
  /** First start: the admin account created when no admin exists yet. */
  FLOWSTATE_ADMIN_USERNAME: z
    .string()
    .regex(/^[A-Za-z0-9._@-]{1,100}$/, "letters, digits, '.', '_', '@' or '-'")
    .optional(),
  FLOWSTATE_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(200).optional(),
  /** Absolute session lifetime in hours. */
  FLOWSTATE_SESSION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(8),
  /** Sign-in attempts per minute per IP + username (5× per IP). */
  FLOWSTATE_RATE_LIMIT_LOGIN: z.coerce.number().int().min(1).max(100000).default(10),
  /** Signals, callbacks and instance starts per minute per client. */
  FLOWSTATE_RATE_LIMIT_API: z.coerce.number().int().min(1).max(1000000).default(600),
  FLOWSTATE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Optional OIDC sign-in (docs/oidc.md). ISSUER and CLIENT_ID turn it on; the rest tune it.
  /** The provider's issuer URL (its `/.well-known/openid-configuration` is read on first use). */
  FLOWSTATE_OIDC_ISSUER: z.url().optional(),
  FLOWSTATE_OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  /** Confidential client (client_secret_basic); unset = public client (PKCE only). */
  FLOWSTATE_OIDC_CLIENT_SECRET: z.string().min(1).max(1000).optional(),
  /** The callback URL registered at the provider; default FLOWSTATE_PUBLIC_URL + /api/auth/oidc/callback. */
  FLOWSTATE_OIDC_REDIRECT_URL: z.url().optional(),
  /** The sign-in button's label: "Sign in with <name>". */
  FLOWSTATE_OIDC_NAME: z.string().trim().min(1).max(60).optional(),
  FLOWSTATE_OIDC_SCOPES: z.string().trim().min(1).max(500).optional(),
  /** Claim (dotted path, e.g. realm_access.roles) listing Flowstate roles; unknown values are ignored. */
  FLOWSTATE_OIDC_ROLES_CLAIM: z
    .string()
    .trim()
    .regex(/^[\w:/.-]{1,200}$/, "a claim name or dotted path")
    .optional(),
  /** Claim (dotted path) listing the user's groups (workers perform actions whose role is one of them). */
  FLOWSTATE_OIDC_GROUPS_CLAIM: z
    .string()
    .trim()
    .regex(/^[\w:/.-]{1,200}$/, "a claim name or dotted path")
    .optional(),
  /** Roles of a user whose roles claim names none (default: none — signed in, may do nothing). */
  FLOWSTATE_OIDC_DEFAULT_ROLES: z.string().optional(),
  /** Allow an http:// issuer (a provider on the same machine in development); never in production. */
  FLOWSTATE_OIDC_ALLOW_HTTP: z.enum(["true", "false", "1", "0"]).optional(),
});

/** Fastify's `trustProxy`: off, every hop, or the proxies by address / CIDR / name. */
export type TrustProxy = boolean | string[];

const proxyRangeNames = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * `FLOWSTATE_TRUST_PROXY`: "" / "false" → off; "true" → trust every hop (only when nothing but the
 * proxy can reach the runtime); otherwise a comma-separated list of proxy addresses, CIDRs or
 * `loopback` / `linklocal` / `uniquelocal`. A hop count is refused: Fastify 5 treats a number as
 * "trust nothing" (a count cannot tell the proxy from a direct client), so it would silently do
 * nothing. A string result is the error.
 */
export function parseTrustProxy(value: string): TrustProxy | string {
  const v = value.trim();
  if (v === "" || v.toLowerCase() === "false") return false;
  if (v.toLowerCase() === "true") return true;
  if (/^\d+$/.test(v))
    return "a hop count is not supported (Fastify trusts no hop by count): give the proxies' addresses or CIDRs, e.g. 10.0.0.0/8, or true";
  const entries = v
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter(
    (e) =>
      !proxyRangeNames.has(e) &&
      !ipaddr.IPv4.isValidFourPartDecimal(e) &&
      !ipaddr.IPv6.isValid(e) &&
      !ipaddr.isValidCIDR(e),
  );
  if (bad.length || entries.length === 0)
    return `must be true, false, or comma-separated proxy addresses/CIDRs (or loopback, linklocal, uniquelocal); not ${bad.join(", ") || "empty"}`;
  return entries;
}

/** The OIDC sign-in, when configured (`FLOWSTATE_OIDC_*`). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUrl: string;
  /** The button label: "Sign in with <name>". */
  name: string;
  scopes: string;
  rolesClaim: string;
  groupsClaim: string;
  defaultRoles: Role[];
  /** http:// issuer allowed (development only). */
  allowHttp: boolean;
}

const oidcCallbackPath = "/api/auth/oidc/callback";

/** `FLOWSTATE_OIDC_*` → `OidcConfig` (undefined when off); a partial setting is an error naming what is missing. */
function readOidc(e: z.infer<typeof envSchema>): OidcConfig | undefined {
  const given = Object.entries(e)
    .filter(([k, v]) => k.startsWith("FLOWSTATE_OIDC_") && v !== undefined)
    .map(([k]) => k);
  if (given.length === 0) return undefined;
  const missing = [
    ...(e.FLOWSTATE_OIDC_ISSUER ? [] : ["FLOWSTATE_OIDC_ISSUER"]),
    ...(e.FLOWSTATE_OIDC_CLIENT_ID ? [] : ["FLOWSTATE_OIDC_CLIENT_ID"]),
  ];
  if (!e.FLOWSTATE_OIDC_REDIRECT_URL && !e.FLOWSTATE_PUBLIC_URL)
    missing.push("FLOWSTATE_OIDC_REDIRECT_URL (or FLOWSTATE_PUBLIC_URL)");
  if (missing.length)
    throw new ConfigError(
      `invalid configuration: OIDC sign-in is half configured (${given.join(", ")} set): also set ${missing.join(", ")}`,
    );
  const allowHttp = e.FLOWSTATE_OIDC_ALLOW_HTTP === "true" || e.FLOWSTATE_OIDC_ALLOW_HTTP === "1";
  const issuer = new URL(e.FLOWSTATE_OIDC_ISSUER!);
  if (issuer.protocol !== "https:" && !(allowHttp && issuer.protocol === "http:")) {
    throw new ConfigError(
      "invalid configuration: FLOWSTATE_OIDC_ISSUER must be an https:// URL (FLOWSTATE_OIDC_ALLOW_HTTP=true allows http:// for development)",
    );
  }
  const redirectUrl =
    e.FLOWSTATE_OIDC_REDIRECT_URL ?? new URL(oidcCallbackPath, e.FLOWSTATE_PUBLIC_URL).toString();
  if (new URL(redirectUrl).pathname !== oidcCallbackPath)
    throw new ConfigError(
      `invalid configuration: FLOWSTATE_OIDC_REDIRECT_URL must end in ${oidcCallbackPath}`,
    );
  const defaultRoles = splitList(e.FLOWSTATE_OIDC_DEFAULT_ROLES ?? "");
  const unknown = defaultRoles.filter((r) => !isRole(r));
  if (unknown.length)
    throw new ConfigError(
      `invalid configuration: FLOWSTATE_OIDC_DEFAULT_ROLES has unknown roles ${unknown.join(", ")} (known: ${roles.join(", ")})`,
    );
  const scopes = e.FLOWSTATE_OIDC_SCOPES ?? "openid profile email";
  if (!scopes.split(/\s+/).includes("openid"))
    throw new ConfigError("invalid configuration: FLOWSTATE_OIDC_SCOPES must include openid");
  return {
    issuer: e.FLOWSTATE_OIDC_ISSUER!,
    clientId: e.FLOWSTATE_OIDC_CLIENT_ID!,
    ...(e.FLOWSTATE_OIDC_CLIENT_SECRET ? { clientSecret: e.FLOWSTATE_OIDC_CLIENT_SECRET } : {}),
    redirectUrl,
    name: e.FLOWSTATE_OIDC_NAME ?? "single sign-on",
    scopes,
    rolesClaim: e.FLOWSTATE_OIDC_ROLES_CLAIM ?? "roles",
    groupsClaim: e.FLOWSTATE_OIDC_GROUPS_CLAIM ?? "groups",
    defaultRoles: defaultRoles.filter(isRole),
    allowHttp,
  };
}

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
  logLevel: z.infer<typeof envSchema>["FLOWSTATE_LOG_LEVEL"];
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

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads and validates the environment. Throws a ConfigError whose message names every bad
 * variable on one line, so `main` can print it and exit without a stack trace.
 * Relative paths are taken from the directory the user ran the command in (pnpm's INIT_CWD),
 * except the default data folder, which lives in the app root.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const notices: string[] = [];
  const aliased = { ...env };
  for (const [old, current] of Object.entries(deprecatedNames)) {
    if (env[old] === undefined) continue;
    if (env[current] === undefined) aliased[current] = env[old];
    delete aliased[old];
    notices.push(`${old} is deprecated: use ${current}`);
  }
  // An empty FLOWSTATE_OIDC_* (`X=${Y:-}` in a compose file) counts as unset.
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

/** `localhost`, `127.0.0.0/8`, `::1` (and IPv4-mapped loopback): only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return true;
  if (!ipaddr.isValid(h)) return false;
  return ipaddr.process(h).range() === "loopback";
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
}

/** A database URL with its password removed, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparseable url>";
  }
}
