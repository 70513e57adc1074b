import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { systemClock } from "../../src/clock.ts";
import { createRuntime } from "../../src/createRuntime.ts";
import type { RunningRuntime } from "../../src/createRuntime.ts";
import { openDatabase } from "../../src/db/openDatabase.ts";
import type { Database } from "../../src/db/openDatabase.ts";
import { applySchemaMigrations } from "../../src/db/schemaMigrations.ts";

/** The embedded database of a describe block and the runtime over it (a test may replace the runtime). */
export interface PgliteRuntime {
  db: Database;
  runtime: RunningRuntime;
}

/**
 * Before the block's tests: a PGlite database in a fresh temporary folder (`flowstate-<label>-…`),
 * migrated, and a runtime over it without a worker (system clock); then `setup`. After them: the
 * runtime stopped, the database closed, the folder removed.
 */
export function usePgliteRuntime(
  label: string,
  setup: (p: PgliteRuntime) => Promise<unknown> = async () => undefined,
): PgliteRuntime {
  const p = {} as PgliteRuntime;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), `flowstate-${label}-`));
    p.db = await openDatabase({ kind: "pglite", dataDir: dir });
    await applySchemaMigrations(p.db.adapterFactory);
    p.runtime = await createRuntime({
      db: p.db,
      clock: systemClock,
      publicUrl: "http://127.0.0.1:9",
      worker: false,
    });
    await setup(p);
  });
  afterAll(async () => {
    await p.runtime?.stop();
    await p.db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return p;
}
