import { expect, test } from "@playwright/test";
import { publish } from "../support/trpc.ts";
import { action, box, finalizer, flow, state } from "../support/models.ts";

// An admin (the shared runtime's demo admin) creates an API key on /api-keys, sees it once, an
// outside system (this test's own HTTP requests, no cookie) signals with it, the admin revokes it,
// and the same request is refused with 401.

type Json = Record<string, unknown>;
const key = `keys-${Date.now().toString(36)}`;

/** One state with one manual action `<key>.ping` (a start action: a signal starts an instance) and an end. */
function pingModel(processKey: string): Json {
  const lines = [flow("ping", "done")];
  return {
    formatVersion: 1,
    key: processKey,
    name: "Ping from outside",
    states: [state("main", "Main", true)],
    nodes: [
      action("ping", "main", "Ping", {
        code: `${processKey}.ping`,
        captures: [{ name: "pingId", from: "input", path: "pingId", identifier: true }],
      }),
      finalizer("done", "main", "Done"),
    ],
    lines,
    transitions: [],
    calendars: [],
    diagram: {
      states: { main: box(0, 0, 560, 280) },
      nodes: {
        ping: box(50, 80),
        done: box(320, 88, 48, 48),
      },
      lines: { "flow:ping->done": { waypoints: [] } },
      transitions: {},
    },
  };
}

test("an admin creates an API key, sees it once, it signals; revoked, the same request gets 401", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  await publish(request, pingModel(key));

  await page.goto("/processes");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/api-keys$/);
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();

  await page.getByRole("button", { name: "New API key" }).click();
  const dialog = page.getByRole("dialog", { name: "New API key" });
  await dialog.getByLabel("Name").fill(`shop ${key}`);
  await dialog.getByRole("checkbox", { name: new RegExp(`\\(${key}\\)`) }).check();
  await expect(dialog.getByRole("checkbox", { name: "Send signals" })).toBeChecked();
  await dialog.getByRole("button", { name: "Create key" }).click();

  const shown = page.getByRole("dialog", { name: `API key shop ${key}` });
  await expect(shown.getByText("shown only this once")).toBeVisible();
  await expect(shown.getByRole("button", { name: "Copy key" })).toBeVisible();
  const apiKey = await shown.getByLabel("New API key").inputValue();
  expect(apiKey).toMatch(/^fsk_[A-Za-z0-9_-]{43}$/);
  await shown.getByRole("button", { name: "Done" }).click();

  // Listed by name and prefix only: the key itself is nowhere on the page any more.
  const row = page.getByRole("row").filter({ hasText: `shop ${key}` });
  await expect(row).toContainText(`${apiKey.slice(0, 12)}…`);
  await expect(row).toContainText("active");
  expect(await page.content()).not.toContain(apiKey);

  // The outside system: no cookie, only the key.
  const outside = await playwright.request.newContext({ baseURL: baseURL! });
  const send = (pingId: string) =>
    outside.post(`/api/signals/${key}.ping`, {
      headers: { authorization: `Bearer ${apiKey}` },
      data: { identifiers: { pingId }, payload: { pingId } },
    });
  const accepted = await send("p-1");
  expect(accepted.status(), await accepted.text()).toBe(200);
  expect(((await accepted.json()) as { started?: string }).started).toBeTruthy();

  // Last use shows after a reload; then revoke with confirmation.
  await page.reload();
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: `shop ${key}` })
      .getByRole("cell")
      .nth(4),
  ).not.toHaveText("—");
  await page.getByRole("button", { name: `Revoke shop ${key}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke shop ${key}?` });
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row").filter({ hasText: `shop ${key}` })).toContainText("revoked");

  const refused = await send("p-2");
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({
    error: { code: "UNAUTHENTICATED", message: "this API key was revoked" },
  });
  await outside.dispose();
});

test("an admin creates a REST API key with instances:read and a metrics key: each reaches only what it names", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const restKey = `${key}-rest`;
  await publish(request, pingModel(restKey));

  const create = async (
    name: string,
    choose: (dialog: ReturnType<typeof page.getByRole>) => Promise<void>,
  ) => {
    await page.getByRole("button", { name: "New API key" }).click();
    const dialog = page.getByRole("dialog", { name: "New API key" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("checkbox", { name: new RegExp(`\\(${restKey}\\)`) }).check();
    await dialog.getByRole("checkbox", { name: "Send signals" }).uncheck();
    await expect(dialog.getByText("Choose at least one")).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Create key" })).toBeDisabled();
    await choose(dialog);
    await dialog.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByRole("dialog", { name: `API key ${name}` });
    const secret = await shown.getByLabel("New API key").inputValue();
    await shown.getByRole("button", { name: "Done" }).click();
    return secret;
  };

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto("/api-keys");
  await page.getByRole("button", { name: "New API key" }).click();
  const open = page.getByRole("dialog", { name: "New API key" });
  await expect(open.getByRole("group", { name: "REST API scopes" })).toBeVisible();
  await open.screenshot({ path: "test-results/api-key-dialog-1024.png" });
  await open.getByRole("button", { name: "Cancel" }).click();

  const reader = await create(`reader ${restKey}`, (dialog) =>
    dialog.getByRole("checkbox", { name: "Instances: read" }).check(),
  );
  const scraper = await create(`scraper ${restKey}`, (dialog) =>
    dialog.getByRole("checkbox", { name: /Read metrics/ }).check(),
  );
  await expect(page.getByRole("row").filter({ hasText: `reader ${restKey}` })).toContainText(
    "REST API: Instances: read",
  );
  await expect(page.getByRole("row").filter({ hasText: `scraper ${restKey}` })).toContainText("metrics");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "test-results/api-keys-1440.png" });

  const outside = await playwright.request.newContext({ baseURL: baseURL! });
  const as = (secret: string) => ({ authorization: `Bearer ${secret}` });
  const listed = await outside.get(`/api/v1/instances?processKey=${restKey}`, { headers: as(reader) });
  expect(listed.status(), await listed.text()).toBe(200);
  const start = await outside.post("/api/v1/instances", {
    headers: as(reader),
    data: { processKey: restKey, variables: {} },
  });
  expect(start.status()).toBe(403);
  expect(await start.json()).toEqual({
    error: {
      code: "FORBIDDEN",
      message: 'this API key lacks the scope "instances:write"',
      details: { scope: "instances:write" },
    },
  });
  const metrics = await outside.get("/metrics", { headers: as(scraper) });
  expect(metrics.status()).toBe(200);
  expect(await metrics.text()).toContain("# TYPE");
  const noMetrics = await outside.get("/metrics", { headers: as(reader) });
  expect(noMetrics.status()).toBe(403);
  expect(((await noMetrics.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  await outside.dispose();
});
