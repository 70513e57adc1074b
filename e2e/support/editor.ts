import { expect } from "@playwright/test";
import type { Page } from "@playwright/test";

/** Selects the element named `name` whose properties heading is `heading` through the editor's find box. */
export async function selectByName(page: Page, name: string, heading: string): Promise<void> {
  const find = page.getByLabel("Find element by name");
  const title = page.getByRole("complementary", { name: "Properties" }).getByRole("heading").first();
  await find.fill(name);
  await find.press("Enter");
  // Names may repeat across kinds (an action and a finalizer): step to the next match until it is the one.
  await expect(async () => {
    if ((await title.textContent()) !== heading) await find.press("Enter");
    await expect(title).toHaveText(heading, { timeout: 1000 });
  }).toPass();
}

/** Sets a property of the selected element through the properties panel and waits for the autosave. */
export async function setProperty(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByRole("complementary", { name: "Properties" }).getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press("Enter");
  await expect(page.getByRole("status", { name: "Save status" })).toHaveText("Saved");
}
