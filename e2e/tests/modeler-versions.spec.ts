import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { call, publishAndStart } from "../support/trpc.ts";

type Json = Record<string, unknown>;

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../packages/model/fixtures/${name}.json`), "utf8"),
  ) as Json;

test.describe("versions", () => {
  test("the diff view marks added, changed and removed elements between two versions", async ({
    page,
    request,
  }) => {
    const model = fixture("signup-saga");
    const key = String(model.key);
    const v1 = await call<{ versionId: string }>(request, "process.import", { model });
    await call(request, "version.publish", { id: v1.versionId, acceptWarnings: true });
    const v2 = await call<{ versionId: string; number: number }>(request, "version.createDraft", {
      processKey: key,
      fromVersionId: v1.versionId,
    });
    const draft = await call<{
      revision: number;
      model: {
        nodes: Json[];
        lines: Json[];
        transitions: Json[];
        states: Json[];
        diagram: { nodes: Record<string, Json> };
      };
    }>(request, "version.get", { id: v2.versionId }, "query");
    const m = draft.model;
    const [changed, removed] = m.nodes.filter((n) => n.kind === "action");
    if (!changed || !removed) throw new Error("signup-saga has fewer than two actions");
    changed.name = `${String(changed.name)} (renamed)`;
    m.nodes = m.nodes.filter((n) => n !== removed);
    m.lines = m.lines.filter((l) => l.from !== removed.id && l.to !== removed.id);
    m.transitions = m.transitions.filter((t) => t.from !== removed.id);
    delete m.diagram.nodes[String(removed.id)];
    m.nodes.push({
      id: "auditTrail",
      ref: "r.auditTrail",
      kind: "action",
      stateId: changed.stateId,
      name: "Write audit trail",
      mode: "automatic",
      handler: "noop",
      maxOccurs: 1,
      singleton: false,
      captures: [],
      strictness: "strict",
    });
    m.diagram.nodes.auditTrail = { x: 10, y: 10, width: 160, height: 64 };
    const diagram = m.diagram as unknown as {
      lines: Record<string, unknown>;
      transitions: Record<string, unknown>;
    };
    diagram.lines = Object.fromEntries(
      Object.entries(diagram.lines).filter(([id]) => m.lines.some((l) => l.id === id)),
    );
    diagram.transitions = Object.fromEntries(
      Object.entries(diagram.transitions).filter(([id]) => m.transitions.some((t) => t.id === id)),
    );
    await call(request, "version.saveDraft", { id: v2.versionId, model: m, baseRevision: draft.revision });

    await page.goto(`/processes/${key}`);
    await expect(page.getByRole("table", { name: "Versions" })).toContainText("published");
    await page.getByLabel("From version").selectOption("1");
    await page.getByLabel("To version").selectOption("2");
    await page.getByRole("button", { name: "Show differences" }).click();
    await expect(page).toHaveURL(new RegExp(`/processes/${key}/diff/1/2$`));
    const list = page.getByRole("complementary", { name: "Differences" });
    await expect(list.getByRole("region", { name: "Added" })).toContainText("Write audit trail");
    await expect(list.getByRole("region", { name: "Changed" })).toContainText(`${String(changed.name)}`);
    await expect(list.getByRole("region", { name: "Removed" })).toContainText(String(removed.name));
    await expect(page.getByTestId("node-Write audit trail")).toHaveClass(/mark-added/);
    await expect(page.getByTestId(`node-${String(changed.name)}`)).toHaveClass(/mark-changed/);
    await expect(page.getByTestId(`node-${String(removed.name)}`)).toHaveClass(/mark-removed/);
    await page.screenshot({ path: "test-results/screenshots/diff-signup-saga.png", fullPage: true });
  });

  test("a draft saved in another page meanwhile is a conflict: reload theirs or overwrite with mine", async ({
    context,
    request,
  }) => {
    await call(request, "process.create", { key: "conflict-check", name: "Conflict check" });
    const a = await context.newPage();
    const b = await context.newPage();
    for (const p of [a, b]) {
      await p.goto("/processes/conflict-check/versions/1");
      await expect(p.getByRole("status", { name: "Save status" })).toHaveText("Saved");
    }
    const rename = async (p: typeof a, name: string) => {
      await p.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
      const field = p.getByRole("complementary", { name: "Properties" }).getByLabel("Process name");
      await field.fill(name);
      await field.press("Enter");
    };
    await rename(a, "Renamed in A");
    await expect(a.getByRole("status", { name: "Save status" })).toHaveText("Saved");

    await rename(b, "Renamed in B");
    const banner = b.getByRole("alert").filter({ hasText: "changed elsewhere" });
    await expect(banner).toBeVisible();
    await expect(b.getByRole("status", { name: "Save status" })).toHaveText("Conflict");
    await expect(b.getByRole("button", { name: "Publish", exact: true })).toBeDisabled();
    await banner.getByRole("button", { name: "Reload their version" }).click();
    await expect(banner).toBeHidden();
    await expect(b.getByRole("complementary", { name: "Properties" }).getByLabel("Process name")).toHaveValue(
      "Renamed in A",
    );

    // now A is behind: its next save conflicts, and A chooses to overwrite
    await rename(b, "Renamed in B again");
    await expect(b.getByRole("status", { name: "Save status" })).toHaveText("Saved");
    await rename(a, "A wins");
    const bannerA = a.getByRole("alert").filter({ hasText: "changed elsewhere" });
    await expect(bannerA).toBeVisible();
    await bannerA.getByRole("button", { name: "Overwrite with mine" }).click();
    await expect(a.getByRole("status", { name: "Save status" })).toHaveText("Saved");
    const saved = await call<{ model: { name: string } }>(
      request,
      "version.get",
      { processKey: "conflict-check", number: 1 },
      "query",
    );
    expect(saved.model.name).toBe("A wins");
  });

  test("a published version opens read-only; a new draft from it opens as the next version", async ({
    page,
    request,
  }) => {
    const model = { ...fixture("login-session"), key: "readonly-check", name: "Read-only check" };
    const v1 = await call<{ versionId: string }>(request, "process.import", { model });
    await call(request, "version.publish", { id: v1.versionId, acceptWarnings: true });
    await page.goto("/processes/readonly-check/versions/1");
    await expect(page.getByRole("note", { name: "Read-only" })).toBeVisible();
    await expect(page.getByRole("toolbar", { name: "Create elements" })).toHaveCount(0);
    await expect(page.getByRole("status", { name: "Save status" })).toHaveText("Read-only");
    const firstName = page.getByRole("complementary", { name: "Properties" }).getByLabel("Process name");
    await expect(firstName).toBeDisabled();
    await page.getByRole("button", { name: "New draft from this version" }).click();
    await expect(page).toHaveURL(/\/processes\/readonly-check\/versions\/2$/);
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toBeVisible();
    await page.goto("/processes/readonly-check");
    await expect(page.getByRole("table", { name: "Versions" }).getByRole("row")).toHaveCount(3);
  });

  test("deprecating a published version stops new starts; its running instance continues", async ({
    page,
    request,
  }) => {
    const model = { ...fixture("login-session"), key: "retiring" };
    const { key, instanceIds } = await publishAndStart(request, model, "R-1");
    await page.goto(`/processes/${key}`);
    const row = page.getByRole("table", { name: "Versions" }).getByRole("row").nth(1);
    await expect(row).toContainText("published");
    await expect(page.getByRole("button", { name: "Start instance" })).toBeVisible();
    await page.getByRole("button", { name: "Deprecate v1" }).click();
    const dialog = page.getByRole("dialog", { name: "Deprecate v1?" });
    await expect(dialog).toContainText("Its 1 running instance continues");
    await page.screenshot({ path: test.info().outputPath("deprecate-dialog-1440.png") });
    await dialog.getByRole("button", { name: "Deprecate v1" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText("deprecated");
    await expect(page.getByRole("button", { name: "Start instance" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Deprecate v1" })).toHaveCount(0);
    const instance = await call<{ status: string }>(request, "instance.get", { id: instanceIds[0] }, "query");
    expect(instance.status).toBe("running");
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: test.info().outputPath("deprecated-1024.png") });
  });
});
