import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { Locator, Page } from "@playwright/test";
import { call } from "../support/trpc.ts";

interface Model {
  key: string;
  name: string;
  nodes: { id: string }[];
  lines: { id: string; kind: string; from: string; to: string }[];
  diagram: {
    nodes: Record<string, { x: number; y: number }>;
    lines: Record<string, { waypoints: { x: number; y: number }[] }>;
  };
}

const LINE = "flow:markDocumentAsVoided->markingFailed";
const shot = (name: string) => `test-results/screenshots/${name}`;

function voiding(key: string): Model {
  const file = path.resolve(import.meta.dirname, "../../packages/model/fixtures/document-voiding.json");
  return { ...(JSON.parse(readFileSync(file, "utf8")) as Model), key, name: `Bend ${key}` };
}

async function openImported(page: Page, key: string): Promise<string> {
  const { versionId } = await call<{ versionId: string }>(page.request, "process.import", {
    model: voiding(key),
  });
  await page.goto(`/processes/${key}/versions/1`);
  await expect(page.getByTestId("node-MarkDocumentAsVoided (Reports)")).toBeVisible();
  await expect(edgePath(page)).not.toHaveClass(/is-provisional/);
  return versionId;
}

const edgePath = (page: Page, id = LINE) => page.locator(`.react-flow__edge[data-id="${id}"] path.fs-edge`);
const pathOf = (page: Page) => edgePath(page).getAttribute("d");
const saved = (page: Page) => expect(page.getByRole("status", { name: "Save status" })).toHaveText("Saved");

async function modelOf(page: Page, versionId: string): Promise<Model> {
  return (await call<{ model: Model }>(page.request, "version.get", { id: versionId }, "query")).model;
}

/** Clicks the middle of a line's drawn path (its bounding box's centre may lie off the path). */
async function clickLine(page: Page, id = LINE) {
  await settledBox(edgePath(page, id));
  // Retried as a whole: a view still easing after a fit moves the line under the pointer.
  await expect(async () => {
    const at = await edgePath(page, id).evaluate((el) => {
      const p = el as SVGPathElement;
      const mid = p.getPointAtLength(p.getTotalLength() / 2);
      const m = p.getScreenCTM() as DOMMatrix;
      return { x: mid.x * m.a + mid.y * m.c + m.e, y: mid.x * m.b + mid.y * m.d + m.f };
    });
    await page.mouse.click(at.x, at.y);
    await expect(edgePath(page, id)).toHaveClass(/is-selected/, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
}

/** The box of an element once the view stopped moving (zoom and fit animate). */
async function settledBox(locator: Locator) {
  let last = "";
  await expect
    .poll(async () => {
      const now = JSON.stringify(await locator.boundingBox());
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
  return (await locator.boundingBox())!;
}

async function centre(page: Page, selector: string) {
  const b = (await page.locator(selector).first().boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

async function dragBy(page: Page, from: { x: number; y: number }, dx: number, dy: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + (dx * i) / 8, from.y + (dy * i) / 8);
  await page.mouse.up();
}

test.describe("bend points, guides and lasso", () => {
  test.setTimeout(120_000);

  test("a line's segment and bend point are dragged, undone, kept over reload and publish, and drawn by diagram.svg", async ({
    page,
  }) => {
    const versionId = await openImported(page, "bend-points");
    const original = await pathOf(page);
    await clickLine(page);
    // close enough to grab its segments
    await page.getByRole("button", { name: "Fit selection" }).click();
    await expect.poll(async () => (await edgePath(page).boundingBox())?.height ?? 0).toBeGreaterThan(80);
    await expect(page.getByTestId("segment-handle")).not.toHaveCount(0);
    await expect(page.getByTestId("bend-handle")).not.toHaveCount(0);
    await page.screenshot({ path: shot("bend-handles-1440.png") });

    // drag the vertical segment to the left: one history entry, stored as bend points
    await dragBy(page, await centre(page, ".fs-segment-handle.is-vertical"), -40, 0);
    await expect.poll(() => pathOf(page)).not.toBe(original);
    await expect(edgePath(page)).not.toHaveClass(/is-provisional/);
    const dragged = await pathOf(page);
    await saved(page);
    const stored = (await modelOf(page, versionId)).diagram.lines[LINE]?.waypoints ?? [];
    expect(stored.length).toBeGreaterThan(0);
    await page.screenshot({ path: shot("bend-segment-dragged-1440.png") });

    // undo restores the routed line, redo the dragged one
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => pathOf(page)).toBe(original);
    await page.getByRole("button", { name: "Redo" }).click();
    await expect.poll(() => pathOf(page)).toBe(dragged);

    // a bend dragged with Escape pressed mid-drag changes nothing
    await clickLine(page);
    const bend = await centre(page, '[data-testid="bend-handle"]');
    await page.mouse.move(bend.x, bend.y);
    await page.mouse.down();
    await page.mouse.move(bend.x + 10, bend.y + 30, { steps: 4 });
    await expect.poll(() => pathOf(page)).not.toBe(dragged);
    await page.keyboard.press("Escape");
    await expect.poll(() => pathOf(page)).toBe(dragged);
    await page.mouse.up();

    // a bend dragged for real moves the route
    // (the corner next to the target: a jog keeps the target's port)
    const corner = (await page.getByTestId("bend-handle").nth(1).boundingBox())!;
    await dragBy(page, { x: corner.x + corner.width / 2, y: corner.y + corner.height / 2 }, 0, 30);
    await expect.poll(() => pathOf(page)).not.toBe(dragged);
    await expect(edgePath(page)).not.toHaveClass(/is-provisional/);
    const bent = await pathOf(page);
    await saved(page);
    const waypoints = (await modelOf(page, versionId)).diagram.lines[LINE]?.waypoints ?? [];
    expect(waypoints).not.toEqual(stored);

    // reload: the route is the same
    await page.reload();
    await expect(page.getByTestId("node-MarkDocumentAsVoided (Reports)")).toBeVisible();
    await expect.poll(() => pathOf(page)).toBe(bent);

    // at 1024×768 too
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByRole("button", { name: "Fit view" }).click();
    await clickLine(page);
    await page.getByRole("button", { name: "Fit selection" }).click();
    await settledBox(edgePath(page));
    await expect(page.getByTestId("bend-handle").first()).toBeVisible();
    await page.screenshot({ path: shot("bend-handles-1024.png") });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Reset route drops the bend points (routed as at first); undo brings them back
    await page.getByRole("button", { name: "Reset route" }).click();
    await expect.poll(() => pathOf(page)).toBe(original);
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => pathOf(page)).toBe(bent);
    await saved(page);

    // publish: the version keeps the bend points and the server's SVG draws through them
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("note", { name: "Read-only" })).toBeVisible();
    const published = await call<{ status: string; model: Model }>(
      page.request,
      "version.get",
      { id: versionId },
      "query",
    );
    expect(published.status).toBe("published");
    expect(published.model.diagram.lines[LINE]?.waypoints).toEqual(waypoints);
    const svg = await (await page.request.get("/api/v1/processes/bend-points/versions/1/diagram.svg")).text();
    expect(svg).toContain("<svg");
    const d = bent ?? "";
    // the same renderer: the editor's path data (its last bend at least) is in the server's drawing
    const last = waypoints[waypoints.length - 1] as { x: number; y: number };
    expect(d).toContain(`Q${last.x} ${last.y}`);
    expect(svg).toContain(`Q${last.x} ${last.y}`);
  });

  test("dragging a node near another's edge snaps to it and shows a guide", async ({ page }) => {
    const versionId = await openImported(page, "bend-guides");
    const node = page.getByTestId("node-DocumentVoidingRequested (Billing)");
    await node.click();
    await page.getByRole("button", { name: "Zoom to state" }).click();
    await expect.poll(async () => (await node.boundingBox())?.width ?? 0).toBeGreaterThan(160);
    const b = await settledBox(node);
    const failed = await settledBox(page.getByTestId("node-MarkingDocumentAsVoidedFailed (Reports)"));
    // its top is at y 71; markingFailed's top is at y 181 (off the 10-grid): land 3 px short of it
    const dy = failed.y - b.y - 3;
    await page.mouse.move(b.x + 40, b.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(b.x + 40, b.y + 20 + (dy * i) / 10);
    // the drag starts a step late and the grid rounds: creep on pixel by pixel until a guide shows
    const guide = page.locator('[data-testid="alignment-guides"] line[data-orientation="horizontal"]');
    const now = (await node.boundingBox())!;
    const near = b.y + 20 + dy + (failed.y - now.y);
    for (let k = -14; k <= 14 && (await guide.count()) === 0; k++) await page.mouse.move(b.x + 40, near + k);
    await expect(guide).not.toHaveCount(0);
    await page.screenshot({ path: shot("alignment-guide-1440.png") });
    await page.mouse.up();
    await expect(page.getByTestId("alignment-guides")).toHaveCount(0);
    await saved(page);
    const model = await modelOf(page, versionId);
    expect(model.diagram.nodes.documentVoidingRequested?.y).toBe(181);

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByRole("button", { name: "Zoom to state" }).click();
    const c = await settledBox(page.getByTestId("node-MarkDocumentAsVoided (Reports)"));
    const target = (await page.getByTestId("node-DocumentVoidingRequested (Billing)").boundingBox())!;
    // its top down to 2 px short of the moved node's top (y 181)
    await page.mouse.move(c.x + 40, c.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(c.x + 40, c.y + 20 + (i * (target.y - c.y)) / 10);
    const moved = (await page.getByTestId("node-MarkDocumentAsVoided (Reports)").boundingBox())!;
    const there = c.y + 20 + (target.y - c.y) + (target.y - moved.y);
    for (let k = -14; k <= 14 && (await guide.count()) === 0; k++) await page.mouse.move(c.x + 40, there + k);
    await expect(guide).not.toHaveCount(0);
    await page.screenshot({ path: shot("alignment-guide-1024.png") });
    await page.keyboard.press("Escape");
    await page.mouse.up();
  });

  test("Shift-drag on the canvas lassoes boxes and the lines between them; Shift-drag from a handle still connects", async ({
    page,
  }) => {
    await openImported(page, "bend-lasso");
    const first = (await page.getByTestId("node-DocumentVoidingRequested (Billing)").boundingBox())!;
    const second = (await page.getByTestId("node-MarkDocumentAsVoided (Reports)").boundingBox())!;
    await page.keyboard.down("Shift");
    await page.mouse.move(first.x - 12, first.y - 12);
    await page.mouse.down();
    await page.mouse.move(second.x + second.width + 12, second.y + second.height + 12, { steps: 8 });
    await page.screenshot({ path: shot("lasso-1440.png") });
    await page.mouse.up();
    await page.keyboard.up("Shift");
    const selected = page.locator(".react-flow__node.selected");
    await expect(selected).toHaveCount(2);
    await expect(edgePath(page, "flow:documentVoidingRequested->markDocumentAsVoided")).toHaveClass(
      /is-selected/,
    );
    await expect(edgePath(page, LINE)).not.toHaveClass(/is-selected/);
    await expect(page.locator(".react-flow__node-state.selected")).toHaveCount(0);

    // Shift on a handle: a limit line, not a lasso
    const from = page.getByTestId("node-MarkingDocumentAsVoidedSucceeded (Reports)");
    await from.hover();
    const h = (await from.locator(".handle-out").boundingBox())!;
    const t = (await page.getByTestId("node-MarkingDocumentAsVoidedFailed (Reports)").boundingBox())!;
    const edges = await page.locator(".react-flow__edge").count();
    await page.keyboard.down("Shift");
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up("Shift");
    await expect(page.locator(".react-flow__edge")).toHaveCount(edges + 1);
    await expect(page.locator('.react-flow__edge[aria-label="limit line"]')).toHaveCount(1);
  });
});
