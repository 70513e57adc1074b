import type { Page } from "@playwright/test";

/** Where the specs' screenshots go (opened by a person after a run). */
export const shotPath = (name: string) => `test-results/screenshots/${name}`;

/** The page as it is now at the two sizes the app is checked at (`<name>-1440.png`, `<name>-1024.png`), back to 1440×900 after. */
export async function screenshotsAtBothSizes(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: shotPath(`${name}-1440.png`) });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: shotPath(`${name}-1024.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}
