import { expect } from "@playwright/test";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { call } from "./trpc.ts";

/** The editor's play mode: its toolbar and the play instance beside the canvas. */
export interface PlayPanels {
  bar: Locator;
  side: Locator;
}

/** Imports `model` under `key`, opens its draft (version 1) in the editor and starts playing it. */
export async function importAndPlay(
  page: Page,
  request: APIRequestContext,
  model: Record<string, unknown>,
  key: string,
): Promise<PlayPanels> {
  await call(request, "process.import", { model: { ...model, key } });
  await page.goto(`/processes/${key}/versions/1`);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  return {
    bar: page.getByRole("toolbar", { name: "Play" }),
    side: page.getByRole("complementary", { name: "Play instance" }),
  };
}

/** Performs the unlocked manual action `name` of the play instance with `input` typed as its JSON input. */
export async function performInPlay(page: Page, side: Locator, name: string, input: string): Promise<void> {
  await side.getByRole("listitem").filter({ hasText: name }).getByRole("button", { name: "Perform" }).click();
  const perform = page.getByRole("dialog", { name: `Perform ${name}` });
  await perform.getByLabel("Input (JSON)").fill(input);
  await perform.getByRole("button", { name: "Perform" }).click();
}

/** Completes the running automatic action `name` of the play instance, with `output` typed as its JSON output when given. */
export async function completeInPlay(
  page: Page,
  side: Locator,
  name: string,
  output?: string,
): Promise<void> {
  await side.getByRole("button", { name: `Complete ${name}` }).click();
  const complete = page.getByRole("dialog", { name: `Complete ${name}` });
  if (output !== undefined) await complete.getByLabel("Output (JSON)").fill(output);
  await complete.getByRole("button", { name: "Complete" }).click();
}

/**
 * Plays the sales case fixture up to its credit decision: performs the start with typed input
 * (case C-1 of customer K-1) and completes the automatic customer lookup with typed output (found).
 */
export async function playSalesCaseToCreditDecision(page: Page, side: Locator): Promise<void> {
  await performInPlay(
    page,
    side,
    "Establish sales case",
    '{ "caseId": "C-1", "customerId": "K-1", "product": "lease" }',
  );
  await completeInPlay(page, side, "Get customer info", '{ "exists": true, "customer": { "name": "Acme" } }');
  await expect(side.getByRole("heading", { name: "Credit decision" })).toBeVisible();
}
