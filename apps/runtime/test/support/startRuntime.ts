import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const runtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningRuntime {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real runtime (`src/main.ts`) as a child process on a free port and waits for it to listen. */
export async function startRuntime(env: Record<string, string>): Promise<RunningRuntime> {
  const { child, output, exited } = spawnRuntime({ PORT: "0", HOST: "127.0.0.1", ...env });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave the process behind: a slow boot on a loaded machine kept running after the test gave up.
      child.kill("SIGKILL");
      reject(new Error(`runtime did not start in time:\n${output()}`));
    }, 30_000);
    const onData = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code} before listening:\n${output()}`));
    });
  });
  return {
    url,
    child,
    output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs the runtime to completion (for boot failures) and returns its exit code and output. */
export async function runRuntimeToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { exited, stdout, stderr } = spawnRuntime({ PORT: "0", HOST: "127.0.0.1", ...env });
  const code = await exited;
  return { code, stdout: stdout(), stderr: stderr() };
}

function spawnRuntime(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: runtimeDir,
    // Demo login on unless a test says otherwise: tests that are not about sign-in call the API as the demo admin.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      FLOWSTATE_LOG_LEVEL: "warn",
      FLOWSTATE_DEMO_LOGIN: "true",
      // The repository's processes/ folder is not published unless a test points at a folder.
      FLOWSTATE_PROCESSES_DIR: "/nonexistent/flowstate-processes",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => out + err, stdout: () => out, stderr: () => err };
}
