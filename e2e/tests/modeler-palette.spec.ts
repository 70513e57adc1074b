import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { Locator, Page } from "@playwright/test";

/**
 * The palette explains every kind in the user's words, with a picture drawn like the canvas
 * (issue 21 deliver 1), and its modifier hints are true: Shift draws a limit line, Alt a not line,
 * Ctrl a failure flow. Screenshots in e2e/test-results/screenshots/palette-*.png.
 */

const shot = (name: string) => `test-results/screenshots/${name}`;

async function openImported(page: Page, key: string): Promise<void> {
  const file = path.resolve(import.meta.dirname, "../../packages/model/fixtures/document-voiding.json");
  const model = { ...(JSON.parse(readFileSync(file, "utf8")) as object), key, name: `Palette ${key}` };
  const res = await page.request.post("/trpc/process.import", { data: { model } });
  expect(res.ok(), await res.text()).toBe(true);
  await page.goto(`/processes/${key}/versions/1`);
  await expect(page.getByTestId("node-MarkDocumentAsVoided (Reports)")).toBeVisible();
}

// What each hint must say (a part of its sentence) and the picture it must show.
const nodeKinds = [
  ["State", "an instance is in one state at a time", ".notation-state"],
  ["Manual action", "done by a person", ".notation-action.mode-manual"],
  ["Automatic action", "engine does by itself", ".notation-action.mode-automatic"],
  ["And", "every flow line into it has fired", ".fs-control.kind-and svg"],
  ["Or", "as soon as one flow line into it fires", ".fs-control.kind-or svg"],
  ["Finalizer", "Ends the instance", ".fs-control.kind-finalizer svg"],
] as const;
const lineKinds = [
  ["Flow", "the next one is unlocked", "flow"],
  ["Failure flow", "fails for good", "failure"],
  ["Limit", "only until the second one has been done", "limit"],
  ["Not", "can no longer be done", "not"],
  ["Transition", "enters the state the line points at", "transition"],
] as const;

/** Moves the pointer onto `target` in steps, as a hand does (a jump leaves the last hint open). */
async function pointAt(page: Page, target: Locator): Promise<void> {
  const b = (await target.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
}

test.describe("palette", () => {
  test("hovering or focusing each element and line kind explains it in one sentence with a picture", async ({
    page,
  }) => {
    await openImported(page, `palette-${Date.now().toString(36)}`);
    const palette = page.getByRole("complementary", { name: "Palette" });
    const tip = page.locator(".tooltip");
    for (const [label, sentence, picture] of nodeKinds) {
      await pointAt(page, palette.getByRole("button", { name: label, exact: true }));
      await expect(page.getByRole("tooltip")).toContainText(sentence);
      await expect(tip.locator(`.notation-picture ${picture}`)).toBeVisible();
      if (label === "Finalizer") await page.screenshot({ path: shot("palette-finalizer-hint-1440.png") });
    }
    const lines = palette.getByRole("radiogroup", { name: "Line kind" });
    for (const [label, sentence, kind] of lineKinds) {
      await pointAt(page, lines.getByRole("radio", { name: label, exact: true }));
      await expect(page.getByRole("tooltip")).toContainText(sentence);
      // drawn with the canvas's own line and arrow classes
      await expect(tip.locator(`.notation-picture path.fs-edge.fs-edge-${kind}`)).toHaveCount(1);
      await expect(tip.locator(`.notation-picture path.fs-arrow.fs-arrow-${kind}`)).toHaveCount(1);
      if (kind === "limit") {
        // the dash of the scene's limit lines (@flowstate/diagram lineStyles: "2 4"), as on the canvas
        const dash = await tip
          .locator(".notation-picture path.fs-edge-limit")
          .evaluate((el) => getComputedStyle(el).strokeDasharray);
        expect(dash).toBe("2px, 4px");
        await page.screenshot({ path: shot("palette-limit-hint-1440.png") });
      }
    }
    // Keyboard: focus opens the same explanation.
    await page.mouse.move(700, 600, { steps: 5 });
    await expect(page.getByRole("tooltip")).toHaveCount(0);
    await lines.getByRole("radio", { name: "Not", exact: true }).focus();
    await expect(page.getByRole("tooltip")).toContainText("can no longer be done");
    await page.keyboard.press("Escape");
    await palette.getByRole("button", { name: "Or", exact: true }).focus();
    await expect(page.getByRole("tooltip")).toContainText("closes the other sources");
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: shot("palette-or-hint-1024.png") });
  });

  test("the palette's modifier hints are true: Shift draws a limit line, Alt a not line, Ctrl a failure flow", async ({
    page,
  }) => {
    await openImported(page, `palette-mod-${Date.now().toString(36)}`);
    await expect(page.locator(".palette-hint")).toContainText("Shift: limit · Alt: not · Ctrl/⌘: failure");
    const drags = [
      [
        "Shift",
        "MarkingDocumentAsVoidedSucceeded (Reports)",
        "MarkingDocumentAsVoidedFailed (Reports)",
        "limit",
      ],
      ["Alt", "MarkingDocumentAsVoidedFailed (Reports)", "MarkingDocumentAsVoidedSucceeded (Reports)", "not"],
      [
        "Control",
        "DocumentVoidingRequested (Billing)",
        "MarkingDocumentAsVoidedSucceeded (Reports)",
        "failure",
      ],
    ] as const;
    for (const [key, from, to, kind] of drags) {
      const source = page.getByTestId(`node-${from}`);
      await source.hover();
      const h = (await source.locator(".handle-out").boundingBox())!;
      const t = (await page.getByTestId(`node-${to}`).boundingBox())!;
      const before = await page.locator(`.react-flow__edge[aria-label="${kind} line"]`).count();
      await page.keyboard.down(key);
      await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
      await page.mouse.down();
      await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 8 });
      await page.mouse.up();
      await page.keyboard.up(key);
      await expect(page.locator(`.react-flow__edge[aria-label="${kind} line"]`), `${key}-drag`).toHaveCount(
        before + 1,
      );
    }
    // the palette's own kind was never changed: the modifiers chose each line
    await expect(page.getByRole("radio", { name: "Flow", exact: true })).toHaveAttribute(
      "aria-checked",
      "true",
    );
    await page.screenshot({ path: shot("palette-modifier-lines-1440.png") });
  });
});
