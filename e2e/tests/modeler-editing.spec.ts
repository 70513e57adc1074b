import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import type { DiagramParts } from "../support/models.ts";

interface Model extends DiagramParts {
  key: string;
  name: string;
  states: { id: string }[];
  nodes: { id: string; stateId: string }[];
  lines: { from: string; to: string }[];
  transitions: unknown[];
}

/** The first state of document-voiding alone: four actions and three flows, small enough for zoom 1. */
function smallModel(key: string): Model {
  const full = JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, "../../packages/model/fixtures/document-voiding.json"),
      "utf8",
    ),
  ) as Model;
  const stateId = "voidingRequested";
  const nodes = full.nodes.filter((n) => n.stateId === stateId);
  const ids = new Set(nodes.map((n) => n.id));
  const lines = full.lines.filter((l) => ids.has(l.from) && ids.has(l.to));
  const pick = (record: Record<string, unknown>, keep: (id: string) => boolean) =>
    Object.fromEntries(Object.entries(record).filter(([id]) => keep(id)));
  return {
    ...full,
    key,
    name: `Editing ${key}`,
    states: full.states.filter((s) => s.id === stateId),
    nodes,
    lines,
    transitions: [],
    diagram: {
      nodes: pick(full.diagram.nodes, (id) => ids.has(id)),
      states: pick(full.diagram.states, (id) => id === stateId),
      lines: pick(full.diagram.lines, (id) => lines.some((l) => (l as { id?: string }).id === id)),
      transitions: {},
    },
  };
}

async function openImported(page: Page, key: string) {
  const res = await page.request.post("/trpc/process.import", { data: { model: smallModel(key) } });
  expect(res.ok(), await res.text()).toBe(true);
  await page.goto(`/processes/${key}/versions/1`);
  await expect(page.getByTestId("node-MarkDocumentAsVoided (Reports)")).toBeVisible();
  await page.waitForTimeout(300); // initial fit view
}

/** Everything the canvas shows that a gesture can change: node places and sizes, edges, names (not selection). */
async function signature(page: Page): Promise<string[]> {
  const out: string[] = [];
  const nodes = page.locator(".react-flow__node");
  for (let i = 0; i < (await nodes.count()); i++) {
    const n = nodes.nth(i);
    out.push(
      `node ${await n.getAttribute("data-id")} ${((await n.getAttribute("style")) ?? "").replace(/z-index: \d+;/, "")} ${(await n.innerText()).replace(/\s+/g, " ")}`,
    );
  }
  const edges = page.locator(".react-flow__edge");
  for (let i = 0; i < (await edges.count()); i++)
    out.push(
      `edge ${await edges.nth(i).getAttribute("data-id")} ${await edges.nth(i).getAttribute("aria-label")}`,
    );
  return out.sort();
}

const undo = (page: Page) => page.getByRole("button", { name: "Undo" }).click();
const redo = (page: Page) => page.getByRole("button", { name: "Redo" }).click();

/** Runs a gesture, then checks that undo restores the canvas exactly and redo reapplies it. */
async function undoable(
  page: Page,
  gesture: () => Promise<void>,
  changed: (after: string[]) => void = () => {},
) {
  const before = await signature(page);
  await gesture();
  await expect.poll(() => signature(page)).not.toEqual(before);
  const after = await signature(page);
  changed(after);
  await undo(page);
  await expect.poll(() => signature(page)).toEqual(before);
  await redo(page);
  await expect.poll(() => signature(page)).toEqual(after);
}

test.describe("editing", () => {
  test.setTimeout(90_000);
  test("undo and redo restore each gesture exactly: place, drag-create, move, connect, rename, delete, nudge", async ({
    page,
  }) => {
    await openImported(page, "editing-history");
    const flowBox = async () => (await page.locator(".react-flow").boundingBox())!;

    // place a state by clicking the palette then the canvas
    await undoable(page, async () => {
      await page.getByRole("button", { name: "State", exact: true }).click();
      const box = await flowBox();
      await page.mouse.click(box.x + box.width - 200, box.y + 140);
    });

    // drag an automatic action from the palette into the state box
    const stateBox = (await page.getByTestId("state-Voiding requested").boundingBox())!;
    await undoable(page, async () => {
      await page
        .getByRole("button", { name: "Automatic action", exact: true })
        .dragTo(page.locator(".react-flow__pane"), {
          targetPosition: {
            x: stateBox.x - (await flowBox()).x + 120,
            y: stateBox.y - (await flowBox()).y + stateBox.height - 30,
          },
        });
    });

    // move a node: one entry for the whole drag
    const node = page.getByTestId("node-MarkingDocumentAsVoidedFailed (Reports)");
    await undoable(page, async () => {
      const b = (await node.boundingBox())!;
      await page.mouse.move(b.x + 30, b.y + 20);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(b.x + 30 + i * 6, b.y + 20 + i * 3);
      await page.mouse.up();
    });

    // connect with a limit line chosen in the palette
    await undoable(
      page,
      async () => {
        await page
          .getByRole("radiogroup", { name: "Line kind" })
          .getByRole("radio", { name: "Limit" })
          .click();
        const from = page.getByTestId("node-MarkingDocumentAsVoidedFailed (Reports)");
        await from.hover();
        const h = (await from.locator(".handle-out").boundingBox())!;
        const t = (await page.getByTestId("node-MarkingDocumentAsVoidedSucceeded (Reports)").boundingBox())!;
        await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
        await page.mouse.down();
        await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 8 });
        await page.mouse.up();
      },
      (after) => expect(after.some((s) => s.includes("limit line"))).toBe(true),
    );

    // rename through the properties panel
    await node.click();
    await undoable(page, async () => {
      const name = page
        .getByRole("complementary", { name: "Properties" })
        .getByLabel("Name", { exact: true });
      await name.fill("Marking failed");
      await name.press("Enter");
    });

    // delete a node: its lines go in the same step
    await page.getByTestId("node-MarkDocumentAsVoided (Reports)").click();
    await undoable(
      page,
      async () => {
        await page.keyboard.press("Delete");
      },
      (after) => expect(after.filter((s) => s.startsWith("edge"))).toHaveLength(1),
    );

    // arrow-key nudge, and keyboard undo/redo
    await page.getByTestId("node-DocumentVoidingRequested (Billing)").click();
    const before = await signature(page);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => signature(page)).not.toEqual(before);
    await page.keyboard.press("Control+z");
    await expect.poll(() => signature(page)).toEqual(before);
    await page.keyboard.press("Control+y");
    await expect.poll(() => signature(page)).not.toEqual(before);
  });

  test("Escape cancels a drag in flight and records nothing", async ({ page }) => {
    await openImported(page, "editing-escape");
    const node = page.getByTestId("node-MarkingDocumentAsVoidedSucceeded (Reports)");
    const before = await signature(page);
    const b = (await node.boundingBox())!;
    await page.mouse.move(b.x + 30, b.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(b.x + 30 + i * 10, b.y + 20 + i * 5);
    await page.keyboard.press("Escape");
    await page.mouse.move(b.x + 150, b.y + 80, { steps: 3 });
    await page.mouse.up();
    await expect.poll(() => signature(page)).toEqual(before);
    await expect(page.getByRole("button", { name: "Undo" })).toBeDisabled();
  });

  test("copy and paste: fresh elements with the lines between them, one undo step", async ({ page }) => {
    await openImported(page, "editing-clipboard");
    await page.getByTestId("node-DocumentVoidingRequested (Billing)").click();
    await page.getByTestId("node-MarkDocumentAsVoided (Reports)").click({ modifiers: ["Shift"] });
    await expect(page.locator(".react-flow__node.selected")).toHaveCount(2);
    await page.keyboard.press("Control+c");
    await undoable(
      page,
      async () => {
        await page.keyboard.press("Control+v");
      },
      (after) => {
        expect(after.filter((s) => s.startsWith("node"))).toHaveLength(1 + 4 + 2);
        expect(after.filter((s) => s.startsWith("edge"))).toHaveLength(3 + 1);
      },
    );
    await expect(page.getByTestId("node-DocumentVoidingRequested (Billing)")).toHaveCount(2);
    // the copies are selected: a second paste cascades further
    await page.keyboard.press("Control+v");
    await expect(page.getByTestId("node-DocumentVoidingRequested (Billing)")).toHaveCount(3);
  });

  test("auto-layout rearranges the diagram as one undoable step; select all and delete empties it", async ({
    page,
  }) => {
    await openImported(page, "editing-layout");
    await undoable(page, async () => {
      await page.getByRole("button", { name: "Auto-layout", exact: true }).click();
    });
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await expect(page.locator(".react-flow__node")).toHaveCount(0);
    await expect(page.getByRole("status", { name: "Problem summary" })).toContainText("error");
    await page.keyboard.press("Control+z");
    await expect(page.locator(".react-flow__node")).toHaveCount(5);
  });

  test("problems: a bad FEEL condition is flagged as you type with its position, and a click on a problem selects the element", async ({
    page,
  }) => {
    await openImported(page, "editing-problems");
    await page.getByTestId("node-MarkDocumentAsVoided (Reports)").click();
    const props = page.getByRole("complementary", { name: "Properties" });
    await props.getByLabel("Repeat until").fill("status = ");
    await expect(props.getByRole("alert")).toContainText("position 9");
    await props.getByLabel("Repeat until").press("Enter");
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    const problem = page.getByRole("region", { name: "Problems" }).getByRole("button", { name: /repeat/i });
    await expect(problem).toBeVisible();
    await problem.click();
    await expect(props.getByRole("heading")).toHaveText("Automatic action");
    await expect(page.getByTestId("node-MarkDocumentAsVoided (Reports)")).toHaveClass(/has-error/);
  });
});
