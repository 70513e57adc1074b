import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { applySchemaMigrations } from "../src/db/schemaMigrations.ts";
import { adminUrl, templateName, urlFor, withAdmin } from "./support/postgres.ts";

/** Creates and migrates the template database every integration test file copies. */
export default async function setup(): Promise<void> {
  try {
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${templateName}"`);
    });
  } catch (error) {
    throw new Error(`integration tests need PostgreSQL at ${adminUrl}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const pool = new pg.Pool({ connectionString: urlFor(templateName), max: 2 });
  try {
    await applySchemaMigrations(new PrismaPg(pool));
  } finally {
    await pool.end();
  }
}
