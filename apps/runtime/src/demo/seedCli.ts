// `pnpm seed`: publishes the demo processes (the four seed fixtures of @flowstate/model) into the
// configured database. Idempotent: an unchanged fixture is not published again.
import { fixtures } from "@flowstate/model/fixtures";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/openDatabase.ts";
import { systemClock } from "../clock.ts";
import { seedDemo } from "./seedDemo.ts";

try {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const summary = await seedDemo({ db, clock: systemClock }, Object.values(fixtures));
    for (const line of summary) console.log(`seed: ${line}`);
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`flowstate seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
