// The runtime under test as it is deployed: its own OS process (`apps/runtime/src/main.ts` on a
// scratch database that is already migrated, worker off, the deployed Node flags), so the load
// generator's garbage collections never stall it.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import path from "node:path";
import { runtimeNodeFlags } from "../../apps/runtime/src/nodeFlags.ts";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The runtime as its own process on `databaseUrl` (already migrated); resolves with its base URL once it listens. */
export async function startRuntimeProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  /** Node flags besides the deployed ones (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  extraNodeFlags: string[] = [],
): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...runtimeNodeFlags, ...extraNodeFlags, "--import", "tsx", "src/main.ts"],
    {
      cwd: path.resolve(import.meta.dirname, "../../apps/runtime"),
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        FLOWSTATE_DEMO: "false",
        FLOWSTATE_DEMO_LOGIN: "false",
        FLOWSTATE_AUTO_SCHEMA_MIGRATION: "false",
        FLOWSTATE_WORKER: "false",
        FLOWSTATE_LOG_LEVEL: "warn",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/listening on/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the runtime did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base: `http://127.0.0.1:${port}`, child };
}

/** Stops a runtime started by `startRuntimeProcess` (SIGTERM, waits for the exit). */
export async function stopRuntimeProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
