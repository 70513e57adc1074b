import { z } from "zod";
import { parseApiKeyEntry } from "../auth/apiKeys.ts";
import { postgresUrl } from "./databaseUrl.ts";
import { parseTrustProxy } from "./network.ts";
import type { TrustProxy } from "./network.ts";

/** Every environment variable the runtime reads, with its default and check. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; unset = 0.0.0.0, or 127.0.0.1 while demo login is on (see `loadConfig`). */
  HOST: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined),
  DATABASE_URL: postgresUrl.optional().or(z.literal("").transform(() => undefined)),
  /**
   * Hardened deployments: migrations are applied with this URL (a role that owns the schema), the
   * runtime then works with DATABASE_URL (a role with only the grants it needs; docs/architecture.md
   * "Security"). Unset = migrations with DATABASE_URL.
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
  /** OpenTelemetry: traces are exported over OTLP/HTTP to `<this>/v1/traces` when set; off otherwise. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .trim()
    .refine((v) => v === "" || /^https?:\/\/[^/]/.test(v), "must be a URL like http://collector:4318")
    .optional()
    .transform((v) => v || undefined),
  /** The traces' `service.name` (default flowstate-runtime). */
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(200).default("flowstate-runtime"),
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

/** The parsed environment. */
export type Env = z.infer<typeof envSchema>;

/** A comma-separated list, trimmed, empty entries dropped. */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
}
