// The Flowstate runtime process: validated config → database → schema migrations → HTTP server.
// Fails at boot with one clear line (no stack trace) when the configuration or database is bad.
import pkg from "../package.json" with { type: "json" };
import { ConfigError } from "./config/ConfigError.ts";
import { loadConfig } from "./config/loadConfig.ts";
import { isLoopbackHost } from "./config/network.ts";
import { openDatabase, DatabaseUnavailableError } from "./db/openDatabase.ts";
import type { Database } from "./db/openDatabase.ts";
import { applySchemaMigrations } from "./db/schemaMigrations.ts";
import { checkSchemaCompatibility } from "./db/schemaCheck.ts";
import { SchemaIncompatibleError } from "./db/schemaCompatibility.ts";
import { createServer } from "./server/createServer.ts";
import { createInnerContext } from "./trpc/context.ts";
import { systemClock } from "./clock.ts";
import { publishProcessFolder } from "./versions/publishProcessFolder.ts";
import { deactivateIdleVersions } from "./versions/versionLifecycle.ts";
import { createRuntime } from "./createRuntime.ts";
import { demoHandlers } from "./demo/demoHandlers.ts";
import { demoAdminName, ensureAdmin } from "./auth/userAccounts.ts";
import { issueSetupToken } from "./auth/setupToken.ts";
import { Tracing } from "./observability/tracing.ts";
import { workerLog } from "./observability/workerLog.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  for (const notice of config.notices) console.log(`flowstate: ${notice}`);
  const db: Database = await openDatabase(config.database);
  let closing = false;
  try {
    // A schema this build cannot work with is refused here, in one line, not by a failure later.
    const newer = await checkSchemaCompatibility(db, config.autoSchemaMigration);
    if (newer.length)
      console.log(
        `flowstate: the database has ${newer.length} newer (expand) schema migration(s) this build does not know; running beside them`,
      );
    if (config.autoSchemaMigration) {
      // Hardened deployments apply schema migrations as the schema's owner and run as a role without
      // DDL rights. On Postgres schema migrations always run on their own connection, closed right after: the schema
      // engine's advisory lock lives as long as its connection, so one left in the runtime's pool
      // would hold it for good and the next runtime process would wait for it at boot and fail.
      const owner =
        config.schemaMigrationDatabaseUrl ??
        (config.database.kind === "postgres" ? config.database.url : undefined);
      const schemaOwner = owner
        ? await openDatabase({ kind: "postgres", url: owner, poolSize: 2 })
        : undefined;
      try {
        const applied = await applySchemaMigrations((schemaOwner ?? db).adapterFactory);
        if (applied.length)
          console.log(
            `flowstate: applied schema migrations ${applied.join(", ")}${config.schemaMigrationDatabaseUrl && schemaOwner ? ` as ${schemaOwner.location}` : ""}`,
          );
      } finally {
        await schemaOwner?.close();
      }
    }
    const tracing = config.tracing
      ? Tracing.otlp(config.tracing.endpoint, config.tracing.serviceName)
      : undefined;
    const runtime = await createRuntime({
      db,
      clock: systemClock,
      publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
      ...(config.secret ? { secret: config.secret } : {}),
      worker: config.worker,
      workerOptions: { leaseMs: config.workerLeaseMs },
      remoteHandlers: config.remoteHandlers,
      webhookAllowPrivate: config.webhookAllowPrivate,
      httpAllowPrivate: config.httpAllowPrivate,
      ...(config.amqp ? { amqp: config.amqp } : {}),
      ...(config.demo ? { handlers: demoHandlers } : {}),
      onWorkerError: workerLog(),
      metrics: true,
      ...(tracing ? { tracing } : {}),
    });
    const context = createInnerContext({ db, clock: systemClock, appVersion: pkg.version, rt: runtime.rt });
    for (const r of await publishProcessFolder(context, config.processesDir)) {
      if (r.outcome === "published")
        console.log(`flowstate: published ${r.processKey} v${r.number} from ${r.file}`);
      if (r.outcome === "refused") console.error(`flowstate: ${r.file} not published: ${r.message}`);
    }
    await deactivateIdleVersions(context);
    const admin = await ensureAdmin(db, config.admin);
    if (admin === "created") console.log(`flowstate: created admin "${config.admin!.username}"`);
    const setupToken = admin === "missing" && !config.demoLogin ? await issueSetupToken(db) : undefined;
    if (config.oidc)
      console.log(
        `flowstate: OIDC sign-in through ${config.oidc.issuer} (client ${config.oidc.clientId}, callback ${config.oidc.redirectUrl})`,
      );
    if (config.demoLogin)
      console.log(
        `flowstate: demo mode: every visitor is signed in as the demo admin (FLOWSTATE_DEMO_LOGIN=false turns this off)${isLoopbackHost(config.host) ? "" : `; WARNING: listening on ${config.host}, reachable from the network`}`,
      );
    const server = await createServer({
      context,
      staticDir: config.staticDir,
      apiKeys: config.apiKeys,
      logLevel: config.logLevel === "info" ? "warn" : config.logLevel,
      ...(config.demoLogin
        ? { demoActor: { kind: "user", name: demoAdminName, roles: ["admin"], groups: [] } }
        : {}),
      sessionTtlMs: config.sessionTtlMs,
      secureCookies: config.publicUrl?.startsWith("https:") ?? false,
      allowedOrigins: config.publicUrl ? [new URL(config.publicUrl).origin] : [],
      allowedHosts: config.allowedHosts,
      rateLimits: config.rateLimits,
      oidc: config.oidc,
      trustProxy: config.trustProxy,
    });
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      console.log(`flowstate: ${signal} received, shutting down`);
      try {
        await server.close();
        await runtime.stop();
        await tracing?.shutdown();
      } finally {
        await db.close();
      }
      process.exit(0);
    };
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    process.once("SIGINT", () => void shutdown("SIGINT"));
    const address = await server.listen({ port: config.port, host: config.host });
    if (setupToken) {
      const origin = config.publicUrl
        ? new URL(config.publicUrl).origin
        : address.replace("0.0.0.0", "localhost");
      console.log(
        `flowstate: no admin account yet: open ${origin}/setup?token=${setupToken} once to create one (or set FLOWSTATE_ADMIN_USERNAME and FLOWSTATE_ADMIN_PASSWORD)`,
      );
    }
    console.log(
      `flowstate ${pkg.version} listening on ${address.replace("0.0.0.0", "localhost")} (database: ${db.kind}, ${db.location})`,
    );
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof SchemaIncompatibleError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`flowstate: ${known ? message : `failed to start: ${message.split("\n")[0]}`}`);
  if (!known && process.env.FLOWSTATE_DEBUG) console.error(error);
  process.exit(1);
});
