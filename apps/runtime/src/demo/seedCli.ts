// `pnpm seed`: publishes the demo processes (the four seed fixtures of @flowstate/model) and
// starts demo instances in the configured database. Idempotent.
import { fixtures } from "@flowstate/model/fixtures";
import { loadConfig } from "../config/loadConfig.ts";
import { openDatabase } from "../db/openDatabase.ts";
import { applySchemaMigrations } from "../db/schemaMigrations.ts";
import { systemClock } from "../clock.ts";
import { createRuntime } from "../createRuntime.ts";
import { seedDemo } from "./seedDemo.ts";

try {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    await applySchemaMigrations(db.adapterFactory);
    const runtime = await createRuntime({
      db,
      clock: systemClock,
      publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
      worker: false,
      ...(config.secret ? { secret: config.secret } : {}),
    });
    try {
      for (const line of await seedDemo(runtime.rt, Object.values(fixtures))) console.log(`seed: ${line}`);
    } finally {
      await runtime.stop();
    }
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`flowstate seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
