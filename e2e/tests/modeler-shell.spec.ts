import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { APIRequestContext } from "@playwright/test";

const fixture = (name: string): { key: string; [k: string]: unknown } =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../packages/model/fixtures/${name}.json`), "utf8"),
  );

async function importModel(
  request: APIRequestContext,
  model: unknown,
): Promise<{ processKey: string; number: number }> {
  const res = await request.post("/trpc/process.import", { data: { model } });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { result: { data: { processKey: string; number: number } } }).result.data;
}

test.describe("modeler shell", () => {
  test("creates a process from the list and opens its draft in the editor; the URL survives a reload", async ({
    page,
  }) => {
    await page.goto("/processes");
    await page.getByRole("button", { name: "New process" }).click();
    const dialog = page.getByRole("dialog", { name: "New process" });
    await dialog.getByLabel("Name").fill("Shell check");
    await expect(dialog.getByLabel("Key")).toHaveValue("shell-check");
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(page).toHaveURL(/\/processes\/shell-check\/versions\/1$/);
    await expect(page.getByRole("status", { name: "Save status" })).toHaveText("Saved");
    await page.reload();
    await expect(page.getByRole("toolbar", { name: "Editor" })).toContainText("v1");
    await page
      .getByRole("navigation", { name: "Breadcrumbs" })
      .getByRole("link", { name: "Shell check" })
      .click();
    await expect(page.getByRole("table", { name: "Versions" })).toContainText("draft");
    // Breadcrumbs and titles name the process, never by its key
    await expect(page.locator(".breadcrumbs")).toHaveText("Processes / Shell check");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Shell check");
    await page.getByRole("link", { name: "Migrations" }).click();
    await expect(page.locator(".breadcrumbs")).toHaveText("Processes / Shell check / Migrations");
    await page.goto("/processes/shell-check/instances");
    await expect(page.getByRole("navigation", { name: "Breadcrumbs" })).toHaveText(
      /^Processes\/Shell check\//,
    );
    await expect(page.getByRole("navigation", { name: "Breadcrumbs" })).not.toContainText("shell-check");
  });

  test("imports a model file, searches, and exports it back as JSON", async ({ page }) => {
    const model = fixture("login-session");
    await page.goto("/processes");
    await page.getByLabel("Import process file").setInputFiles({
      name: "login.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(model)),
    });
    await expect(page).toHaveURL(new RegExp(`/processes/${model.key}/versions/1$`));
    await page.goto("/processes");
    await page.getByLabel("Search processes").fill("login");
    const row = page.getByRole("row", { name: new RegExp(model.key) });
    await expect(row).toBeVisible();
    const download = page.waitForEvent("download");
    await row.getByRole("button", { name: /Export .* as JSON/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${model.key}-v1.json`);
  });

  test("screenshots of the editor with the sales-case process", async ({ page, request }) => {
    const created = await importModel(request, fixture("sales-case"));
    await page.goto(`/processes/${created.processKey}/versions/${created.number}`);
    await expect(page.getByRole("application").or(page.locator(".react-flow")).first()).toBeVisible();
    await expect(page.getByTestId("state-Establish sales case")).toBeVisible();
    await page.waitForTimeout(500);
    await page.screenshot({ path: "test-results/screenshots/editor-sales-case.png", fullPage: true });
    // zoom in on the credit decision through "find element"
    await page.getByLabel("Find element by name").fill("Credit decision");
    await page.getByLabel("Find element by name").press("Enter");
    await expect(page.getByRole("complementary", { name: "Properties" }).getByRole("heading")).toHaveText(
      "State",
    );
    await page.waitForTimeout(600);
    await page.screenshot({
      path: "test-results/screenshots/editor-sales-case-credit-decision.png",
      fullPage: true,
    });
    await page.getByTestId("node-Make credit decision").click();
    await page.screenshot({ path: "test-results/screenshots/editor-sales-case-action.png", fullPage: true });
  });
});
