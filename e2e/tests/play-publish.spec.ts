import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { call } from "../support/trpc.ts";

const voiding = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, "../../packages/model/fixtures/document-voiding.json"),
    "utf8",
  ),
) as Record<string, unknown>;

const shot = (name: string) => `test-results/screenshots/${name}`;

/** A scenario saved with the draft that fails at its second step. */
const failing = {
  name: "expects the wrong state",
  steps: [
    { perform: "documentVoidingRequested", input: { documentId: "D-9", customerId: "K-9" } },
    { complete: "markDocumentAsVoided", expect: { state: "nowhere" } },
  ],
};

test("publish runs the draft's scenarios: refused with the failure shown, Open in play lands at it, an admin publishes anyway with a reason", async ({
  page,
  request,
}) => {
  const key = `proven-${Date.now()}`;
  const { versionId } = await call<{ versionId: string }>(request, "process.import", {
    model: { ...voiding, key },
  });
  await call(request, "version.saveScenarios", { id: versionId, scenarios: [failing] });
  await page.goto(`/processes/${key}/versions/1`);
  const publish = page.getByRole("button", { name: "Publish", exact: true });

  await publish.click();
  const dialog = page.getByRole("dialog", { name: "Scenarios fail" });
  await expect(dialog.getByRole("list", { name: "Failing scenarios" })).toContainText(
    "expects the wrong state fails at step 2 (complete “MarkDocumentAsVoided (Reports)”): expected the instance in a state that is not in the model, it is in “Voiding requested”",
  );
  await expect(dialog.getByRole("button", { name: "Publish anyway" })).toBeDisabled();
  await page.screenshot({ path: shot("publish-scenarios-fail.png") });
  const version = await call<{ status: string }>(request, "version.get", { id: versionId }, "query");
  expect(version.status).toBe("draft");

  // Open in play: the scenario replays up to its failing step, the difference shown.
  await dialog.getByRole("button", { name: "Open in play" }).click();
  await expect(page.getByRole("alert", { name: "Scenario failure" })).toContainText(
    "Fails at step 2 (complete “MarkDocumentAsVoided (Reports)”): expected the instance in a state that is not in the model",
  );
  await expect(
    page.getByRole("listitem", { name: "Scenario expects the wrong state" }).getByLabel("fails"),
  ).toBeVisible();
  await page.screenshot({ path: shot("publish-open-in-play.png") });

  // The demo admin publishes anyway, with a reason.
  await publish.click();
  await dialog.getByLabel("Reason for publishing anyway (audited)").fill("the expectation is outdated");
  await dialog.getByRole("button", { name: "Publish anyway" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("note", { name: "Read-only" })).toBeVisible();
  const published = await call<{ status: string }>(request, "version.get", { id: versionId }, "query");
  expect(published.status).toBe("published");
});

test("a draft with a planted dead end shows it as a lint warning whose Open in play lands at the dead end", async ({
  page,
  request,
}) => {
  const planted = JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../support/planted-dead-end.json"), "utf8"),
  ) as Record<string, unknown>;
  const key = `planted-${Date.now()}`;
  await call(request, "process.import", { model: { ...planted, key } });
  await page.goto(`/processes/${key}/versions/1`);
  const deadEnd = page.getByRole("region", { name: "Problems" }).getByRole("listitem", { name: "Dead end" });
  // the lint runs in a worker 600 ms after the editor settles: on a loaded machine that is seconds after the page loads
  await expect(deadEnd).toContainText("Dead end in “Work”: after Start,", { timeout: 20_000 });
  await expect(deadEnd).toContainText("nothing can follow");
  await page.screenshot({ path: shot("dead-end-lint.png") });

  await deadEnd.getByRole("button", { name: "Open in play" }).click();
  const side = page.getByRole("complementary", { name: "Play instance" });
  await expect(side).toContainText("running");
  await expect(side.getByRole("heading", { name: "Unlocked" })).toBeVisible();
  await expect(side.getByRole("button", { name: "Perform" })).toHaveCount(0);
  await page.screenshot({ path: shot("dead-end-in-play.png") });
});
