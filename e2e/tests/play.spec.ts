import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { selectByName, setProperty } from "../support/editor.ts";
import { completeInPlay, playSalesCaseToCreditDecision } from "../support/play.ts";
import { call } from "../support/trpc.ts";
import { screenshotsAtBothSizes, shotPath } from "../support/screenshots.ts";

const salesCase = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../packages/model/fixtures/sales-case.json"), "utf8"),
) as { key: string; name: string };

/** Sets the delay of the "Credit decision expired" action in the draft through the properties panel. */
async function setExpiryDelay(page: Page, delay: string) {
  // The finalizer has the same name: the automatic action is the one selected.
  await selectByName(page, "Credit decision expired", "Automatic action");
  await setProperty(page, "Delay", delay);
}

test("play: the sales case draft through the credit decision's 14-day expiry, saved as a scenario that turns red (opened at the failing step, the difference in words) when the draft breaks, refuses the publish, and publishes once fixed", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const key = `play-sales-${Date.now()}`;
  const res = await request.post("/trpc/process.import", { data: { model: { ...salesCase, key } } });
  expect(res.ok(), await res.text()).toBe(true);
  await page.goto(`/processes/${key}/versions/1`);
  await expect(page.getByTestId("state-Establish sales case")).toBeVisible();

  await page.getByRole("button", { name: "Play", exact: true }).click();
  const bar = page.getByRole("toolbar", { name: "Play" });
  const side = page.getByRole("complementary", { name: "Play instance" });
  await expect(bar.getByLabel("Virtual time")).toHaveText("2027-01-04 09:00 UTC");

  // perform the start with typed input, complete the automatic customer lookup with typed output
  await playSalesCaseToCreditDecision(page, side);
  await expect(side.getByRole("listitem").filter({ hasText: "Credit decision expired" })).toContainText(
    "due 2027-01-18 09:00",
  );
  await page.screenshot({ path: shotPath("play-credit-decision.png") });

  // the virtual clock: +1 d, then to the next due timer (the 14-day expiry); no waiting
  await bar.getByRole("button", { name: "+1 d" }).click();
  await expect(bar.getByLabel("Virtual time")).toHaveText("2027-01-05 09:00 UTC");
  await bar.getByRole("button", { name: "To next timer" }).click();
  await expect(bar.getByLabel("Virtual time")).toHaveText("2027-01-18 09:00 UTC");
  await completeInPlay(page, side, "Update status and expected delivery date");
  await expect(side.getByLabel("Instance status")).toHaveText("failed (failed)");
  await page.screenshot({ path: shotPath("play-expired.png") });

  // step back and forward through the play
  await bar.getByRole("button", { name: "Step back" }).click();
  await expect(side.getByLabel("Instance status")).toHaveText("running");
  await bar.getByRole("button", { name: "Step forward" }).click();
  await expect(side.getByLabel("Instance status")).toHaveText("failed (failed)");

  // save as a scenario: green
  await bar.getByRole("button", { name: "Save as scenario" }).click();
  const save = page.getByRole("dialog", { name: "Save as scenario" });
  await save.getByLabel("Scenario name").fill("credit expires");
  await save.getByRole("button", { name: "Save" }).click();
  const scenario = page.getByRole("listitem", { name: "Scenario credit expires" });
  await expect(scenario.getByLabel("passes")).toBeVisible();
  await bar.getByRole("button", { name: "Stop playing" }).click();

  // break the draft: the expiry now takes 20 days → red, opened at the failing step
  await setExpiryDelay(page, "P20D");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(scenario.getByLabel("fails")).toBeVisible();
  await scenario.getByRole("button", { name: "Open" }).click();
  // the difference in words: element names, no ids or seqs
  const failure = page.getByRole("alert", { name: "Scenario failure" });
  await expect(failure).toHaveText(
    "Fails at step 4 (move the clock 13 days): expected “Update status and expected delivery date” unlocked, it is not; “Credit decision expired”, “Make credit decision” are unlocked too",
  );
  // opened at the failing step: the play stands after step 4, before the expiry fired
  await expect(side.getByRole("region", { name: "Steps" }).locator('[aria-current="step"]')).toHaveText(
    "move the clock 13 days",
  );
  await expect(bar.getByLabel("Virtual time")).toHaveText("2027-01-18 09:00 UTC");
  await expect(side.getByRole("listitem").filter({ hasText: "Credit decision expired" })).toContainText(
    "due 2027-01-24 09:00",
  );
  await screenshotsAtBothSizes(page, "play-scenario-red");
  await bar.getByRole("button", { name: "Stop playing" }).click();

  // publishing runs the scenarios: refused while it fails, naming the scenario and the step in words
  const publish = page.getByRole("button", { name: "Publish", exact: true });
  await publish.click();
  const refused = page.getByRole("dialog", { name: "Scenarios fail" });
  await expect(refused.getByRole("list", { name: "Failing scenarios" })).toContainText(
    "credit expires fails at step 4 (move the clock 13 days): expected “Update status and expected delivery date” unlocked",
  );
  await refused.getByRole("button", { name: "Close" }).click();
  const draft = await call<{ status: string }>(
    request,
    "version.get",
    { processKey: key, number: 1 },
    "query",
  );
  expect(draft.status).toBe("draft");

  // fix it: green again
  await setExpiryDelay(page, "P14D");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(scenario.getByLabel("passes")).toBeVisible();
  await page.screenshot({ path: shotPath("play-scenario-green.png") });
  await bar.getByRole("button", { name: "Stop playing" }).click();

  // publish: the scenarios run and pass, the version is published with its scenario
  await publish.click();
  await expect(page.getByRole("note", { name: "Read-only" })).toContainText("v1 is published");
  const published = await call<{ status: string }>(
    request,
    "version.get",
    { processKey: key, number: 1 },
    "query",
  );
  expect(published.status).toBe("published");
  const stored = await call<{ file: { scenarios: { name: string }[] } }>(
    request,
    "version.scenarios",
    { processKey: key, number: 1 },
    "query",
  );
  expect(stored.file.scenarios.map((s) => s.name)).toEqual(["credit expires"]);
  await page.screenshot({ path: shotPath("play-published.png") });
});
