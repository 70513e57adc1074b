import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { call, publishAndStart } from "../support/trpc.ts";
import { action, box, state } from "../support/models.ts";

type Json = Record<string, unknown>;

/** Triage (Assess, and a reminder timer in three days) and Repair (Fix, and "Notify team", run when an instance arrives by a move). */
function ticketModel(key: string): Json {
  return {
    formatVersion: 1,
    key,
    name: "Repair tickets",
    states: [state("triage", "Triage", true), state("repair", "Repair")],
    nodes: [
      action("assess", "triage", "Assess ticket"),
      action("remind", "triage", "Remind customer", { mode: "automatic", handler: "noop", delay: "P3D" }),
      action("fix", "repair", "Fix device"),
      action("notify", "repair", "Notify team", { mode: "automatic", handler: "noop", migration: {} }),
    ],
    lines: [],
    transitions: [],
    calendars: [],
    diagram: {
      states: { triage: box(0, 0, 480, 240), repair: box(560, 0, 480, 240) },
      nodes: {
        assess: box(50, 80),
        remind: box(260, 80),
        fix: box(610, 80),
        notify: box(820, 80),
      },
      lines: {},
      transitions: {},
    },
  };
}

async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: test.info().outputPath(`${name}-1440x900.png`) });
}

test.describe("operators modify instances", () => {
  test("move an instance to another state after reading the dry run, then edit a variable", async ({
    page,
    request,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const {
      instanceIds: [instanceId],
    } = await publishAndStart(request, ticketModel("modify-tickets"), "TICKET-1");
    await call(request, "instance.setVariables", {
      instanceId,
      variables: { device: "phone", priority: 2 },
      reason: "set up the story",
      expectedSeq: (await call<{ seq: number }>(request, "instance.get", { id: instanceId }, "query")).seq,
    });

    await page.goto(`/instances/${instanceId}`);
    await expect(page.getByRole("status", { name: "Live updates" })).toHaveText("Live");
    await expect(page.getByTestId("state-Triage")).toHaveClass(/ov-current/);

    // Move…: the dry run says in names what happens before anything changes.
    await page.getByRole("button", { name: "Move…" }).click();
    const move = page.getByRole("dialog", { name: "Move to another state" });
    await move.getByLabel("Target state").selectOption({ label: "Repair" });
    const dryRun = move.getByRole("region", { name: "Dry run" });
    await expect(dryRun).toContainText("Leaves “Triage” and enters “Repair” afresh.");
    await expect(dryRun).toContainText("Scheduled work dropped: “Remind customer”.");
    await expect(dryRun).toContainText("Migration actions that run: “Notify team”.");
    await expect(dryRun).toContainText("“Fix device”");
    await expect(dryRun).not.toContainText("remind");
    await expect(move.getByRole("button", { name: "Move", exact: true })).toBeDisabled();
    await move.getByLabel("Reason (required)").fill("The customer dropped the device off already");
    await shoot(page, "move-dry-run");
    await move.getByRole("button", { name: "Move", exact: true }).click();
    await expect(move).toBeHidden();

    await expect(page.getByTestId("state-Repair")).toHaveClass(/ov-current/);
    await expect(page.getByTestId("node-Fix device")).toHaveClass(/ov-unlocked/);
    await page.getByRole("tab", { name: "History" }).click();
    const history = page.getByRole("tabpanel", { name: "History" });
    await expect(history).toContainText(
      /Moved by hand from Triage to Repair by \S+: The customer dropped the device off already/,
    );
    await shoot(page, "moved-instance");

    // Edit variables: the JSON editor, the diff, a reason.
    await page.getByRole("button", { name: "Edit variables" }).click();
    const edit = page.getByRole("dialog", { name: "Edit variables" });
    const editor = edit.getByLabel("Variables (JSON object)");
    await expect(editor).toHaveValue(/"device": "phone"/);
    await editor.fill("[1]");
    await expect(edit.getByRole("alert").filter({ hasText: "not an array" })).toBeVisible();
    await editor.fill('{ "device": "tablet", "priority": 2, "note": "screen cracked" }');
    const changes = edit.getByRole("region", { name: "Changes" });
    await expect(changes.getByRole("row", { name: /device/ })).toContainText('"phone"');
    await expect(changes.getByRole("row", { name: /device/ })).toContainText('"tablet"');
    await expect(changes.getByRole("row", { name: /note/ })).toContainText('"screen cracked"');
    await expect(changes.getByRole("row", { name: /priority/ })).toHaveCount(0);
    await edit.getByLabel("Reason (required)").fill("The ticket named the wrong device");
    await shoot(page, "edit-variables");
    await edit.getByRole("button", { name: "Save variables" }).click();
    await expect(edit).toBeHidden();

    await expect(history).toContainText(
      /Variables changed by \S+: device, note — The ticket named the wrong device/,
    );
    await page.getByRole("tab", { name: "Variables" }).click();
    await expect(page.getByRole("tabpanel", { name: "Variables" })).toContainText('"device": "tablet"');
    await shoot(page, "edited-variables");
  });
});
