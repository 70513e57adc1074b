import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { call, publish, startInstance } from "../support/trpc.ts";
import { action, box } from "../support/models.ts";

/** Payout: one automatic `http` action calling `port` (an incident when it answers 503), then Paid. */
function payoutModel(key: string, port: number) {
  return {
    formatVersion: 1,
    key,
    name: "Bulk payout",
    states: [{ id: "payout", ref: "payout", name: "Payout", initial: true }],
    nodes: [
      {
        id: "pay",
        ref: "pay",
        kind: "action",
        stateId: "payout",
        name: "Pay out",
        maxOccurs: 1,
        singleton: false,
        captures: [],
        strictness: "strict",
        mode: "automatic",
        handler: "http",
        input: { url: `"http://127.0.0.1:${port}/pay"` },
      },
      { id: "paid", ref: "paid", kind: "finalizer", stateId: "payout", name: "Paid", outcome: "succeeded" },
    ],
    lines: [
      { id: "flow:pay->paid", ref: "flow:pay->paid", kind: "flow", from: "pay", to: "paid", on: "completed" },
    ],
    transitions: [],
    calendars: [],
    diagram: {
      states: { payout: box(0, 0, 460, 200) },
      nodes: { pay: box(60, 80), paid: box(340, 88, 48, 48) },
      lines: { "flow:pay->paid": { waypoints: [] } },
      transitions: {},
    },
  };
}

test("bulk: the heat filters the list, select all 20 with incidents, retry them, watch progress reach 20", async ({
  page,
  request,
}) => {
  // A real outside system: down (503) until the test repairs it.
  let up = false;
  const server: Server = createServer((req, res) => {
    req.resume();
    res.writeHead(up ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify(up ? { paid: true } : { error: "payments are down" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const key = "bulk-payout";
    await publish(request, payoutModel(key, (server.address() as AddressInfo).port));
    for (let i = 1; i <= 20; i++) await startInstance(request, key, `BULK-${String(i).padStart(2, "0")}`);
    await expect
      .poll(
        async () =>
          (
            await call<{ items: unknown[] }>(
              request,
              "instance.list",
              { processKey: key, hasIncident: true, limit: 50 },
              "query",
            )
          ).items.length,
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
    up = true;
    await table.getByRole("checkbox", { name: "Select all on this page" }).check();
    const bar = page.getByRole("region", { name: "Bulk actions" });
    await expect(bar.getByTestId("bulk-selected")).toHaveText("20 selected");
    await page.screenshot({ path: test.info().outputPath("bulk-selected-1440.png") });
    await bar.getByRole("button", { name: "Retry incidents" }).click();

    const panel = page.getByRole("region", { name: "Bulk operation" });
    await expect(panel.getByTestId("bulk-done")).toHaveText("20 / 20 done", { timeout: 30_000 });
    await expect(panel.getByTestId("bulk-failed")).toHaveText("0 failed");
    await expect(panel).toContainText("completed");

    // The incidents are gone: every instance completed, none left in the list with an incident.
    await expect
      .poll(
        async () =>
          (
            await call<{ items: unknown[] }>(
              request,
              "instance.list",
              { processKey: key, status: "completed", limit: 50 },
              "query",
            )
          ).items.length,
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
    server.close();
  }
});

/** Intake then Review: a manual action in each state, no transition (operators move instances on). */
function intakeModel(key: string) {
  return {
    formatVersion: 1,
    key,
    name: "Bulk intake",
    states: [
      { id: "intake", ref: "intake", name: "Intake", initial: true },
      { id: "review", ref: "review", name: "Review" },
    ],
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
  const key = "bulk-intake";
  await publish(request, intakeModel(key));
  for (let i = 1; i <= 4; i++) await startInstance(request, key, `MOVE-${i}`);
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
  const panel = page.getByRole("region", { name: "Bulk operation" });
  await expect(panel.getByTestId("bulk-done")).toHaveText("3 / 3 done", { timeout: 30_000 });
  await expect(panel.getByTestId("bulk-failed")).toHaveText("0 failed");
  await expect(panel).toContainText("Move to another state (“intake was done by phone”)");
  // Three in Review, the unticked one still in Intake.
  const states = await call<{ items: { businessKey: string; currentStateId: string }[] }>(
    request,
    "instance.list",
    { processKey: key, limit: 50 },
    "query",
  );
  expect(Object.fromEntries(states.items.map((i) => [i.businessKey, i.currentStateId]))).toEqual({
    "MOVE-1": "review",
    "MOVE-2": "review",
    "MOVE-3": "review",
    "MOVE-4": "intake",
  });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: test.info().outputPath("bulk-move-done-1024.png") });
});
