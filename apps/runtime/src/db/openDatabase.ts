import { mkdir } from "node:fs/promises";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import type { Config } from "../config/loadConfig.ts";
import { redactUrl } from "../config/databaseUrl.ts";

export type DatabaseKind = "postgres" | "pglite";

/**
 * One open database: the Prisma client plus what the runtime needs beside it. Created once by
 * `main` (or a test) and passed down through the request context; never imported as a global.
 */
export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** The adapter factory, for the schema engine (migrations). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** A human-readable description of where the data lives (password redacted). */
  location: string;
  /** The pg pool (Postgres only), for LISTEN/NOTIFY and raw SQL the queue needs. */
  pool?: pg.Pool;
  /**
   * Runs one statement on its own (autocommit) and returns its rows. On Postgres it is a NAMED
   * prepared statement on the pool's connection (planned once per connection: the step and claim
   * statements cost several times more to plan than to run); on PGlite it goes through Prisma
   * (one connection, whose transactions Prisma serialises). Never inside a transaction: use the
   * transaction client there. `name` must be unique per SQL text. `plan: "generic"` runs it with
   * its generic plan (Postgres): a statement whose plan is the same whatever its values (a step
   * statement of a batch: its shape is its CTEs), which Postgres would otherwise plan again at
   * every execution, estimating from the values (a batch of 250 migrated instances: 3 ms of
   * planning, about 10 % of the statement).
   */
  query<T>(name: string, text: string, values: unknown[], options?: QueryOptions): Promise<T[]>;
  close(): Promise<void>;
}

export interface QueryOptions {
  plan?: "generic";
}

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** Opens the database the configuration names and checks that it answers. */
export async function openDatabase(database: Config["database"]): Promise<Database> {
  if (database.kind === "postgres") {
    const location = redactUrl(database.url);
    const pool = new pg.Pool({
      connectionString: database.url,
      max: database.poolSize ?? 20,
      connectionTimeoutMillis: 5000,
    });
    // An idle client's connection error (server restarted) must not crash the process.
    pool.on("error", () => {});
    const adapterFactory = new PrismaPg(pool);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    const db: Database = {
      kind: "postgres",
      prisma,
      adapterFactory,
      location,
      pool,
      async query<T>(name: string, text: string, values: unknown[], options?: QueryOptions) {
        if (options?.plan !== "generic") return (await pool.query({ name, text, values })).rows as T[];
        // The setting holds for this connection's session only while the statement runs: other
        // statements on it (Prisma's among them) keep Postgres's choice between custom and generic.
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query("SET plan_cache_mode = force_generic_plan");
          return (await client.query({ name, text, values })).rows as T[];
        } finally {
          try {
            await client.query("RESET plan_cache_mode");
          } catch (error) {
            // The connection is not put back with the setting still on: it is closed.
            broken = error instanceof Error ? error : new Error(String(error));
          }
          client.release(broken);
        }
      },
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
    try {
      await pool.query("SELECT 1");
    } catch (error) {
      await pool.end().catch(() => {});
      throw new DatabaseUnavailableError(`cannot connect to PostgreSQL at ${location}: ${describe(error)}`);
    }
    return db;
  }
  await mkdir(database.dataDir, { recursive: true });
  let client: PGlite;
  try {
    client = await PGlite.create(database.dataDir);
  } catch (error) {
    throw new DatabaseUnavailableError(
      `cannot open the embedded database in ${database.dataDir}: ${describe(error)}`,
    );
  }
  const adapterFactory = new PrismaPGlite(client);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: "pglite",
    prisma,
    adapterFactory,
    location: database.dataDir,
    query: <T>(_name: string, text: string, values: unknown[]) =>
      prisma.$queryRawUnsafe<T[]>(text, ...values),
    async close() {
      await prisma.$disconnect();
      // PGlite must be closed or the next open of the same folder may hang.
      if (!client.closed) await client.close();
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return (error.message || code || error.name).split("\n")[0]!;
  }
  return String(error);
}
