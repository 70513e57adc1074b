import { expect, test } from "@playwright/test";

test.describe("app shell", () => {
  test("loads, reports a healthy embedded database and lists processes", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Flowstate home" })).toBeVisible();
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Processes" }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { name: "Processes" })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText(/connected · pglite/);
  });

  test("deep links survive a reload and unknown pages say so", async ({ page }) => {
    await page.goto("/processes");
    await page.reload();
    await expect(page.getByRole("heading", { name: "Processes" })).toBeVisible();
    await page.goto("/no/such/page");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("the health endpoint answers over real HTTP", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.ok()).toBe(true);
    expect(await res.json()).toMatchObject({ ok: true, database: "pglite" });
  });
});
