/// <reference lib="dom" />
import type { ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { Locator, Page } from "@playwright/test";
import { startBuiltRuntime, stopRuntime } from "../support/builtRuntime.ts";
import { call, openDraft, publish, publishDraft } from "../support/trpc.ts";
import type { Model } from "../support/models.ts";

/**
 * The polish pass (issue 21, deliver 6): every page at 1440×900 and 1024×768, full-page screenshots
 * kept in e2e/test-results/polish/ for people to look at, and the concrete fixes asserted: nothing
 * cut off, no badge over a name, read-only fields that look read-only, empty tables that say what
 * to do next.
 */

const results = path.resolve(import.meta.dirname, "../test-results/polish");
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
] as const;
const salesCase = () =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../../processes/sales-case.model.json"), "utf8"),
  ) as Model;

const key = `tour-${Date.now().toString(36)}`;
let v1 = "";
let v2 = "";
let instanceId = "";
let runId = "";
let draftVersion = 0;

async function shoot(page: Page, name: string): Promise<void> {
  // Fonts and the fitted view settle before the picture is taken.
  await page.evaluate(() => document.fonts.ready);
  const { width } = page.viewportSize()!;
  await page.screenshot({ path: path.join(results, `${name}-${width}.png`), fullPage: true });
}

/** Waits until the canvas's view stopped moving (fit view animates). */
async function settled(page: Page): Promise<void> {
  let last = "";
  await expect
    .poll(async () => {
      const now =
        (await page.locator(".fs-canvas .react-flow__viewport").first().getAttribute("style")) ?? "";
      const same = now !== "" && now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

/** Inputs (and selects) whose text is wider than their box: cut off. */
async function cutOffFields(scope: Locator): Promise<string[]> {
  return scope.evaluate((root) =>
    [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")]
      .filter((el) => el.offsetParent !== null && el.type !== "checkbox" && el.type !== "radio")
      .filter((el) => {
        if (el instanceof HTMLSelectElement) {
          // a select shows its chosen option's text: measure it in the select's font
          const probe = document.createElement("span");
          const cs = getComputedStyle(el);
          probe.style.font = cs.font;
          probe.style.position = "absolute";
          probe.style.whiteSpace = "pre";
          probe.textContent = el.selectedOptions[0]?.textContent ?? "";
          document.body.append(probe);
          const text = probe.getBoundingClientRect().width;
          probe.remove();
          const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
          return text > room + 0.5;
        }
        return el.scrollWidth > el.clientWidth;
      })
      .map((el) => `${el.getAttribute("aria-label") ?? el.labels?.[0]?.textContent ?? el.name}: ${el.value}`),
  );
}

/** Pairs of the given elements whose boxes overlap. */
async function overlapping(page: Page, a: string, b: string): Promise<string[]> {
  return page.evaluate(
    ([a, b]) => {
      const boxes = (sel: string) =>
        [...document.querySelectorAll<HTMLElement>(sel)]
          .filter((el) => el.offsetParent !== null || el.getClientRects().length > 0)
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && r.height > 0);
      const out: string[] = [];
      for (const x of boxes(a))
        for (const y of boxes(b)) {
          if (x.el === y.el || x.el.contains(y.el) || y.el.contains(x.el)) continue;
          const r = x.r;
          const s = y.r;
          if (
            r.left < s.right - 0.5 &&
            s.left < r.right - 0.5 &&
            r.top < s.bottom - 0.5 &&
            s.top < r.bottom - 0.5
          )
            out.push(`${x.el.textContent?.trim()} × ${y.el.textContent?.trim()}`);
        }
      return out;
    },
    [a, b] as const,
  );
}

test.describe("polish tour", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(180_000);

  test.beforeAll(async ({ request }) => {
    mkdirSync(results, { recursive: true });
    v1 = await publish(request, { ...salesCase(), key, name: "Sales case (tour)" });
    for (const n of [1, 2]) {
      const started = await call<{ instanceId: string }>(request, "instance.start", {
        processKey: key,
        businessKey: `${key}-${n}`,
      });
      if (n === 1) instanceId = started.instanceId;
    }
    const draft = await openDraft<Model>(request, key, v1);
    draft.model.states = draft.model.states.map((s) =>
      s.id === "establish" ? { ...s, name: "Open the sales case" } : s,
    );
    await publishDraft(request, draft, draft.model);
    v2 = draft.versionId;
    // a draft (v3) to see editable fields beside the read-only ones of v2
    await call(request, "version.createDraft", { processKey: key, fromVersionId: v2 });
    draftVersion = 3;
    const run = await call<{ runId: string }>(request, "migration.create", {
      plan: {
        processKey: key,
        sourceVersionIds: [v1],
        targetVersionId: v2,
        filter: { instanceIds: [instanceId] },
      },
      createdBy: "tour",
    });
    runId = run.runId;
  });

  for (const size of SIZES) {
    test(`every page at ${size.width}×${size.height}`, async ({ page }) => {
      await page.setViewportSize(size);

      await page.goto("/processes");
      await expect(page.getByRole("link", { name: "Sales case (tour)" }).first()).toBeVisible();
      await shoot(page, "process-list");

      await page.goto(`/processes/${key}`);
      await expect(page.getByRole("heading", { name: /Sales case \(tour\)/ })).toBeVisible();
      await shoot(page, "process");
      // a cell of buttons keeps its row's border (a flex cell lost it)
      expect(
        await page
          .locator("td.cell-actions")
          .first()
          .evaluate((el) => getComputedStyle(el).display),
      ).toBe("table-cell");

      await page.goto(`/processes/${key}/versions/2`);
      await expect(page.getByTestId("state-Open the sales case")).toBeVisible();
      await settled(page);
      await shoot(page, "editor");
      // Fit view leaves the minimap, legend and zoom controls clear, and the legend never covers the minimap.
      const overlays = ".react-flow__minimap, .fs-legend, .react-flow__controls";
      expect(await overlapping(page, ".fs-legend", ".react-flow__controls, .react-flow__minimap")).toEqual(
        [],
      );
      expect(await overlapping(page, ".fs-canvas .react-flow__node", overlays)).toEqual([]);
      // Read-only fields look read-only: flat grey, no border.
      const name = page.getByRole("complementary", { name: "Properties" }).getByLabel("Process name");
      await expect(name).toBeDisabled();
      const look = await name.evaluate((el) => {
        const cs = getComputedStyle(el);
        return { background: cs.backgroundColor, border: cs.borderTopColor };
      });
      expect(look).toEqual({ background: "rgb(247, 248, 250)", border: "rgba(0, 0, 0, 0)" });

      // A draft: editable fields are white; the Mode dropdown's text is whole.
      await page.goto(`/processes/${key}/versions/${draftVersion}`);
      await page.getByTestId("node-Make credit decision").click();
      const properties = page.getByRole("complementary", { name: "Properties" });
      await expect(properties.getByLabel("Mode")).toBeEnabled();
      expect(
        await properties
          .getByLabel("Name", { exact: true })
          .evaluate((el) => getComputedStyle(el).backgroundColor),
      ).toBe("rgb(255, 255, 255)");
      expect(await cutOffFields(properties)).toEqual([]);
      await shoot(page, "editor-draft");

      await page.goto(`/processes/${key}/diff/1/2`);
      await expect(page.getByText("Open the sales case").first()).toBeVisible();
      await shoot(page, "diff");

      await page.goto(`/processes/${key}/instances`);
      await expect(page.getByText(`${key}-1`)).toBeVisible();
      await expect(page.locator(".fs-canvas .react-flow__node").first()).toBeVisible();
      await settled(page);
      await shoot(page, "instances");
      // the whole table is on screen, not behind a sideways scroll
      expect(
        await page.locator(".operate-table-wrap").evaluate((el) => el.scrollWidth <= el.clientWidth),
      ).toBe(true);
      expect(await overlapping(page, ".ov-badge", ".fs-name-line, .fs-state-name")).toEqual([]);
      expect(await overlapping(page, ".fs-legend", ".react-flow__controls, .react-flow__minimap")).toEqual(
        [],
      );

      await page.goto(`/instances/${instanceId}`);
      await expect(page.locator(".fs-canvas .react-flow__node").first()).toBeVisible();
      await expect(page.locator(".ov-perform")).toBeVisible();
      await settled(page);
      await shoot(page, "instance");
      // "Perform" and the badges sit on the node's border, never over a name or a state's title
      expect(await overlapping(page, ".ov-perform, .ov-badge", ".fs-name-line, .fs-state-name")).toEqual([]);
      expect(await overlapping(page, ".fs-legend", ".react-flow__controls, .react-flow__minimap")).toEqual(
        [],
      );

      await page.goto("/tasks");
      await expect(page.locator("h1").first()).toBeVisible();
      await shoot(page, "tasks");

      await page.goto(`/processes/${key}/migrations/new`);
      await expect(page.locator("h1").first()).toBeVisible();
      await expect(page.getByText("Loading…")).toHaveCount(0);
      await expect(page.getByText("Loading the diagrams…")).toHaveCount(0);
      await shoot(page, "migration-wizard");

      await page.goto(`/processes/${key}/migrations`);
      await expect(page.locator("h1").first()).toBeVisible();
      await shoot(page, "migration-runs");

      await page.goto(`/migrations/${runId}`);
      await expect(page.locator(".page-header .badge")).toBeVisible();
      await shoot(page, "migration-run");

      await page.goto("/users");
      await listOrEmpty(page, "No users yet. Add one with “New user”");
      await shoot(page, "users");

      await page.goto("/api-keys");
      await listOrEmpty(page, "No API keys yet. Create one with “New API key”");
      await shoot(page, "api-keys");

      await page.goto("/audit");
      await expect(page.locator("h1").first()).toBeVisible();
      await shoot(page, "audit");

      await page.goto("/webhooks");
      await listOrEmpty(page, "No webhooks yet. Add one with “New webhook”");
      await shoot(page, "webhooks");
    });
  }

  test("the login page at both sizes", async ({ page }) => {
    let child: ChildProcess | undefined;
    try {
      const started = await startBuiltRuntime({
        FLOWSTATE_ADMIN_USERNAME: "admin",
        FLOWSTATE_ADMIN_PASSWORD: "first admin password",
      });
      child = started.child;
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.goto(`${started.base}/processes`);
        await expect(page.getByLabel("Password")).toBeVisible();
        await shoot(page, "login");
      }
    } finally {
      await stopRuntime(child);
    }
  });
});

/**
 * A list page shows its rows or, when it has none, the empty text that says what to do. Other specs
 * share the e2e server, so whether the list is empty depends on which ran before.
 */
async function listOrEmpty(page: Page, empty: string) {
  const rows = page.locator("table tbody tr").filter({ hasNotText: empty });
  await expect(rows.first().or(page.getByText(empty))).toBeVisible();
  if ((await rows.count()) === 0) await expect(page.getByText(empty)).toBeVisible();
}
