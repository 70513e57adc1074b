import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest } from "@playwright/test";
import type { APIRequestContext, Page } from "@playwright/test";
import { freePort } from "./freePort.ts";
import { runtimeNodeFlags } from "../../apps/runtime/src/nodeFlags.ts";

// A second built runtime beside the suite's shared one (which runs in demo mode): its own port and
// embedded-database folder, demo login off unless `env` says otherwise. For specs about sign-in.

const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Starts `apps/runtime/dist/main.js` with `env` on `port` (a free one by default); resolves once it listens. */
export async function startBuiltRuntime(
  env: Record<string, string>,
  port?: number,
): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const listenOn = port ?? (await freePort());
  let out = "";
  const child = spawn(process.execPath, [...runtimeNodeFlags, "apps/runtime/dist/main.js"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      PORT: String(listenOn),
      HOST: "127.0.0.1",
      DATABASE_URL: "",
      FLOWSTATE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "flowstate-e2e-runtime-")),
      FLOWSTATE_PROCESSES_DIR: path.join(os.tmpdir(), "flowstate-e2e-no-processes"),
      FLOWSTATE_DEMO_LOGIN: "false",
      FLOWSTATE_LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  await expect.poll(() => /listening on/.test(out), { timeout: 60_000, message: out }).toBe(true);
  return { child, base: `http://127.0.0.1:${listenOn}`, output: () => out };
}

/** SIGTERM, and waits for the exit. */
export async function stopRuntime(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** An API client signed in as `username` on the runtime at `base` (a session cookie of its own). */
export async function signedInRequest(
  base: string,
  username: string,
  password: string,
): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext();
  const login = await api.post(`${base}/api/auth/login`, { data: { username, password } });
  expect(login.ok(), `sign-in as ${username}: ${login.status()}`).toBe(true);
  return api;
}

/** Signs `page` in through the sign-in page shown at `path` (the app asks before anything else). */
export async function signInPage(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toContainText(username);
}
