import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
