import { expect, test } from "@playwright/test";
import { action, box, finalizer, flow, model, state } from "../support/models.ts";
import { screenshotsAtBothSizes } from "../support/screenshots.ts";
import { importAndPlay, performInPlay } from "../support/play.ts";
import { call } from "../support/trpc.ts";

/** Tickets: "Handle ticket" (manual) ends the instance; a nightly schedule starts one at 02:00 UTC. */
function ticketModel(key: string) {
  return model({
    key,
    name: "Nightly tickets",
    states: [state("open", "Open ticket", true)],
    nodes: [action("handle", "open", "Handle ticket"), finalizer("done", "open", "Done")],
    lines: [flow("handle", "done")],
    schedules: [{ id: "nightly", cron: "0 2 * * *", timezone: "UTC", variables: { source: "night" } }],
    boxes: {
      states: { open: box(0, 0, 460, 200) },
      nodes: { handle: box(60, 80), done: box(340, 88, 48, 48) },
    },
  });
}

test("play with a schedule: clock moves start the scheduled instances, one is chosen and acted on, and the saved scenario names it", async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const key = `nightly-${Date.now()}`;
  const { bar, side } = await importAndPlay(page, request, ticketModel(key), key);
  await expect(bar.getByLabel("Next schedule tick")).toHaveText("next tick 2027-01-05 02:00 UTC");
  await expect(bar.getByLabel("Next schedule tick")).toHaveAttribute(
    "title",
    "next schedule tick 2027-01-05 02:00 UTC (every day at 02:00)",
  );
  // one instance so far: no switcher
  await expect(side.getByRole("region", { name: "Play instances" })).toHaveCount(0);

  await bar.getByRole("button", { name: "+1 d" }).click();
  await bar.getByRole("button", { name: "+1 d" }).click();
  const instances = side.getByRole("region", { name: "Play instances" });
  await expect(instances.getByRole("heading", { name: "Instances (3)" })).toBeVisible();
  await expect(
    instances.getByRole("button", { name: "Instance 1: started by you, running" }),
  ).toHaveAttribute("aria-pressed", "true");
  const second = instances.getByRole("button", {
    name: "Instance 2: schedule every day at 02:00, 2027-01-05 02:00 UTC, running",
  });
  await expect(second).toBeVisible();
  await expect(
    instances.getByRole("button", {
      name: "Instance 3: schedule every day at 02:00, 2027-01-06 02:00 UTC, running",
    }),
  ).toBeVisible();
  await expect(bar.getByLabel("Next schedule tick")).toHaveText("next tick 2027-01-07 02:00 UTC");

  // the second instance: its variables come from the schedule; performing acts on it alone
  await second.click();
  await expect(second).toHaveAttribute("aria-pressed", "true");
  await side.getByText("Variables").click();
  await expect(side.locator(".play-json")).toContainText('"source": "night"');
  await performInPlay(page, side, "Handle ticket", "{}");
  await expect(side.getByLabel("Instance status")).toHaveText("completed (succeeded)");
  await expect(
    instances.getByRole("button", {
      name: "Instance 2: schedule every day at 02:00, 2027-01-05 02:00 UTC, completed",
    }),
  ).toHaveAttribute("aria-pressed", "true");
  await expect(side.getByRole("region", { name: "Steps" }).getByRole("listitem").last()).toHaveText(
    "perform “Handle ticket” in instance 2",
  );
  await expect(page.getByTestId("node-Done")).toBeVisible();
  await screenshotsAtBothSizes(page, "play-schedules-instance-2");

  // back to the first: still running, Handle ticket still unlocked there
  await instances.getByRole("button", { name: "Instance 1: started by you, running" }).click();
  await expect(side.getByLabel("Instance status")).toHaveText("running");
  await expect(side.getByRole("region", { name: "Unlocked actions" })).toContainText("Handle ticket");

  // the saved scenario records the step on instance 2 and passes
  await bar.getByRole("button", { name: "Save as scenario" }).click();
  const save = page.getByRole("dialog", { name: "Save as scenario" });
  await save.getByLabel("Scenario name").fill("nightly ticket handled");
  await save.getByRole("button", { name: "Save" }).click();
  await expect(
    page.getByRole("listitem", { name: "Scenario nightly ticket handled" }).getByLabel("passes"),
  ).toBeVisible();
  const { file } = await call<{ file: { scenarios: { name: string; steps: Record<string, unknown>[] }[] } }>(
    request,
    "version.scenarios",
    { processKey: key, number: 1 },
    "query",
  );
  expect(file.scenarios.map((s) => s.name)).toEqual(["nightly ticket handled"]);
  expect(file.scenarios[0]!.steps).toMatchObject([
    { clock: "P1D", expect: { instances: 2 } },
    { clock: "P1D", expect: { instances: 3 } },
    { perform: "handle", instance: 2, expect: { instances: 3, status: "completed", outcome: "succeeded" } },
  ]);
  await screenshotsAtBothSizes(page, "play-schedules-saved");
});
