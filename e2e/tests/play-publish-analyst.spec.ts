import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { APIRequestContext } from "@playwright/test";
import { signInPage, signedInRequest, startBuiltRuntime, stopRuntime } from "../support/builtRuntime.ts";
import { call as trpcCall } from "../support/trpc.ts";
import { screenshotsAtBothSizes } from "../support/screenshots.ts";

// An analyst (not an admin) publishing a draft whose scenarios fail. The suite's shared runtime runs
// in demo mode (everyone is the demo admin, who may override), so this spec starts its own runtime
// with demo login off and signs in as an analyst.

const salesCase = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../packages/model/fixtures/sales-case.json"), "utf8"),
) as Record<string, unknown>;
const password = "a long analyst password";

/** Passes on the sales case: the customer is found, the credit decision expires after 14 days. */
const expires = {
  name: "credit decision expires",
  steps: [
    { perform: "establishCase", input: { caseId: "C-1", customerId: "K-1", product: "lease" } },
    { complete: "getCustomerInfo", output: { exists: true, customer: { name: "Acme" } } },
    { clock: "P14D", expect: { variables: { creditDecision: "expired" } } },
  ],
};
/** Fails at its third step: after 14 days the decision is "expired", not "accepted". */
const accepted = {
  name: "credit accepted by itself",
  steps: [
    { perform: "establishCase", input: { caseId: "C-2", customerId: "K-2", product: "lease" } },
    { complete: "getCustomerInfo", output: { exists: true, customer: { name: "Acme" } } },
    { clock: "P14D", expect: { variables: { creditDecision: "accepted" } } },
  ],
};

let child: ChildProcess | undefined;
let base = "";
let admin: APIRequestContext;

test.describe("publishing as an analyst", () => {
  test.beforeAll(async () => {
    const started = await startBuiltRuntime({
      FLOWSTATE_ADMIN_USERNAME: "admin",
      FLOWSTATE_ADMIN_PASSWORD: "first admin password",
    });
    ({ child, base } = started);
    admin = await signedInRequest(base, "admin", "first admin password");
    await trpcCall(admin, "user.create", { username: "ana", password, roles: ["analyst"] }, "mutation", base);
  });

  test.afterAll(async () => {
    await admin?.dispose();
    await stopRuntime(child);
  });

  test("an analyst cannot publish a draft whose scenarios fail: refused in words naming the scenario and step, no override, the version stays a draft", async ({
    page,
  }) => {
    const key = `analyst-proof-${Date.now()}`;
    const call = <T>(procedure: string, input: unknown, kind?: "query" | "mutation") =>
      trpcCall<T>(admin, procedure, input, kind, base);
    const { versionId } = await call<{ versionId: string }>("process.import", {
      model: { ...salesCase, key, name: "Analyst sales case" },
    });
    await call("version.saveScenarios", { id: versionId, scenarios: [expires, accepted] });
    const before = await call<{ versions: { number: number; status: string }[] }>(
      "process.get",
      { key },
      "query",
    );

    await signInPage(page, `${base}/processes/${key}/versions/1`, "ana", password);
    const publish = page.getByRole("button", { name: "Publish", exact: true });
    await expect(publish).toBeEnabled();
    await publish.click();
    const dialog = page.getByRole("dialog", { name: "Scenarios fail" });
    await expect(dialog).toContainText("a version whose scenarios fail is not published");
    const failures = dialog.getByRole("list", { name: "Failing scenarios" });
    await expect(failures.getByRole("listitem")).toHaveCount(1);
    await expect(failures).toContainText(
      'credit accepted by itself fails at step 3 (move the clock 14 days): expected the variable “creditDecision” to be "accepted", it is "expired"',
    );
    await expect(failures).not.toContainText(/[a-z]+_[a-z0-9]{5}|seq \d|getCustomerInfo|P14D/);
    // No override for an analyst: neither the reason nor Publish anyway
    await expect(dialog.getByRole("button", { name: "Publish anyway" })).toHaveCount(0);
    await expect(dialog.getByLabel("Reason for publishing anyway (audited)")).toHaveCount(0);
    await screenshotsAtBothSizes(page, "publish-refused-analyst");

    // The server refuses the analyst's override too.
    const override = await page.request.post(`${base}/trpc/version.publish`, {
      data: { id: versionId, acceptWarnings: true, override: { reason: "ship it" } },
    });
    expect(override.status()).toBe(403);

    // Nothing changed: still one version, a draft, with its two scenarios; the editor still edits it.
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("note", { name: "Read-only" })).toHaveCount(0);
    await expect(publish).toBeEnabled();
    const after = await call<{ versions: { number: number; status: string }[] }>(
      "process.get",
      { key },
      "query",
    );
    expect(after.versions).toEqual(before.versions);
    expect(after.versions.map((v) => v.status)).toEqual(["draft"]);
    const version = await call<{ status: string; publishedAt?: string | null }>(
      "version.get",
      { id: versionId },
      "query",
    );
    expect(version.status).toBe("draft");
    expect(version.publishedAt ?? null).toBeNull();
    const stored = await call<{ file: { scenarios: { name: string }[] } }>(
      "version.scenarios",
      { id: versionId },
      "query",
    );
    expect(stored.file.scenarios.map((s) => s.name)).toEqual([expires.name, accepted.name]);
  });
});
