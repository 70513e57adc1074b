import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startTestProvider } from "../../apps/runtime/test/support/oidcProvider.ts";
import type { TestProvider } from "../../apps/runtime/test/support/oidcProvider.ts";

// OIDC sign-in in the real app: a real OpenID Provider (oidc-provider, the runtime's integration
// test provider, whose login form answers at once as a chosen account) and a second built runtime
// configured for it by environment, demo login off. Chromium clicks "Sign in with Test IdP".

const repoRoot = path.resolve(import.meta.dirname, "../..");

let provider: TestProvider;
let child: ChildProcess | undefined;
let base = "";
let output = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

test.describe("OIDC sign-in (demo login off)", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(90_000);

  test.beforeAll(async () => {
    provider = await startTestProvider();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider.configure({ clientId: "flowstate-e2e", clientSecret: "e2e-client-secret", redirectUri: `${base}/api/auth/oidc/callback` });
    provider.accounts.set("e2e-olga", { preferred_username: "olga.idp", name: "Olga from the IdP", roles: ["operator"], groups: ["billing"] });
    child = spawn(process.execPath, ["apps/runtime/dist/main.js"], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: "",
        FLOWSTATE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "flowstate-e2e-oidc-")),
        FLOWSTATE_DEMO_LOGIN: "false",
        FLOWSTATE_LOG_LEVEL: "warn",
        FLOWSTATE_OIDC_ISSUER: provider.issuer,
        FLOWSTATE_OIDC_CLIENT_ID: "flowstate-e2e",
        FLOWSTATE_OIDC_CLIENT_SECRET: "e2e-client-secret",
        FLOWSTATE_OIDC_REDIRECT_URL: `${base}/api/auth/oidc/callback`,
        FLOWSTATE_OIDC_NAME: "Test IdP",
        FLOWSTATE_OIDC_ALLOW_HTTP: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    await expect.poll(() => /listening on/.test(output), { timeout: 60_000, message: output }).toBe(true);
    expect(output).toContain(`OIDC sign-in through ${provider.issuer}`);
  });

  test.afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await provider?.close();
  });

  test("the login page offers the provider; clicking it signs in with the roles of the claims", async ({ page }) => {
    provider.signInAs("e2e-olga");
    await page.goto(`${base}/processes`);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible(); // the password form stays
    await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
    await expect(page.getByLabel("Signed in as")).toContainText("olga.idp");
    expect(new URL(page.url()).origin).toBe(base);
    const me = await page.evaluate(async () => (await (await fetch("/trpc/auth.me")).json()) as { result: { data: { roles: string[]; groups: string[] } } });
    expect(me.result.data).toMatchObject({ roles: ["operator"], groups: ["billing"] });
  });

  test("a refused callback lands on the login page with the reason, signed out", async ({ page }) => {
    await page.goto(`${base}/api/auth/oidc/callback?code=forged&state=forged`);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("expired or was started in another tab");
    expect(new URL(page.url()).search).toBe(""); // the error code is removed from the address bar
  });
});
