import { expect, test } from "@playwright/test";

test.describe("REST API docs page", () => {
  test("renders every operation of /api/v1/openapi.json under the app's CSP, with no CSP violation", async ({
    page,
    request,
  }) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const document = (await (await request.get("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const operations = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );

    const response = await page.goto("/api/docs");
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await expect(page.getByRole("heading", { name: "Flowstate REST API", level: 1 })).toBeVisible();
    await expect(page.locator("main details")).toHaveCount(operations.length);
    await expect(page.getByRole("heading", { name: "instances", level: 2 })).toBeVisible();

    const start = page.locator("details#startInstance");
    await start.locator("summary").click();
    await expect(start).toContainText("POST/api/v1/instances");
    await expect(start).toContainText("Idempotency-Key");
    await expect(start).toContainText("instances:write");
    expect(problems).toEqual([]);
  });
});
