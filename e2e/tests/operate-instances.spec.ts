import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { call, publish, publishAndStart, startInstance } from "../support/trpc.ts";
import {
  action,
  box,
  claimForm,
  finalizer,
  flow,
  payoutModel,
  state,
  transition,
} from "../support/models.ts";
import { startPayments } from "../support/payments.ts";

type Json = Record<string, unknown>;

/** Claim handling: Intake (register → assess, assess ⇒ Decision), Decision (approve → end). */
function claimModel(key: string): Json {
  const lines = [flow("register", "assess"), flow("approve", "approved")];
  return {
    formatVersion: 1,
    key,
    name: "Claim handling",
    states: [state("intake", "Intake", true), state("decision", "Decision")],
    nodes: [
      action("register", "intake", "Register claim", {
        mode: "manual",
        role: "clerk",
        output: { claimant: "result.claimant", amount: "result.amount" },
        form: claimForm,
      }),
      action("assess", "intake", "Assess damage", { mode: "manual", role: "assessor" }),
      action("escalate", "intake", "Escalate", { mode: "automatic", handler: "noop", delay: "P3D" }),
      action("approve", "decision", "Approve payout", { mode: "manual", role: "manager" }),
      finalizer("approved", "decision", "Approved"),
    ],
    lines,
    transitions: [transition("assess", "decision")],
    calendars: [],
    diagram: {
      states: { intake: box(0, 0, 560, 280), decision: box(640, 0, 420, 280) },
      nodes: {
        register: box(50, 80),
        assess: box(320, 80),
        escalate: box(50, 170),
        approve: box(700, 80),
        approved: box(960, 88, 48, 48),
      },
      lines: Object.fromEntries(lines.map((l) => [l.id, { waypoints: [] }])),
      transitions: { "go:assess->decision": { waypoints: [] } },
    },
  };
}

test.describe("operate", () => {
  test("a human task performed from the task list updates the instance canvas live", async ({
    context,
    request,
  }) => {
    const {
      instanceIds: [instanceId],
    } = await publishAndStart(request, claimModel("operate-claims"), "CLAIM-1");

    // The instance page: current state highlighted, the manual action unlocked, the next one dimmed with the reason.
    const canvas = await context.newPage();
    await canvas.goto(`/instances/${instanceId}`);
    await expect(canvas.getByRole("status", { name: "Live updates" })).toHaveText("Live");
    await expect(canvas.getByTestId("state-Intake")).toHaveClass(/ov-current/);
    await expect(canvas.getByTestId("node-Register claim")).toHaveClass(/ov-unlocked/);
    await expect(canvas.getByTestId("node-Assess damage")).toHaveClass(/ov-dimmed/);
    // Explanations in the user's words: names, never ids or seqs; any node explains itself on hover.
    await expect(canvas.getByTestId("node-Assess damage").getByRole("note")).toHaveAttribute(
      "title",
      "Assess damage is waiting: it waits until Register claim is completed",
    );
    await expect(canvas.getByTestId("node-Approve payout")).toHaveClass(/ov-other/);
    await expect(canvas.getByTestId("node-Approve payout").getByRole("note")).toHaveAttribute(
      "title",
      /^Approve payout is not in the current state: it belongs to .+, and the instance is in Intake$/,
    );
    await expect(canvas.getByTestId("node-Escalate").getByLabel(/^timer due at 20\d\d-/)).toBeVisible();
    await expect(canvas.getByRole("region", { name: "Timers" })).toContainText("Escalate");
    await canvas.getByTestId("node-Assess damage").click();
    const why = canvas.getByRole("region", { name: "Selected element" });
    await expect(why).toContainText("Assess damage — not unlocked");
    await expect(why).toContainText("Assess damage is waiting: it waits until Register claim is completed");
    // the technical detail stays one click away
    await expect(why.getByRole("list", { name: "Reasons" })).toBeHidden();
    await why.getByText("Details (ids and history seqs)").click();
    await expect(why.getByRole("list", { name: "Reasons" })).toContainText(
      "notArmed (blocking): waitingFor=",
    );
    await expect(canvas.getByRole("region", { name: "Not unlocked" })).toContainText("Assess damage");

    // The task list, filtered by role, performs the task through the form generated from its JSON Schema.
    const tasks = await context.newPage();
    await tasks.goto("/tasks");
    await tasks.getByLabel("Role").fill("clerk");
    const row = tasks.getByRole("row").filter({ hasText: "CLAIM-1" });
    await expect(row).toContainText("Register claim");
    await expect(row).toContainText("Escalate: in 3 d");
    await tasks.screenshot({ path: "test-results/screenshots/task-list.png" });
    await expect(tasks.getByRole("row").filter({ hasText: "Assess damage" })).toHaveCount(0);
    const seqBefore = (await call<{ seq: number }>(request, "instance.get", { id: instanceId }, "query")).seq;
    await row.getByRole("button", { name: "Perform Register claim on CLAIM-1" }).click();
    const dialog = tasks.getByRole("dialog", { name: "Perform Register claim" });
    await dialog.getByLabel("Claimant").fill("Ada Lovelace");
    await dialog.getByLabel("Amount").fill("-5");
    await dialog.getByRole("button", { name: "Perform" }).click();
    await expect(dialog.locator(".error-detail")).toContainText(/0/); // validated before sending: nothing performed
    expect((await call<{ seq: number }>(request, "instance.get", { id: instanceId }, "query")).seq).toBe(
      seqBefore,
    );
    await expect(canvas.getByTestId("node-Register claim")).toHaveClass(/ov-unlocked/);
    await dialog.getByLabel("Amount").fill("1200");
    await dialog.getByRole("button", { name: "Perform" }).click();
    await expect(dialog).toBeHidden();
    await expect(tasks.getByRole("row").filter({ hasText: "CLAIM-1" })).toHaveCount(0);

    // Without a reload, the canvas page moved on: completed count, the fired line numbered, the next action unlocked.
    await expect(canvas.getByTestId("node-Assess damage")).toHaveClass(/ov-unlocked/);
    await expect(canvas.getByTestId("node-Register claim")).toHaveClass(/ov-completed/);
    await expect(canvas.getByTestId("node-Register claim").getByLabel("completed 1 time")).toHaveText("✓ ×1");
    await expect(canvas.getByTestId("fired-flow:register->assess")).toHaveText("×1");
    await canvas.getByRole("tab", { name: "Variables" }).click();
    await expect(canvas.getByRole("tabpanel", { name: "Variables" })).toContainText(
      '"claimant": "Ada Lovelace"',
    );
    await canvas.getByRole("tab", { name: "Now" }).click();
    await canvas.screenshot({ path: "test-results/screenshots/instance-view.png" });

    // Perform from the canvas itself: the instance moves to Decision.
    await canvas
      .getByTestId("node-Assess damage")
      .getByRole("button", { name: "Perform Assess damage" })
      .click();
    await canvas
      .getByRole("dialog", { name: "Perform Assess damage" })
      .getByRole("button", { name: "Perform" })
      .click();
    await expect(canvas.getByTestId("state-Decision")).toHaveClass(/ov-current/);
    await expect(canvas.getByTestId("state-Intake")).toHaveClass(/ov-visited/);

    // Time travel: the history's first event shows the instance as it was at the start.
    await canvas.getByRole("tab", { name: "History" }).click();
    await canvas.getByRole("button", { name: /^Travel to 1: Started/ }).click();
    await expect(canvas).toHaveURL(new RegExp(`/instances/${instanceId}\\?at=1$`));
    await expect(canvas.getByRole("status", { name: "Time travel" })).toContainText("as it was at step 1");
    await expect(canvas.getByTestId("state-Intake")).toHaveClass(/ov-current/);
    await expect(canvas.getByTestId("node-Register claim")).toHaveClass(/ov-unlocked/);
    await expect(
      canvas.getByTestId("node-Register claim").getByRole("button", { name: "Perform Register claim" }),
    ).toHaveCount(0);
    await canvas.screenshot({ path: "test-results/screenshots/instance-time-travel.png" });
    // step through the history: after registering, then now, then one step back
    await canvas.getByRole("button", { name: "Later step" }).click();
    await expect(canvas).toHaveURL(/\?at=\d+$/);
    await expect(canvas.getByTestId("node-Assess damage")).toHaveClass(/ov-unlocked/);
    await expect(canvas.getByTestId("node-Register claim")).toHaveClass(/ov-completed/);
    await canvas.getByRole("button", { name: "Later step" }).click();
    await expect(canvas).toHaveURL(new RegExp(`/instances/${instanceId}$`));
    await expect(canvas.getByTestId("state-Decision")).toHaveClass(/ov-current/);
    await canvas.getByRole("button", { name: "Show the instance before its last step" }).click();
    await expect(canvas.getByTestId("state-Intake")).toHaveClass(/ov-current/);
    await expect(canvas.getByTestId("node-Assess damage")).toHaveClass(/ov-unlocked/);
    await canvas.getByRole("button", { name: "Back to now" }).click();
    await expect(canvas.getByTestId("state-Decision")).toHaveClass(/ov-current/);
    await expect(canvas.getByRole("status", { name: "Time travel" })).toHaveCount(0);
  });

  test("an incident is retried from the instance page", async ({ page, request }) => {
    // A real outside system the `http` handler calls: down (503) until the test repairs it.
    const payments = await startPayments();
    try {
      const key = "operate-payout";
      await publish(request, payoutModel(key, payments.port));
      const instanceId = await startInstance(request, key, "PAY-1");
      const second = await startInstance(request, key, "PAY-2");
      await expect
        .poll(
          async () =>
            (await call<{ incidents: unknown[] }>(request, "instance.get", { id: second }, "query")).incidents
              .length,
        )
        .toBe(1);
      await page.goto(`/instances/${instanceId}`);
      const incidents = page.getByRole("region", { name: "Incidents" });
      await expect(incidents).toContainText("503");
      await expect(page.getByTestId("node-Pay out")).toHaveClass(/ov-incident/);
      await expect(page.getByTestId("node-Pay out").getByRole("note")).toHaveAttribute(
        "title",
        /^incident: POST .* answered 503 — retry or skip it$/,
      );
      await page.screenshot({ path: "test-results/screenshots/instance-incident.png" });
      expect(payments.calls()).toBe(2);

      payments.repair();
      await incidents.getByRole("button", { name: "Retry incident on Pay out" }).click();
      await expect(page.getByRole("region", { name: "Incidents" })).toHaveCount(0);
      await expect(
        page.getByLabel("Instance", { exact: true }).getByText("completed", { exact: true }),
      ).toBeVisible();
      await expect(page.getByTestId("node-Pay out").getByLabel("completed 1 time")).toBeVisible();
      expect(payments.calls()).toBe(3);
      const view = await call<{ state: { status: string; incidents: unknown[] } }>(
        request,
        "instance.view",
        { id: instanceId },
        "query",
      );
      expect(view.state).toMatchObject({ status: "completed", incidents: [] });

      // The other one is skipped from its page: it moves on without calling the system again.
      await page.goto(`/instances/${second}`);
      await page
        .getByRole("region", { name: "Incidents" })
        .getByRole("button", { name: "Skip incident on Pay out" })
        .click();
      await expect(
        page.getByLabel("Instance", { exact: true }).getByText("completed", { exact: true }),
      ).toBeVisible();
      await expect(page.getByRole("region", { name: "Incidents" })).toHaveCount(0);
      expect(payments.calls()).toBe(3);
    } finally {
      await payments.close();
    }
  });

  test("the instances page filters instances, counts them per state and shows the heat on the canvas", async ({
    page,
    request,
  }) => {
    const { key, instanceIds: ids } = await publishAndStart(
      request,
      claimModel("operate-heat"),
      "HEAT-1",
      "HEAT-2",
      "HEAT-3",
    );
    await call(request, "instance.perform", {
      instanceId: ids[0],
      actionId: "register",
      input: { claimant: "A", amount: 1 },
    });

    await page.goto(`/processes/${key}`);
    await page.getByRole("link", { name: "Instances" }).click();
    await expect(page).toHaveURL(new RegExp(`/processes/${key}/instances$`));
    await expect(page.getByRole("table", { name: "Instances" }).getByRole("link")).toHaveCount(3);
    await expect(page.getByRole("list", { name: "Running instances per state" })).toContainText("Intake: 3");
    await expect(page.getByTestId("state-Intake").getByLabel("3 running instances in Intake")).toHaveText(
      "3 running",
    );
    await expect(
      page.getByTestId("node-Register claim").getByLabel("unlocked on 2 running instances"),
    ).toBeVisible();
    await expect(
      page.getByTestId("node-Assess damage").getByLabel("unlocked on 1 running instance"),
    ).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/instances-heat.png" });

    await page.getByLabel("Business key").fill("heat-2");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("table", { name: "Instances" }).getByRole("link")).toHaveText(["HEAT-2"]);

    // Live: another instance starts elsewhere; the counts and the heat follow without a reload.
    await page.getByRole("button", { name: "Clear" }).click();
    await call(request, "instance.start", { processKey: key, businessKey: "HEAT-4" });
    await expect(page.getByRole("list", { name: "Running instances per state" })).toContainText("Intake: 4");
    await expect(
      page.getByTestId("node-Register claim").getByLabel("unlocked on 3 running instances"),
    ).toBeVisible();
  });
  test("the instance list pages through many instances with Previous/Next", async ({ page, request }) => {
    const key = "operate-many";
    await publish(request, claimModel(key));
    for (let n = 1; n <= 55; n++)
      await call(request, "instance.start", {
        processKey: key,
        businessKey: `MANY-${String(n).padStart(2, "0")}`,
      });
    await page.goto(`/processes/${key}/instances`);
    const links = page.getByRole("table", { name: "Instances" }).getByRole("link");
    const pages = page.getByRole("navigation", { name: "Pages" });
    await expect(links).toHaveCount(50);
    const first = await links.allTextContents();
    await expect(pages.getByRole("button", { name: "Previous" })).toBeDisabled();
    await pages.getByRole("button", { name: "Next" }).click();
    await expect(pages).toContainText("Page 2");
    await expect(links).toHaveCount(5);
    // newest first; together the two pages hold every instance exactly once
    const all = [...first, ...(await links.allTextContents())];
    expect(new Set(all).size).toBe(55);
    expect(all.sort()).toEqual(
      Array.from({ length: 55 }, (_, i) => `MANY-${String(i + 1).padStart(2, "0")}`),
    );
    await expect(pages.getByRole("button", { name: "Next" })).toBeDisabled();
    await pages.getByRole("button", { name: "Previous" }).click();
    await expect(links).toHaveCount(50);
    await expect(page.getByRole("list", { name: "Running instances per state" })).toContainText("Intake: 55");
  });
  test("screenshot: a sales case instance moving through the seed process", async ({ page, request }) => {
    const model = JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, "../../packages/model/fixtures/sales-case.json"),
        "utf8",
      ),
    ) as Json;
    model.key = "operate-sales-case";
    await publish(request, model);
    const instanceId = await startInstance(request, "operate-sales-case", "SC-4711");
    await page.goto(`/instances/${instanceId}`);
    await expect(page.getByTestId("state-Establish sales case")).toHaveClass(/ov-current/);
    await expect(page.getByTestId("node-Establish sales case")).toHaveClass(/ov-unlocked/);
    await call(request, "instance.perform", {
      instanceId,
      actionId: "establishCase",
      input: { caseId: "SC-4711", customerId: "C-42", product: "leasing" },
    });
    // the demo systems take over: the page follows live
    await expect(page.getByTestId("state-Establish sales case")).toHaveClass(/ov-visited/);
    await page.getByRole("tab", { name: "Identifiers" }).click();
    await expect(page.getByRole("table", { name: "Identifiers" })).toContainText("SC-4711");
    await page.getByRole("tab", { name: "History" }).click();
    await page.screenshot({ path: "test-results/screenshots/instance-view-sales-case.png" });

    // the captured identifier finds it in the list (and a wrong value finds nothing)
    await call(request, "instance.start", { processKey: "operate-sales-case", businessKey: "SC-0001" });
    await page.goto("/processes/operate-sales-case/instances");
    const rows = page.getByRole("table", { name: "Instances" }).getByRole("link");
    await expect(rows).toHaveCount(2);
    await page.getByLabel("Identifier", { exact: true }).fill("caseId");
    await page.getByLabel("Identifier value").fill("SC-4711");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(rows).toHaveText(["SC-4711"]);
    await page.getByLabel("Identifier value").fill("SC-9999");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("table", { name: "Instances" })).toContainText("No instances match.");
  });
  test("a task performed elsewhere meanwhile is refused with the explainer's reason and changes nothing", async ({
    page,
    request,
  }) => {
    const {
      key,
      instanceIds: [instanceId],
    } = await publishAndStart(request, claimModel("operate-stale"), "STALE-1");
    await page.goto("/tasks");
    await page.getByLabel("Process").selectOption(key);
    await page.getByRole("button", { name: "Perform Register claim on STALE-1" }).click();
    const dialog = page.getByRole("dialog", { name: "Perform Register claim" });
    await dialog.getByLabel("Claimant").fill("Grace Hopper");
    await dialog.getByLabel("Amount").fill("10");
    // someone else is faster
    await call(request, "instance.perform", {
      instanceId,
      actionId: "register",
      input: { claimant: "Other", amount: 1 },
    });
    const after = await call<{ seq: number; variables: Json }>(
      request,
      "instance.get",
      { id: instanceId },
      "query",
    );
    await dialog.getByRole("button", { name: "Perform" }).click();
    await expect(dialog.getByRole("alert")).toContainText(/Register claim/);
    await expect(dialog).toBeVisible();
    const now = await call<{ seq: number; variables: Json }>(
      request,
      "instance.get",
      { id: instanceId },
      "query",
    );
    expect(now.seq).toBe(after.seq);
    expect(now.variables).toEqual({ claimant: "Other", amount: 1 });
  });
  test("an unknown instance or a malformed id says so instead of a blank page", async ({ page }) => {
    await page.goto("/instances/00000000-0000-4000-8000-000000000000");
    await expect(page.getByRole("alert")).toContainText(
      'Could not load the instance: no instance with id "00000000-0000-4000-8000-000000000000"',
    );
    await page.goto("/instances/not-an-id");
    await expect(page.getByRole("alert")).toContainText("Could not load the instance");
  });
});
