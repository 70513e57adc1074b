import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { startBuiltRuntime, stopRuntime } from "../support/builtRuntime.ts";
import { freePort } from "../support/freePort.ts";
import { startTestProvider } from "../../apps/runtime/test/support/oidcProvider.ts";
import type { TestProvider } from "../../apps/runtime/test/support/oidcProvider.ts";

// OIDC sign-in in the real app: a real OpenID Provider (oidc-provider, the runtime's integration
// test provider, whose login form answers at once as a chosen account) and a second built runtime
// configured for it by environment, demo login off. Chromium clicks "Sign in with Test IdP".

let provider: TestProvider;
let child: ChildProcess | undefined;
let base = "";
let output = "";

test.describe("OIDC sign-in (demo login off)", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(90_000);

  test.beforeAll(async () => {
    provider = await startTestProvider();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider.configure({
      clientId: "flowstate-e2e",
      clientSecret: "e2e-client-secret",
      redirectUri: `${base}/api/auth/oidc/callback`,
    });
    provider.accounts.set("e2e-olga", {
      preferred_username: "olga.idp",
      name: "Olga from the IdP",
      roles: ["operator"],
      groups: ["billing"],
    });
    const started = await startBuiltRuntime(
      {
        FLOWSTATE_OIDC_ISSUER: provider.issuer,
        FLOWSTATE_OIDC_CLIENT_ID: "flowstate-e2e",
        FLOWSTATE_OIDC_CLIENT_SECRET: "e2e-client-secret",
        FLOWSTATE_OIDC_REDIRECT_URL: `${base}/api/auth/oidc/callback`,
        FLOWSTATE_OIDC_NAME: "Test IdP",
        FLOWSTATE_OIDC_ALLOW_HTTP: "true",
      },
      port,
    );
    child = started.child;
    output = started.output();
    expect(output).toContain(`OIDC sign-in through ${provider.issuer}`);
  });

  test.afterAll(async () => {
    await stopRuntime(child);
    await provider?.close();
  });

  test("the login page offers the provider; clicking it signs in with the roles of the claims", async ({
    page,
  }) => {
    provider.signInAs("e2e-olga");
    await page.goto(`${base}/processes`);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible(); // the password form stays
    await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
    await expect(page.getByLabel("Signed in as")).toContainText("olga.idp");
    expect(new URL(page.url()).origin).toBe(base);
    const me = await page.evaluate(
      async () =>
        (await (await fetch("/trpc/auth.me")).json()) as {
          result: { data: { roles: string[]; groups: string[] } };
        },
    );
    expect(me.result.data).toMatchObject({ roles: ["operator"], groups: ["billing"] });
  });

  test("a refused callback lands on the login page with the reason, signed out", async ({ page }) => {
    await page.goto(`${base}/api/auth/oidc/callback?code=forged&state=forged`);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("expired or was started in another tab");
    expect(new URL(page.url()).search).toBe(""); // the error code is removed from the address bar
  });
});
