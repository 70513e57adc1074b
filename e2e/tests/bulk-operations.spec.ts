import { expect, test } from "@playwright/test";
import type { Locator, Page } from "@playwright/test";
import { listInstances, publishAndStart } from "../support/trpc.ts";
import { action, box, payoutModel, state } from "../support/models.ts";
import { startPayments } from "../support/payments.ts";

test("bulk: the heat filters the list, select all 20 with incidents, retry them, watch progress reach 20", async ({
  page,
  request,
}) => {
  // A real outside system: down (503) until the test repairs it.
  const payments = await startPayments();
  try {
    const { key } = await publishAndStart(
      request,
      payoutModel("bulk-payout", payments.port, "Bulk payout"),
      ...Array.from({ length: 20 }, (_, i) => `BULK-${String(i + 1).padStart(2, "0")}`),
    );
    await expect
      .poll(
        async () => (await listInstances(request, { processKey: key, hasIncident: true, limit: 50 })).length,
        { timeout: 30_000 },
      )
      .toBe(20);

    await page.goto(`/processes/${key}/instances`);
    const canvas = page
      .getByRole("region", { name: "Heat of running instances" })
      .or(page.getByLabel("Heat of running instances"));
    const stateEl = canvas.getByTestId("state-Payout");
    await expect(stateEl).toHaveClass(/inc-4/);
    await expect(canvas.getByTestId("node-Pay out")).toHaveClass(/heat-incident/);
    await expect(stateEl).toContainText("20 incidents");
    await page.screenshot({ path: test.info().outputPath("heat-incidents-1440.png") });

    // A click on the state in the heat filters the list to the instances there.
    await stateEl.locator(".fs-state-head").getByText("Payout", { exact: true }).click();
    await expect(page.getByLabel("State", { exact: true })).toHaveValue("payout");
    const table = page.getByRole("table", { name: "Instances" });
    await expect(table.getByRole("row")).toHaveCount(21);

    // Select all on the page (all 20 match), then retry their incidents.
    payments.repair();
    await table.getByRole("checkbox", { name: "Select all on this page" }).check();
    const bar = page.getByRole("region", { name: "Bulk actions" });
    await expect(bar.getByTestId("bulk-selected")).toHaveText("20 selected");
    await page.screenshot({ path: test.info().outputPath("bulk-selected-1440.png") });
    await bar.getByRole("button", { name: "Retry incidents" }).click();

    await expect(await bulkDone(page, 20)).toContainText("completed");

    // The incidents are gone: every instance completed, none left in the list with an incident.
    await expect
      .poll(
        async () =>
          (await listInstances(request, { processKey: key, status: "completed", limit: 50 })).length,
        { timeout: 30_000 },
      )
      .toBe(20);
    // The list is live: its rows turn completed and lose their incident flags.
    await expect(table.getByText("completed", { exact: true })).toHaveCount(20);
    await expect(table.getByLabel("has an open incident")).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("bulk-progress-1440.png") });
    await page.getByLabel("Incident", { exact: true }).selectOption("yes");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(table).toContainText("No instances match.");

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: test.info().outputPath("bulk-progress-1024.png") });
  } finally {
    await payments.close();
  }
});

/** Waits until the bulk operation panel reports all `count` instances done and none failed; returns the panel. */
async function bulkDone(page: Page, count: number): Promise<Locator> {
  const panel = page.getByRole("region", { name: "Bulk operation" });
  await expect(panel.getByTestId("bulk-done")).toHaveText(`${count} / ${count} done`, { timeout: 30_000 });
  await expect(panel.getByTestId("bulk-failed")).toHaveText("0 failed");
  return panel;
}

/** Intake then Review: a manual action in each state, no transition (operators move instances on). */
function intakeModel(key: string) {
  return {
    formatVersion: 1,
    key,
    name: "Bulk intake",
    states: [state("intake", "Intake", true), state("review", "Review")],
    nodes: [action("take", "intake", "Take the call"), action("check", "review", "Check the file")],
    lines: [],
    transitions: [],
    calendars: [],
    diagram: {
      states: { intake: box(0, 0, 300, 200), review: box(380, 0, 300, 200) },
      nodes: { take: box(60, 80), check: box(440, 80) },
      lines: {},
      transitions: {},
    },
  };
}

test("bulk: move the ticked instances to another state with a reason; each lands there", async ({
  page,
  request,
}) => {
  const { key } = await publishAndStart(
    request,
    intakeModel("bulk-intake"),
    "MOVE-1",
    "MOVE-2",
    "MOVE-3",
    "MOVE-4",
  );
  await page.goto(`/processes/${key}/instances`);
  const table = page.getByRole("table", { name: "Instances" });
  await expect(table.getByRole("row")).toHaveCount(5);
  for (const n of [1, 2, 3])
    await table
      .getByRole("row", { name: new RegExp(`MOVE-${n}\\b`) })
      .getByRole("checkbox")
      .check();
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar.getByTestId("bulk-selected")).toHaveText("3 selected");
  await bar.getByRole("button", { name: "Move…" }).click();
  const dialog = page.getByRole("dialog", { name: "Move 3 instances to another state" });
  await dialog.getByLabel("Move to state").selectOption({ label: "Review" });
  await dialog.getByRole("textbox").last().fill("intake was done by phone");
  await page.screenshot({ path: test.info().outputPath("bulk-move-dialog-1440.png") });
  await dialog.getByRole("button", { name: "Move 3" }).click();
  await expect(await bulkDone(page, 3)).toContainText("Move to another state (“intake was done by phone”)");
  // Three in Review, the unticked one still in Intake.
  const states = await listInstances<{ businessKey: string; currentStateId: string }>(request, {
    processKey: key,
    limit: 50,
  });
  expect(Object.fromEntries(states.map((i) => [i.businessKey, i.currentStateId]))).toEqual({
    "MOVE-1": "review",
    "MOVE-2": "review",
    "MOVE-3": "review",
    "MOVE-4": "intake",
  });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: test.info().outputPath("bulk-move-done-1024.png") });
});
