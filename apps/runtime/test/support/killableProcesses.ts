import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import type { ProcessModel } from "@flowstate/model";
import { publishModel } from "../../src/versions/versionService.ts";
import { useTestContext } from "./useTestContext.ts";
import type { TestContext } from "./testContext.ts";

const runtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Node processes running one support script (relative to apps/runtime) on the database at `url`, for
 * the tests that SIGKILL them: `alive` holds the ones not yet exited, `killAll()` ends them.
 */
export function killableProcesses(script: string) {
  const alive = new Set<ChildProcess>();
  return {
    alive,
    spawn(url: string): ChildProcess {
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: runtimeDir,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DATABASE_URL: url },
        stdio: ["ignore", "pipe", "inherit"],
      });
      alive.add(child);
      child.once("exit", () => alive.delete(child));
      return child;
    },
    killAll(): void {
      for (const c of alive) c.kill("SIGKILL");
    },
  };
}

/**
 * The describe block's context for a test that SIGKILLs the processes of `script`: the `handler_call`
 * table their handlers record into (`recordingWork.ts`) and `model` published before the tests; after
 * them the processes still alive are killed, then the context closes.
 */
export function useCrashContext(
  label: string,
  model: ProcessModel,
  script: string,
): { t: TestContext; processes: ReturnType<typeof killableProcesses> } {
  const processes = killableProcesses(script);
  const t = useTestContext(label, async (t) => {
    await t.db.prisma.$executeRawUnsafe("CREATE TABLE handler_call (idempotency_key text NOT NULL)");
    await publishModel(t.ctx, model);
  });
  // registered after useTestContext's: vitest runs afterAll hooks in reverse, so this one runs first
  afterAll(() => processes.killAll());
  return { t, processes };
}
