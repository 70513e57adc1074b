import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { selectByName, setProperty } from "../support/editor.ts";
import {
  completeInPlay,
  importAndPlay,
  performInPlay,
  playSalesCaseToCreditDecision,
} from "../support/play.ts";
import { call } from "../support/trpc.ts";
import { screenshotsAtBothSizes } from "../support/screenshots.ts";

const repo = path.resolve(import.meta.dirname, "../..");
const readJson = (file: string) =>
  JSON.parse(readFileSync(path.join(repo, file), "utf8")) as Record<string, unknown>;
const voiding = readJson("processes/document-voiding.model.json");
const voidingScenarios = readJson("processes/document-voiding.scenarios.json") as {
  scenarios: Record<string, unknown>[];
};
const salesCase = readJson("packages/model/fixtures/sales-case.json");

/** The totals line `flowstate test` prints: `coverage: actions 57% (4/7), lines …`, per kind. */
function cliCoverage(output: string): Record<"actions" | "lines" | "transitions", string> {
  const total = output.split("\n").findLast((line) => line.startsWith("coverage: "));
  const kind = String.raw`(\S+ \(\d+\/\d+\)|none)`;
  const found = new RegExp(`actions ${kind}, lines ${kind}, transitions ${kind}`).exec(total ?? "");
  if (!found) throw new Error(`no coverage line in the CLI's output:\n${output}`);
  return { actions: found[1]!, lines: found[2]!, transitions: found[3]! };
}

test("coverage: after the scenarios run, the panel shows the percentages `flowstate test` prints for the same file, and the canvas marks what they exercised", async ({
  page,
  request,
}) => {
  // One of the two voiding scenarios: the failure path stays unexercised, so coverage is partial.
  const file = { ...voidingScenarios, scenarios: voidingScenarios.scenarios.slice(0, 1) };
  const dir = mkdtempSync(path.join(os.tmpdir(), "flowstate-coverage-"));
  writeFileSync(path.join(dir, "document-voiding.model.json"), JSON.stringify(voiding));
  writeFileSync(path.join(dir, "document-voiding.scenarios.json"), JSON.stringify(file));
  const printed = execFileSync(
    process.execPath,
    [path.join(repo, "packages/cli/bin/flowstate.mjs"), "test", dir],
    {
      encoding: "utf8",
    },
  );
  const cli = cliCoverage(printed);
  expect(cli.actions).not.toBe("100% (7/7)");

  const key = `covered-${Date.now()}`;
  const { versionId } = await call<{ versionId: string }>(request, "process.import", {
    model: { ...voiding, key },
  });
  await call(request, "version.saveScenarios", { id: versionId, scenarios: file.scenarios });

  // Play mode is its own chunk: the editor loads without it, Play fetches it.
  const scripts: string[] = [];
  page.on("response", (res) => {
    if (res.url().endsWith(".js")) scripts.push(new URL(res.url()).pathname);
  });
  await page.goto(`/processes/${key}/versions/1`);
  await expect(page.getByTestId("state-Voiding requested")).toBeVisible();
  expect(scripts.filter((s) => /\/PlayMode-[^/]*\.js$/.test(s))).toEqual([]);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await expect(page.getByRole("toolbar", { name: "Play" })).toBeVisible();
  expect(scripts.filter((s) => /\/PlayMode-[^/]*\.js$/.test(s))).toHaveLength(1);

  const side = page.getByRole("complementary", { name: "Play instance" });
  await expect(
    side
      .getByRole("listitem", { name: "Scenario marking succeeds, the document is voided" })
      .getByLabel("passes"),
  ).toBeVisible();
  const coverage = side.getByRole("region", { name: "Coverage" });
  await expect(coverage.getByLabel("Actions covered")).toContainText(cli.actions);
  await expect(coverage.getByLabel("Lines covered")).toContainText(cli.lines);
  await expect(coverage.getByLabel("Transitions covered")).toContainText(cli.transitions);

  // On the canvas: the success path is covered (solid green), the failure path is not (dashed).
  await coverage.getByLabel("Show coverage on the canvas").check();
  await expect(page.getByTestId("node-MarkDocumentAsVoided (Reports)")).toHaveClass(/\bov-covered\b/);
  await expect(page.getByTestId("node-MarkingDocumentAsVoidedSucceeded (Reports)")).toHaveClass(
    /\bov-covered\b/,
  );
  await expect(page.getByTestId("node-AbortDocumentVoiding (Billing)")).toHaveClass(/\bov-uncovered\b/);
  await expect(page.getByTestId("node-AcknowledgeProcessFailure")).toHaveClass(/\bov-uncovered\b/);
  await expect(coverage).toContainText("dashed orange: not exercised");
  await screenshotsAtBothSizes(page, "play-coverage");
});

test("Send signal moves a play instance that waits for one: the failure signal with its payload", async ({
  page,
  request,
}) => {
  const { bar, side } = await importAndPlay(page, request, voiding, `signalled-${Date.now()}`);

  await performInPlay(
    page,
    side,
    "DocumentVoidingRequested (Billing)",
    '{ "documentId": "D-1", "customerId": "K-1" }',
  );
  await completeInPlay(page, side, "MarkDocumentAsVoided (Reports)");
  // The instance now waits for the reports system's signal: success or failure.
  const unlocked = side.getByRole("region", { name: "Unlocked actions" });
  await expect(unlocked).toContainText("MarkingDocumentAsVoidedSucceeded (Reports)");
  await expect(unlocked).toContainText("MarkingDocumentAsVoidedFailed (Reports)");

  await bar.getByRole("button", { name: "Send signal" }).click();
  const dialog = page.getByRole("dialog", { name: "Send signal" });
  await dialog.getByRole("combobox", { name: "Signal" }).selectOption("reports.markingFailed");
  await dialog.getByLabel("Payload (JSON)").fill('{ "reason": "already reported" }');
  await screenshotsAtBothSizes(page, "play-send-signal");
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(dialog).toBeHidden();

  await expect(side.getByRole("heading", { name: "Marking document as voided failed" })).toBeVisible();
  await expect(side.getByLabel("Instance status")).toHaveText("running");
  await expect(side.getByRole("region", { name: "Steps" })).toContainText(
    "send the signal “reports.markingFailed”",
  );
  await side.getByText("Variables").click();
  await expect(side.locator(".play-json")).toContainText('"failureReason": "already reported"');
  await screenshotsAtBothSizes(page, "play-signal-sent");
});

test("editing the draft while playing: the play waits beside the editor, continues when it still fits, offers a restart from the same inputs when not", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const { bar, side } = await importAndPlay(page, request, salesCase, `edited-${Date.now()}`);
  await playSalesCaseToCreditDecision(page, side);

  // Edit the draft: the editor comes back, the play waits in a strip above it.
  await bar.getByRole("button", { name: "Edit draft" }).click();
  const strip = page.getByRole("region", { name: "Play while editing" });
  await expect(strip).toContainText("Credit decision · running · step 2 of 2");
  await expect(strip.getByRole("status")).toHaveText("The play follows your edits.");
  await expect(page.getByRole("complementary", { name: "Properties" })).toBeVisible();

  // A rename keeps the instance as it is: the play still fits and continues with the new name.
  await selectByName(page, "Make credit decision", "Manual action");
  await setProperty(page, "Name", "Decide on credit");
  await expect(strip.getByRole("status")).toHaveText("The play still fits the edited draft.");
  await screenshotsAtBothSizes(page, "play-editing-fits");
  await strip.getByRole("button", { name: "Back to play" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Play continues on the edited draft." }),
  ).toBeVisible();
  await expect(side.getByRole("region", { name: "Unlocked actions" })).toContainText("Decide on credit");
  await expect(side.getByRole("region", { name: "Steps" }).getByRole("listitem")).toHaveCount(3);
  await expect(page.getByTestId("node-Decide on credit")).toBeVisible();

  // In play the editor's undo still works and the play follows it on the same canvas; Delete does
  // nothing (the selection was dropped), so the undo takes back the rename.
  await page.keyboard.press("Delete");
  await page.keyboard.press("Control+z");
  await expect(side.getByRole("region", { name: "Unlocked actions" })).toContainText("Make credit decision");
  await expect(page.getByTestId("node-Make credit decision")).toBeVisible();

  // The expiry now takes 20 days: the recorded steps give a different instance → restart offered.
  await bar.getByRole("button", { name: "Edit draft" }).click();
  await selectByName(page, "Credit decision expired", "Automatic action");
  await setProperty(page, "Delay", "P20D");
  await expect(strip.getByRole("status")).toContainText(
    "The play no longer fits: step 2 gives a different instance",
  );
  await screenshotsAtBothSizes(page, "play-editing-diverged");
  // The editor's own Play button returns to the same play (not a new one).
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const diverged = page.getByRole("alert", { name: "Play no longer fits" });
  await expect(diverged).toContainText("step 2 gives a different instance on the edited draft");
  await expect(side.getByRole("listitem").filter({ hasText: "Credit decision expired" })).toContainText(
    "due 2027-01-18 09:00",
  );
  await screenshotsAtBothSizes(page, "play-diverged-offer");
  await diverged.getByRole("button", { name: "Restart from the same inputs" }).click();
  await expect(diverged).toBeHidden();
  await expect(side.getByRole("heading", { name: "Credit decision" })).toBeVisible();
  await expect(side.getByRole("listitem").filter({ hasText: "Credit decision expired" })).toContainText(
    "due 2027-01-24 09:00",
  );
  await expect(side.getByRole("region", { name: "Steps" }).getByRole("listitem")).toHaveCount(3);
});
