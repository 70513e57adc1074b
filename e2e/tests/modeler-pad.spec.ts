import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { APIRequestContext, Page } from "@playwright/test";
import { modelMeaning } from "../support/modelMeaning";
import type { ModelJson } from "../support/modelMeaning";
import { DRAW_TEST_POINTER_ACTIONS, PointerActions } from "../support/pointerActions";

const shots = "test-results/screenshots";
const properties = (page: Page) => page.getByRole("complementary", { name: "Properties" });
const pad = (page: Page) => page.getByRole("toolbar", { name: "Context pad" });
const nameBox = (page: Page) => page.getByRole("textbox", { name: /^Name of / });

async function draftModel(request: APIRequestContext): Promise<ModelJson> {
  const res = await request.get(
    `/trpc/version.get?input=${encodeURIComponent(JSON.stringify({ processKey: "document-voiding-by-pad", number: 1 }))}`,
  );
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { result: { data: { model: ModelJson } } }).result.data.model;
}

/**
 * The other nodes (actions, control nodes) the context pad covers, by name: the pad must sit on a side
 * of the selected node where it covers none.
 */
async function nodesUnderPad(page: Page, selected: string): Promise<string[]> {
  return page.evaluate((selectedTestId) => {
    const padBox = document
      .querySelector('[role="toolbar"][aria-label="Context pad"]')
      ?.getBoundingClientRect();
    if (!padBox) throw new Error("no context pad");
    const covered: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      ".react-flow__node-action, .react-flow__node-control",
    )) {
      const testId = el.querySelector("[data-testid]")?.getAttribute("data-testid") ?? "";
      if (testId === selectedTestId) continue;
      const b = el.getBoundingClientRect();
      const apart =
        b.right <= padBox.left || b.left >= padBox.right || b.bottom <= padBox.top || b.top >= padBox.bottom;
      if (!apart) covered.push(testId);
    }
    return covered;
  }, `node-${selected}`);
}

/** Types the name of what was just appended (or opened with F2/Enter) into the in-place box. */
async function typeName(page: Page, name: string, testId: string) {
  await expect(nameBox(page)).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");
  await expect(nameBox(page)).toHaveCount(0);
  await expect(page.getByTestId(testId)).toBeVisible();
}

/** Selects an element by name with the keyboard: Ctrl+F, its name, Enter (the view zooms to it). */
async function find(page: Page, name: string, testId = `node-${name}`) {
  await page.keyboard.press("ControlOrMeta+f");
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId(testId)).toHaveClass(/is-selected/);
  await expect(page.getByRole("searchbox", { name: "Find element by name" })).not.toBeFocused();
  await viewSettled(page);
}

/** Waits until the view's zoom-to animation has ended: the viewport's transform is the same two frames apart. */
async function viewSettled(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            const viewport = document.querySelector<HTMLElement>(".react-flow__viewport");
            const before = viewport?.style.transform;
            requestAnimationFrame(() =>
              requestAnimationFrame(() => resolve(viewport?.style.transform === before)),
            );
          }),
      ),
    )
    .toBe(true);
}

/** Appends with a key (M, U, S, F …) after the selected element and names it. */
async function appendByKey(page: Page, key: string, name: string, testId = `node-${name}`) {
  await page.keyboard.press(key);
  await typeName(page, name, testId);
}

/** Appends with a context pad button after the selected element and names it. */
async function appendByPad(
  page: Page,
  pointer: PointerActions,
  button: string,
  name: string,
  testId: string,
) {
  await pointer.click(pad(page).getByRole("button", { name: button, exact: true }));
  await typeName(page, name, testId);
}

test("builds the document-voiding process with the context pad, in-place names and keys in ≤ 60% of the palette's pointer actions; undo to empty, redo, same meaning", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  mkdirSync(shots, { recursive: true });
  const fixture = JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, "../../packages/model/fixtures/document-voiding.json"),
      "utf8",
    ),
  ) as ModelJson;

  await page.goto("/processes");
  await page.getByRole("button", { name: "New process" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Document voiding by pad");
  await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/processes\/document-voiding-by-pad\/versions\/1$/);
  await expect(page.getByTestId("state-Start")).toBeVisible();
  const empty = modelMeaning(await draftModel(request));

  const pointer = new PointerActions(page);
  const handler = async (node: string, name: string) => {
    const field = properties(page).getByLabel("Handler", { exact: true });
    await pointer.fill(field, name);
    await field.press("Enter");
    // back on the canvas: the node selected again, so the next keys act on it
    await pointer.click(page.getByTestId(`node-${node}`));
  };

  // The start state: select it, Enter opens its name in place
  await pointer.click(page.getByTestId("state-Start").locator(".fs-state-name"));
  await expect(pad(page)).toBeVisible();
  await page.keyboard.press("Enter");
  await typeName(page, "Voiding requested", "state-Voiding requested");

  // Its actions: M puts a manual action into the selected state, U appends an automatic one after it
  await appendByKey(page, "m", "DocumentVoidingRequested (Billing)");
  await appendByKey(page, "u", "MarkDocumentAsVoided (Reports)");
  await handler("MarkDocumentAsVoided (Reports)", "reports.markDocumentAsVoided");
  await appendByKey(page, "m", "MarkingDocumentAsVoidedSucceeded (Reports)");
  await find(page, "MarkDocumentAsVoided (Reports)");
  await appendByKey(page, "m", "MarkingDocumentAsVoidedFailed (Reports)");

  // The failure branch: a state after the failed marking (pad), its actions, its end
  const failedState = "Marking document as voided failed";
  await appendByPad(page, pointer, "Append state", failedState, `state-${failedState}`);
  await appendByKey(page, "u", "AbortDocumentVoiding (Billing)");
  await handler("AbortDocumentVoiding (Billing)", "billing.abortDocumentVoiding");
  await appendByKey(page, "m", "AcknowledgeProcessFailure");
  await appendByKey(page, "s", "Failure acknowledged", "state-Failure acknowledged");
  await appendByPad(page, pointer, "Append finalizer", "Failure acknowledged", "node-Failure acknowledged");
  await pointer.selectOption(properties(page).getByLabel("Outcome"), "failed");

  // The success branch
  await find(page, "MarkingDocumentAsVoidedSucceeded (Reports)");
  const succeededState = "Marking document as voided succeeded";
  await appendByPad(page, pointer, "Append state", succeededState, `state-${succeededState}`);
  await appendByKey(page, "u", "CompleteDocumentVoiding (Billing)");
  await handler("CompleteDocumentVoiding (Billing)", "billing.completeDocumentVoiding");
  await appendByKey(page, "s", "Document voided", "state-Document voided");
  await appendByKey(page, "f", "Document voided", "node-Document voided");

  await expect(page.getByRole("status", { name: "Problem summary" })).toHaveText("No problems");
  await expect(page.getByRole("status", { name: "Save status" })).toHaveText("Saved");
  const padCount = pointer.report("Building with the context pad");
  console.log(
    `Drawing with the palette: ${DRAW_TEST_POINTER_ACTIONS} pointer actions (modeler-draw.spec.ts)`,
  );
  expect(padCount).toBeLessThanOrEqual(0.6 * DRAW_TEST_POINTER_ACTIONS);
  const built = modelMeaning(await draftModel(request));
  expect(built).toEqual(modelMeaning(fixture));

  // Undo every step back to the empty draft, then redo every step
  const undo = page.getByRole("button", { name: "Undo" });
  const redo = page.getByRole("button", { name: "Redo" });
  let steps = 0;
  while (await undo.isEnabled()) {
    await page.keyboard.press("ControlOrMeta+z");
    steps++;
    expect(steps).toBeLessThan(200);
  }
  await expect(page.locator(".react-flow__node")).toHaveCount(1);
  await expect(page.getByTestId("state-Start")).toBeVisible();
  await expect(page.getByRole("status", { name: "Save status" })).toHaveText("Saved");
  expect(modelMeaning(await draftModel(request))).toEqual(empty);
  let redone = 0;
  while (await redo.isEnabled()) {
    await page.keyboard.press("ControlOrMeta+Shift+z");
    redone++;
    expect(redone).toBeLessThanOrEqual(steps);
  }
  expect(redone).toBe(steps);
  console.log(`Undo to empty and redo: ${steps} steps each`);
  await expect(page.getByRole("status", { name: "Problem summary" })).toHaveText("No problems");
  await expect(page.getByRole("status", { name: "Save status" })).toHaveText("Saved");
  expect(modelMeaning(await draftModel(request))).toEqual(modelMeaning(fixture));

  // In-place editing: double-click opens the name, Escape keeps the old one, one undo step per rename
  const abort = page.getByTestId("node-AbortDocumentVoiding (Billing)");
  await find(page, "AbortDocumentVoiding (Billing)");
  await abort.dblclick();
  await expect(nameBox(page)).toBeFocused();
  await page.keyboard.type("Something else");
  await page.keyboard.press("Escape");
  await expect(nameBox(page)).toHaveCount(0);
  await expect(abort).toBeVisible();
  await page.keyboard.press("F2");
  await page.keyboard.type("Abort voiding");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("node-Abort voiding")).toBeVisible();
  await page.keyboard.press("ControlOrMeta+z");
  await expect(abort).toBeVisible();

  // Look: the pad beside a selected node and the ? sheet, at both sizes
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.keyboard.press("Shift+Digit1");
    await page.getByTestId("node-MarkDocumentAsVoided (Reports)").click();
    await expect(pad(page)).toBeInViewport({ ratio: 1 });
    // its neighbours on the right (the two markings it leads to) stay uncovered: the pad goes elsewhere
    await viewSettled(page);
    expect(await nodesUnderPad(page, "MarkDocumentAsVoided (Reports)")).toEqual([]);
    console.log(
      `Context pad at ${width}x${height}: ${await pad(page).getAttribute("data-side")} of the selected node`,
    );
    await page.screenshot({ path: `${shots}/modeler-pad-${width}x${height}.png` });
    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByText("Append a manual action")).toBeVisible();
    await page.screenshot({ path: `${shots}/modeler-shortcuts-${width}x${height}.png` });
    await page.keyboard.press("Escape");
    await expect(sheet).toHaveCount(0);
  }

  // The server agrees: it publishes
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const confirm = page.getByRole("button", { name: "Publish anyway" });
  await expect(page.getByRole("note", { name: "Read-only" }).or(confirm)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(page.getByRole("note", { name: "Read-only" })).toBeVisible();
});

test("the pad connects by click (Shift: limit line), Ctrl+V pastes at the pointer, a minimap click moves the view", async ({
  page,
  request,
}) => {
  await page.goto("/processes");
  await page.getByRole("button", { name: "New process" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Pad connect");
  await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/processes\/pad-connect\/versions\/1$/);
  await page.getByTestId("state-Start").locator(".fs-state-name").click();
  await appendByKey(page, "m", "Alpha");
  await find(page, "Start", "state-Start");
  await appendByKey(page, "m", "Beta");

  // Connect: Shift on the pad's button makes a limit line, then the target is clicked
  await find(page, "Alpha");
  await pad(page)
    .getByRole("button", { name: "Connect", exact: true })
    .click({ modifiers: ["Shift"] });
  await expect(
    page.getByRole("status").filter({ hasText: "Click the target of the limit line" }),
  ).toBeVisible();
  await page.getByTestId("node-Beta").click();
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await expect(page.getByRole("status", { name: "Save status" })).toHaveText("Saved");
  const res = await request.get(
    `/trpc/version.get?input=${encodeURIComponent(JSON.stringify({ processKey: "pad-connect", number: 1 }))}`,
  );
  const model = ((await res.json()) as { result: { data: { model: ModelJson } } }).result.data.model;
  expect(modelMeaning(model).lines).toEqual(["limit Alpha -> Beta"]);

  // Paste lands where the pointer is (the copied box's top-left)
  await find(page, "Beta");
  await page.keyboard.press("ControlOrMeta+c");
  const state = await page.getByTestId("state-Start").boundingBox();
  if (!state) throw new Error("no state");
  const at = { x: state.x + 40, y: state.y + state.height - 70 };
  await page.mouse.move(at.x, at.y, { steps: 4 });
  await page.keyboard.press("ControlOrMeta+v");
  await expect(page.getByTestId("node-Beta")).toHaveCount(2);
  const pasted = await page.getByTestId("node-Beta").nth(1).boundingBox();
  expect(Math.abs((pasted?.x ?? 0) - at.x)).toBeLessThan(16);
  expect(Math.abs((pasted?.y ?? 0) - at.y)).toBeLessThan(16);

  // A click on the minimap centres the view there
  const viewport = page.locator(".react-flow__viewport");
  const before = await viewport.getAttribute("style");
  const minimap = await page.getByRole("img", { name: "Minimap" }).boundingBox();
  if (!minimap) throw new Error("no minimap");
  await page.mouse.click(minimap.x + 8, minimap.y + 8);
  await expect.poll(() => viewport.getAttribute("style")).not.toBe(before);
});
