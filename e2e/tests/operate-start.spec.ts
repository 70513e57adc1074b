import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { call, listInstances, publish, publishAndStart } from "../support/trpc.ts";
import { action, box, claimForm, flow, state } from "../support/models.ts";

type Json = Record<string, unknown>;

/**
 * Intake: "Register claim" (manual, the start action, with a JSON-Schema form) → "Assess damage".
 * Without `form`, the start dialog offers the JSON editor instead.
 */
function claimModel(key: string, withForm: boolean): Json {
  const line = flow("register", "assess");
  return {
    formatVersion: 1,
    key,
    name: withForm ? "Claim intake" : "Claim intake (JSON)",
    states: [state("intake", "Intake", true)],
    nodes: [
      action("register", "intake", "Register claim", withForm ? { form: claimForm } : {}),
      action("assess", "intake", "Assess damage"),
    ],
    lines: [line],
    transitions: [],
    calendars: [],
    diagram: {
      states: { intake: box(0, 0, 520, 200) },
      nodes: { register: box(50, 80), assess: box(300, 80) },
      lines: { [line.id]: { waypoints: [] } },
      transitions: {},
    },
  };
}

/** Screenshots at both sizes the app is checked at (kept under e2e/test-results/screenshots). */
async function shoot(page: Page, name: string) {
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}x${height}.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe("operators start and cancel instances", () => {
  test("start an instance with its start form from the process page and land on the new instance", async ({
    page,
    request,
  }) => {
    const key = "start-claims";
    await publish(request, claimModel(key, true));
    await page.goto(`/processes/${key}`);
    await page.getByRole("button", { name: "Start instance" }).click();
    const dialog = page.getByRole("dialog", { name: "Start instance" });
    await expect(dialog).toContainText("Version v1");
    await expect(dialog).toContainText("Starts with: Register claim");
    await dialog.getByLabel("Business key (optional)").fill("START-1");
    await expect(dialog).toContainText("No running instance has this key.");
    // Labels come from the schema's titles; the form validates before anything is sent.
    await dialog.getByLabel("Claimant").fill("Grace Hopper");
    await dialog.getByLabel("Amount").fill("-3");
    await dialog.getByRole("button", { name: "Start", exact: true }).click();
    await expect(dialog.locator(".error-detail")).toContainText(/0/);
    await shoot(page, "start-dialog");
    expect(await listInstances(request, { processKey: key })).toHaveLength(0);
    await dialog.getByLabel("Amount").fill("1500");
    await dialog.getByRole("button", { name: "Start", exact: true }).click();

    await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: "START-1" })).toBeVisible();
    await expect(page.getByTestId("state-Intake")).toHaveClass(/ov-current/);
    await page.getByRole("tab", { name: "Variables" }).click();
    const variables = page.getByRole("tabpanel", { name: "Variables" });
    await expect(variables).toContainText('"claimant": "Grace Hopper"');
    await expect(variables).toContainText('"amount": 1500');
    await shoot(page, "started-instance");

    // The version page offers the same start for its (published) version.
    await page.goto(`/processes/${key}/versions/1`);
    await page.getByRole("button", { name: "Start instance" }).click();
    await expect(page.getByRole("dialog", { name: "Start instance" })).toContainText("Version v1");
  });

  test("a business key a running instance holds is refused inline; the JSON editor when there is no form", async ({
    page,
    request,
  }) => {
    const {
      key,
      instanceIds: [running],
    } = await publishAndStart(request, claimModel("start-json", false), "DUP-1");

    // From the instance list: the duplicate is named before submitting, with a link to the holder.
    await page.goto(`/processes/${key}/instances`);
    await page.getByRole("button", { name: "Start instance" }).click();
    const dialog = page.getByRole("dialog", { name: "Start instance" });
    await dialog.getByLabel("Business key (optional)").fill("DUP-1");
    await expect(dialog.getByRole("alert")).toContainText(
      `A running instance of ${key} already has business key “DUP-1”`,
    );
    await expect(dialog.getByRole("link", { name: "Open it" })).toHaveAttribute(
      "href",
      `/instances/${running}`,
    );
    await expect(dialog.getByRole("button", { name: "Start", exact: true })).toBeDisabled();
    // No schema: a validated JSON editor.
    const json = dialog.getByLabel("Variables (JSON object)");
    await json.fill("[1, 2]");
    await expect(dialog.getByRole("alert").filter({ hasText: "not an array" })).toBeVisible();
    await json.fill('{ "claimant": "Alan Turing" }');
    await shoot(page, "start-duplicate-key");
    expect(await listInstances(request, { processKey: key })).toHaveLength(1);

    await dialog.getByLabel("Business key (optional)").fill("DUP-2");
    await expect(dialog).toContainText("No running instance has this key.");
    await dialog.getByRole("button", { name: "Start", exact: true }).click();
    await expect(page.getByRole("heading", { name: "DUP-2" })).toBeVisible();

    // From the task list: the process is chosen in the dialog.
    await page.goto("/tasks");
    await page.getByRole("button", { name: "Start instance" }).click();
    const fromTasks = page.getByRole("dialog", { name: "Start instance" });
    await fromTasks.getByLabel("Process").selectOption({ label: "Claim intake (JSON)" });
    await expect(fromTasks).toContainText("Version v1");
    await fromTasks.getByLabel("Business key (optional)").fill("DUP-1");
    await expect(fromTasks.getByRole("alert")).toContainText("already has business key “DUP-1”");
  });

  test("cancel an instance with a reason after confirming, and see it cancelled in the list", async ({
    page,
    request,
  }) => {
    const {
      key,
      instanceIds: [keep, doomed],
    } = await publishAndStart(request, claimModel("start-cancel", false), "KEEP-1", "CAN-1");

    await page.goto(`/instances/${doomed}`);
    await page.getByRole("button", { name: "Cancel instance" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel instance" });
    const confirm = dialog.getByRole("button", { name: "Cancel instance" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel("Reason (required)").fill("Claim withdrawn by the customer");
    await shoot(page, "cancel-dialog");
    await confirm.click();
    await expect(dialog).toBeHidden();
    await expect(
      page.getByRole("toolbar", { name: "Instance" }).or(page.locator(".editor-toolbar")),
    ).toContainText("cancelled");
    await expect(page.getByRole("button", { name: "Cancel instance" })).toHaveCount(0);
    await page.getByRole("tab", { name: "History" }).click();
    await expect(page.getByRole("tabpanel", { name: "History" })).toContainText(
      "Claim withdrawn by the customer",
    );

    await page.goto(`/processes/${key}/instances`);
    const list = page.getByRole("table", { name: "Instances" });
    await expect(list.getByRole("row").filter({ hasText: "CAN-1" })).toContainText("cancelled");
    await expect(list.getByRole("row").filter({ hasText: "KEEP-1" })).toContainText("running");
    await shoot(page, "cancelled-in-list");
    const kept = await call<{ status: string }>(request, "instance.get", { id: keep }, "query");
    expect(kept.status).toBe("running");
  });
});
