import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { freePort } from "./support/freePort.ts";
import { runtimeNodeFlags } from "../apps/runtime/src/nodeFlags.ts";

// The e2e suite drives the real, built app (apps/runtime/dist + apps/modeler/dist) in Debian's
// Chromium. Playwright must never download a browser here; CHROMIUM_PATH overrides the default.
// The port and the fresh data folder are chosen once, in the runner process, and reach the
// workers through the environment (workers re-evaluate this file).
process.env.FLOWSTATE_E2E_PORT ??= String(await freePort());
process.env.FLOWSTATE_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "flowstate-e2e-"));
const port = Number(process.env.FLOWSTATE_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const repoRoot = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  testDir: "tests",
  outputDir: "test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/report.json" }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium", viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: ["node", ...runtimeNodeFlags, "apps/runtime/dist/main.js"].join(" "),
    cwd: repoRoot,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      FLOWSTATE_DATA_DIR: process.env.FLOWSTATE_E2E_DATA_DIR,
      // The specs import the models they need: the repository's processes/ folder is not published here.
      FLOWSTATE_PROCESSES_DIR: path.join(os.tmpdir(), "flowstate-e2e-no-processes"),
      DATABASE_URL: "",
      FLOWSTATE_LOG_LEVEL: "warn",
      // The webhooks spec points a webhook at a receiver it starts on 127.0.0.1 (SSRF guard off here only).
      FLOWSTATE_WEBHOOK_ALLOW_PRIVATE: "true",
      // The operate spec's payout model calls a receiver it starts on 127.0.0.1 through the http handler.
      FLOWSTATE_HTTP_ALLOW_PRIVATE: "true",
    },
  },
});
