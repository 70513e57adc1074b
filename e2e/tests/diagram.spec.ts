/// <reference lib="dom" />
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import type { DiagramParts } from "../support/models.ts";

/**
 * Diagrams people can read (issue 20): the canvas and the export draw from one scene. Screenshots
 * are kept in e2e/test-results/ (diagram-*.png) for people to look at.
 */

interface Model extends DiagramParts {
  key: string;
  name: string;
  states: { id: string; name: string }[];
  nodes: { id: string; name: string; stateId: string; kind: string }[];
  lines: { id: string; from: string; to: string; kind: string; condition?: string; on?: string }[];
  transitions: { id: string; from: string; to: string }[];
}

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../packages/model/fixtures/${name}.json`), "utf8"),
  ) as Model;
const results = path.resolve(import.meta.dirname, "../test-results");
const shot = (name: string) => path.join(results, name);
const unique = (base: string) => `${base}-${Date.now().toString(36)}`;

async function importAndOpen(page: Page, model: Model): Promise<void> {
  const res = await page.request.post("/trpc/process.import", { data: { model } });
  expect(res.ok(), await res.text()).toBe(true);
  await page.goto(`/processes/${model.key}/versions/1`);
  await expect(page.getByTestId(`state-${model.states[0]?.name}`)).toBeVisible();
}

/** Waits until React Flow's viewport stopped moving (a fit view animates) and returns its zoom. */
async function settledZoom(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const t =
        document.querySelector<HTMLElement>(".fs-canvas .react-flow__viewport")?.style.transform ?? "";
      const w = window as unknown as { __lastTransform?: string };
      const steady = t !== "" && t === w.__lastTransform;
      w.__lastTransform = t;
      const m = /scale\(([-\d.]+)\)/.exec(t);
      return steady && m ? Number(m[1]) : false;
    },
    undefined,
    { polling: 150 },
  );
  return (await handle.jsonValue()) as number;
}

async function fitAll(page: Page): Promise<number> {
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Shift+Digit1");
  return settledZoom(page);
}

/**
 * Every state title and node name of the canvas: its text, effective size (computed font size ×
 * zoom, px) and whether it is drawn on screen (has a box inside the canvas).
 */
async function drawnTexts(
  page: Page,
  zoom: number,
): Promise<{ element: string; text: string; size: number; onScreen: boolean }[]> {
  return page.evaluate((zoom) => {
    const pane = document.querySelector(".fs-canvas .react-flow__pane")!.getBoundingClientRect();
    const out: { element: string; text: string; size: number; onScreen: boolean }[] = [];
    for (const node of document.querySelectorAll<HTMLElement>(".fs-canvas .react-flow__node")) {
      const owner = node.querySelector<HTMLElement>("[data-testid^='state-'], [data-testid^='node-']");
      const text = node.querySelector<HTMLElement>(".fs-state-name, .fs-name-line");
      if (!owner || !text) continue;
      const r = text.getBoundingClientRect();
      out.push({
        element: owner.dataset.testid ?? "",
        text: text.textContent?.trim() ?? "",
        size: parseFloat(getComputedStyle(text).fontSize) * zoom,
        onScreen:
          r.width > 0 &&
          r.left >= pane.left &&
          r.right <= pane.right &&
          r.top >= pane.top &&
          r.bottom <= pane.bottom,
      });
    }
    return out;
  }, zoom);
}

/** On-screen texts drawn smaller than `min` px (computed font size × zoom), by text. */
async function tooSmallTexts(page: Page, zoom: number, min: number): Promise<string[]> {
  return (await drawnTexts(page, zoom))
    .filter((t) => t.onScreen && t.size < min)
    .map((t) => `${t.text} (${t.size.toFixed(1)} px)`);
}

/** Boxes (px) of everything the diagram draws: states, nodes and line labels. */
async function drawnBoxes(
  page: Page,
): Promise<{ what: string; x: number; y: number; width: number; height: number }[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        ".fs-canvas .react-flow__node, .fs-canvas .fs-edge-label, .fs-canvas .fs-control-label",
      ),
    ].map((el) => {
      const r = el.getBoundingClientRect();
      return { what: el.textContent?.trim() ?? "", x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** Labels whose centre is covered by something else (or off screen): elementFromPoint at the centre is not the label. */
async function hiddenLabels(page: Page): Promise<{ count: number; hidden: string[] }> {
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll<HTMLElement>(".fs-canvas .fs-edge-label")];
    const hidden: string[] = [];
    for (const label of labels) {
      const r = label.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !label.contains(hit))
        hidden.push(
          `${label.textContent} under ${hit ? `${hit.tagName}.${hit.className}` : "nothing (off screen)"}`,
        );
    }
    return { count: labels.length, hidden };
  });
}

const overlaps = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test.describe("diagram", () => {
  test.beforeAll(() => mkdirSync(results, { recursive: true }));

  test("sales-case at 1440×900 after fit view: every state title and node name at ≥ 9 px effective, every line label uncovered; zoom to state reads at full size; at 1024×768 minimap and legend cover nothing", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    const model = { ...fixture("sales-case"), key: unique("diagram-sales") };
    await importAndOpen(page, model); // its stored layout is auto-layout's

    const zoom = await fitAll(page);
    test.info().annotations.push({ type: "fit zoom at 1440×900", description: zoom.toFixed(3) });
    await page.screenshot({ path: shot("diagram-sales-case-1440.png") });
    const texts = await drawnTexts(page, zoom);
    // every state and node has its title or name drawn, on screen, at ≥ 9 px
    expect(texts.map((t) => t.element).sort()).toEqual(
      [...model.states.map((s) => `state-${s.name}`), ...model.nodes.map((n) => `node-${n.name}`)].sort(),
    );
    expect(texts.filter((t) => t.text === "" || !t.onScreen).map((t) => t.element)).toEqual([]);
    expect(
      texts.filter((t) => t.size < 9).map((t) => `${t.text} (${t.size.toFixed(2)} px)`),
      `zoom ${zoom}`,
    ).toEqual([]);
    const conditions = model.lines.filter((l) => l.condition || l.on === "failed").length;
    // the label layer draws once the scene of the fitted view is ready
    await expect.poll(async () => (await hiddenLabels(page)).count).toBeGreaterThanOrEqual(conditions);
    const labels = await hiddenLabels(page);
    expect(labels.hidden).toEqual([]);
    // a name cut at this zoom shows whole on hover
    const longest = model.nodes
      .filter((n) => n.kind === "action")
      .sort((a, b) => b.name.length - a.name.length)[0]!;
    await expect(page.getByTestId(`node-${longest.name}`).locator(".fs-name")).toHaveAttribute(
      "title",
      longest.name,
    );

    // Zoom to state: the scene's own sizes (no level of detail needed), still ≥ 9 px.
    const state = model.states.find((s) => s.name === "Credit decision") ?? model.states[1]!;
    await page.getByTestId(`state-${state.name}`).locator(".fs-state-head").click();
    await page.keyboard.press("Shift+Digit3");
    const stateZoom = await settledZoom(page);
    await page.screenshot({ path: shot("diagram-sales-case-state-1440.png") });
    expect(stateZoom).toBeGreaterThanOrEqual(0.75);
    expect(await tooSmallTexts(page, stateZoom, 9), `zoom ${stateZoom}`).toEqual([]);

    await page.setViewportSize({ width: 1024, height: 768 });
    await fitAll(page);
    await page.screenshot({ path: shot("diagram-sales-case-1024.png") });
    const legend = await page.getByRole("region", { name: "Legend" }).boundingBox();
    const minimap = await page.locator(".react-flow__minimap").boundingBox();
    const controls = await page.locator(".react-flow__controls").boundingBox();
    if (!legend || !minimap || !controls) throw new Error("legend, minimap or zoom controls missing");
    expect(overlaps(legend, minimap)).toBe(false);
    expect(overlaps(legend, controls)).toBe(false);
    const covered = (await drawnBoxes(page))
      .filter((b) => b.width > 0 && [legend, minimap, controls].some((o) => overlaps(b, o)))
      .map((b) => b.what);
    expect(covered).toEqual([]);
    expect((await hiddenLabels(page)).hidden).toEqual([]);
  });

  test("a stored layout with entries for nothing and absurd bend points still draws; the problems panel says what was ignored", async ({
    page,
  }) => {
    const full = fixture("document-voiding");
    const line = full.lines[0]!;
    const model: Model = {
      ...full,
      key: unique("diagram-bad-layout"),
      diagram: {
        ...full.diagram,
        nodes: { ...full.diagram.nodes, ghost: { x: 0, y: 0, width: 40, height: 40 } },
        lines: { ...full.diagram.lines, [line.id]: { waypoints: [{ x: 1e9, y: -1e9 }] } },
      },
    };
    await importAndOpen(page, model);
    const panel = page.getByRole("region", { name: "Problems" });
    await expect(panel.getByText("diagram.dangling-entry")).toBeVisible();
    await expect(panel.getByText("diagram.bad-waypoints")).toBeVisible();
    await expect(page.getByTestId(`node-${full.nodes[0]!.name}`)).toBeVisible();
    await page.screenshot({ path: shot("diagram-bad-layout-problems.png") });
  });

  test("a condition on a flow line drawn inside a state is visible above the state", async ({ page }) => {
    const full = fixture("document-voiding");
    const stateId = "voidingRequested";
    const nodes = full.nodes.filter((n) => n.stateId === stateId).slice(0, 2);
    const [a, b] = nodes;
    if (!a || !b) throw new Error("fixture");
    const ids = new Set(nodes.map((n) => n.id));
    const model: Model = {
      ...full,
      key: unique("diagram-label"),
      states: full.states.filter((s) => s.id === stateId),
      nodes,
      lines: [],
      transitions: [],
      diagram: {
        nodes: Object.fromEntries(Object.entries(full.diagram.nodes).filter(([id]) => ids.has(id))),
        states: { [stateId]: full.diagram.states[stateId] },
        lines: {},
        transitions: {},
      },
    };
    await importAndOpen(page, model);
    const source = page.getByTestId(`node-${a.name}`);
    await source.hover();
    const handle = await source.locator(".handle-out").boundingBox();
    const target = await page.getByTestId(`node-${b.name}`).boundingBox();
    if (!handle || !target) throw new Error("no handle or target");
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(page.locator(".react-flow__edge")).toHaveCount(1);
    await page.locator(".react-flow__edge").click({ force: true });
    const condition = page.getByRole("complementary", { name: "Properties" }).getByLabel("Condition");
    await condition.fill("amount > 100");
    await condition.press("Tab");
    const label = page.locator(".fs-edge-label", { hasText: "amount > 100" });
    await expect(label).toHaveCount(1);
    await page.screenshot({ path: shot("diagram-condition-label.png") });
    expect((await hiddenLabels(page)).hidden).toEqual([]);
  });

  test("export: the SVG is the scene (XML, no foreignObject, a path per line, a group per node) and renders to a PNG that covers nodes and lines; the PNG export is not blank", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const model = { ...fixture("document-voiding"), key: unique("diagram-export") };
    await importAndOpen(page, model);
    await settledZoom(page);

    await page.getByRole("button", { name: "Export" }).click();
    const [svgDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "Export SVG" }).click(),
    ]);
    const svgPath = await svgDownload.path();
    const svg = readFileSync(svgPath, "utf8");
    writeFileSync(shot("diagram-export.svg"), svg);
    expect(svg).not.toContain("foreignObject");
    expect(svg.length).toBeLessThan(300_000);

    // Parse and rasterise it in Chromium, on a page of its own.
    await page.setContent("<!doctype html><body style='margin:0'></body>");
    const report = await page.evaluate(async (text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      const parseError = doc.querySelector("parsererror")?.textContent ?? null;
      const root = doc.documentElement;
      const nodeIds = [...doc.querySelectorAll("g.nodes > g[data-id]")].map((g) => g.getAttribute("data-id"));
      const lineIds = [...doc.querySelectorAll("g.lines > path[data-id]")].map((p) =>
        p.getAttribute("data-id"),
      );
      // Geometry from the drawing itself, laid out inline: node centres, line midpoints, label boxes.
      const host = document.body.appendChild(document.importNode(root, true) as unknown as SVGSVGElement);
      const [vx, vy] = (host.getAttribute("viewBox") ?? "0 0").split(/\s+/).map(Number) as [number, number];
      const width = Number(host.getAttribute("width"));
      const height = Number(host.getAttribute("height"));
      const centre = (g: SVGGraphicsElement) => {
        const shape = g.querySelector<SVGGraphicsElement>(".node-box, .node-shape") ?? g;
        const b = shape.getBBox();
        return {
          id: g.getAttribute("data-id"),
          kind: g.getAttribute("class") ?? "",
          x: b.x + b.width / 2 - vx,
          y: b.y + b.height / 2 - vy,
          w: b.width,
          h: b.height,
        };
      };
      const nodes = [...host.querySelectorAll<SVGGElement>("g.nodes > g[data-id]")].map(centre);
      const lines = [...host.querySelectorAll<SVGPathElement>("g.lines > path[data-id]")].map((p) => {
        const at = p.getPointAtLength(p.getTotalLength() / 2);
        return { id: p.getAttribute("data-id"), x: at.x - vx, y: at.y - vy };
      });
      const labelBoxes = [...host.querySelectorAll<SVGGElement>("g.labels > g")].map((g) => {
        const b = g.getBBox();
        return { x: b.x - vx, y: b.y - vy, width: b.width, height: b.height };
      });
      host.remove();

      const image = new Image();
      image.src = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext("2d");
      if (!ctx) throw new Error("no canvas");
      ctx.drawImage(image, 0, 0);
      const data = ctx.getImageData(0, 0, width, height).data;
      const px = (x: number, y: number) => {
        const i = (Math.round(y) * width + Math.round(x)) * 4;
        return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
      };
      const bg = px(1, 1);
      const differs = (c: number[], d: number[], tol = 12) =>
        Math.abs((c[0] ?? 0) - (d[0] ?? 0)) +
          Math.abs((c[1] ?? 0) - (d[1] ?? 0)) +
          Math.abs((c[2] ?? 0) - (d[2] ?? 0)) >
        tol;
      const inked = (x: number, y: number, r: number) => {
        for (let dy = -r; dy <= r; dy++)
          for (let dx = -r; dx <= r; dx++) if (differs(px(x + dx, y + dy), bg)) return true;
        return false;
      };
      let painted = 0;
      for (let i = 0; i < data.length; i += 4)
        if (differs([data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0], bg)) painted++;
      const uncoveredNodes = nodes.filter((n) => !differs(px(n.x, n.y), bg, 3)).map((n) => n.id);
      const uncoveredLines = lines
        .filter(
          (l) =>
            !inked(l.x, l.y, 3) &&
            !labelBoxes.some(
              (b) => l.x >= b.x && l.x <= b.x + b.width && l.y >= b.y && l.y <= b.y + b.height,
            ),
        )
        .map((l) => l.id);
      // Solid black control nodes (the old export's defect): most of their box dark.
      const darkControls = nodes
        .filter((n) => /node-(and|or|finalizer)/.test(n.kind))
        .filter((n) => {
          let dark = 0;
          let all = 0;
          for (let y = n.y - n.h / 2 + 1; y < n.y + n.h / 2 - 1; y++)
            for (let x = n.x - n.w / 2 + 1; x < n.x + n.w / 2 - 1; x++) {
              const c = px(x, y);
              all++;
              if ((c[0] ?? 0) + (c[1] ?? 0) + (c[2] ?? 0) < 200) dark++;
            }
          return dark / Math.max(1, all) > 0.5;
        })
        .map((n) => n.id);
      return {
        parseError,
        rootName: root.nodeName,
        nodeIds,
        lineIds,
        painted: painted / (width * height),
        uncoveredNodes,
        uncoveredLines,
        darkControls,
        controls: nodes.filter((n) => /node-(and|or|finalizer)/.test(n.kind)).length,
        pngUrl: canvas.toDataURL("image/png"),
      };
    }, svg);
    expect(report.parseError).toBeNull();
    expect(report.rootName).toBe("svg");
    expect([...report.nodeIds].sort()).toEqual(model.nodes.map((n) => n.id).sort());
    expect([...report.lineIds].sort()).toEqual(
      [...model.lines.map((l) => l.id), ...model.transitions.map((t) => t.id)].sort(),
    );
    expect(report.painted).toBeGreaterThan(0.05);
    expect(report.uncoveredNodes).toEqual([]);
    expect(report.uncoveredLines).toEqual([]);
    expect(report.controls).toBeGreaterThan(0);
    expect(report.darkControls).toEqual([]);
    writeFileSync(
      shot("diagram-export-rendered.png"),
      Buffer.from(report.pngUrl.replace(/^data:image\/png;base64,/, ""), "base64"),
    );

    // PNG export (2×) from the editor: a real PNG, not blank.
    await page.goto(`/processes/${model.key}/versions/1`);
    await expect(page.getByTestId(`state-${model.states[0]?.name}`)).toBeVisible();
    await page.getByRole("button", { name: "Export" }).click();
    const [pngDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "Export PNG (2×)" }).click(),
    ]);
    expect(pngDownload.suggestedFilename()).toMatch(/@2x\.png$/);
    const png = readFileSync(await pngDownload.path());
    writeFileSync(shot("diagram-export-2x.png"), png);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const stats = await page.evaluate(async (b64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${b64}`;
      await image.decode();
      const c = document.createElement("canvas");
      c.width = image.naturalWidth;
      c.height = image.naturalHeight;
      const ctx = c.getContext("2d");
      if (!ctx) throw new Error("no canvas");
      ctx.drawImage(image, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const bg = [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0];
      let painted = 0;
      for (let i = 0; i < d.length; i += 4)
        if (
          Math.abs((d[i] ?? 0) - (bg[0] ?? 0)) +
            Math.abs((d[i + 1] ?? 0) - (bg[1] ?? 0)) +
            Math.abs((d[i + 2] ?? 0) - (bg[2] ?? 0)) >
          12
        )
          painted++;
      return { width: c.width, height: c.height, painted: painted / (c.width * c.height) };
    }, png.toString("base64"));
    expect(stats.width).toBeGreaterThan(400);
    expect(stats.painted).toBeGreaterThan(0.05);
  });

  test("collapse a state: a compact box that keeps its transitions, remembered after a reload", async ({
    page,
  }) => {
    const model = { ...fixture("document-voiding"), key: unique("diagram-collapse") };
    await importAndOpen(page, model);
    const state = model.states.find((s) => model.nodes.some((n) => n.stateId === s.id));
    if (!state) throw new Error("fixture");
    const inside = model.nodes.filter((n) => n.stateId === state.id);
    const box = page.getByTestId(`state-${state.name}`);
    const before = await box.boundingBox();
    await page.getByRole("button", { name: `Collapse ${state.name}` }).click();
    await expect(page.getByTestId(`node-${inside[0]?.name}`)).toBeHidden();
    const after = await box.boundingBox();
    expect(after?.height ?? 0).toBeLessThan((before?.height ?? 0) / 2);
    const leaving = model.transitions.filter((t) => inside.some((n) => n.id === t.from));
    expect(leaving.length).toBeGreaterThan(0);
    for (const t of leaving)
      await expect(page.locator(`.react-flow__edge[data-id="${t.id}"] path.fs-edge`)).toBeVisible();
    await page.reload();
    await expect(page.getByRole("button", { name: `Expand ${state.name}` })).toBeVisible();
    await expect(page.getByTestId(`node-${inside[0]?.name}`)).toBeHidden();
    await page.screenshot({ path: shot("diagram-collapsed.png") });
    await page.getByRole("button", { name: `Expand ${state.name}` }).click();
    await expect(page.getByTestId(`node-${inside[0]?.name}`)).toBeVisible();
  });

  test("instance view export: the drawing carries the instance's marks (current state, unlocked action) and a caption", async ({
    page,
  }) => {
    const model = { ...fixture("document-voiding"), key: unique("diagram-instance") };
    const call = async <T>(procedure: string, input: unknown): Promise<T> => {
      const res = await page.request.post(`/trpc/${procedure}`, { data: input });
      expect(res.ok(), `${procedure}: ${await res.text()}`).toBe(true);
      return ((await res.json()) as { result: { data: T } }).result.data;
    };
    const imported = await call<{ versionId: string }>("process.import", { model });
    await call("version.publish", { id: imported.versionId, acceptWarnings: true });
    const { instanceId } = await call<{ instanceId: string }>("instance.start", {
      processKey: model.key,
      businessKey: "DOC-7",
    });
    await page.goto(`/instances/${instanceId}`);
    const initial = model.states.find((s) => (s as { initial?: boolean }).initial) ?? model.states[0];
    await expect(page.getByTestId(`state-${initial?.name}`)).toHaveClass(/ov-current/);
    await page.getByRole("button", { name: "Export" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "Export SVG" }).click(),
    ]);
    const svg = readFileSync(await download.path(), "utf8");
    writeFileSync(shot("diagram-instance-export.svg"), svg);
    const marks = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      const classOf = (id: string) => doc.querySelector(`[data-id="${id}"]`)?.getAttribute("class") ?? "";
      return {
        text: doc.documentElement.textContent ?? "",
        classOf: Object.fromEntries(
          [...doc.querySelectorAll("[data-id]")].map((e) => [
            e.getAttribute("data-id"),
            classOf(e.getAttribute("data-id") ?? ""),
          ]),
        ),
      };
    }, svg);
    expect(marks.classOf[initial?.id ?? ""]).toContain("mark-current");
    expect(Object.values(marks.classOf).some((c) => String(c).includes("mark-unlocked"))).toBe(true);
    expect(marks.text).toContain("Instance DOC-7");
    expect(svg).not.toContain("foreignObject");
  });
});
