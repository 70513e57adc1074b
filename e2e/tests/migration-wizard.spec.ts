import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { APIRequestContext, Page } from "@playwright/test";
import { call, openDraft, publish, publishDraft, startInstance } from "../support/trpc.ts";
import { action, box, state, transition } from "../support/models.ts";
import type { Model } from "../support/models.ts";

type Json = Record<string, unknown>;

/** The bits of an SVG path element the arrow click needs (this project has no DOM typings). */
type SvgPath = {
  getTotalLength(): number;
  getPointAtLength(at: number): { x: number; y: number };
  getScreenCTM(): { a: number; b: number; c: number; d: number; e: number; f: number } | null;
};

const salesCase = () =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../../packages/model/fixtures/sales-case.json"), "utf8"),
  ) as Model;
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

/**
 * v2 of sales-case: "Credit decision" is replaced by a new "Credit review" state (its running
 * instances need a choice), "Establish sales case" is renamed (same ref: mapped automatically), and
 * "Credit review" has a migration action that notes where an instance came from.
 */
function v2Of(m: Model): Model {
  const removed = "credit";
  const gone = new Set(m.nodes.filter((n) => n.stateId === removed).map((n) => String(n.id)));
  m.states = m.states
    .filter((s) => s.id !== removed)
    .map((s) => (s.id === "establish" ? { ...s, name: "Open the sales case" } : s));
  m.states.push({ id: "creditReview", ref: "r.creditReview", name: "Credit review" });
  m.nodes = m.nodes.filter((n) => !gone.has(String(n.id)));
  const action = {
    kind: "action",
    stateId: "creditReview",
    maxOccurs: 1,
    singleton: false,
    captures: [],
    strictness: "strict",
  };
  m.nodes.push({
    ...action,
    id: "reviewCredit",
    ref: "r.reviewCredit",
    name: "Review credit",
    mode: "manual",
    code: "credit.review",
  });
  m.nodes.push({
    ...action,
    id: "noteMigration",
    ref: "r.noteMigration",
    name: "Note the migration",
    mode: "automatic",
    handler: "setVariables",
    input: { migratedFrom: '"credit decision"' },
    output: { migratedFrom: "result.migratedFrom" },
    migration: {},
  });
  m.lines = m.lines.filter((l) => !gone.has(String(l.from)) && !gone.has(String(l.to)));
  m.transitions = m.transitions
    .filter((t) => !gone.has(String(t.from)))
    .map((t) => (t.to === removed ? { ...t, to: "creditReview" } : t));
  m.transitions.push({
    id: "t:reviewCredit->soc",
    ref: "r.t:reviewCredit->soc",
    from: "reviewCredit",
    to: "soc",
  });
  const box = m.diagram.states[removed] as { x: number; y: number; width: number; height: number };
  m.diagram.states.creditReview = box;
  delete m.diagram.states[removed];
  for (const id of gone) delete m.diagram.nodes[id];
  m.diagram.nodes.reviewCredit = { x: box.x + 20, y: box.y + 50, width: 160, height: 64 };
  m.diagram.nodes.noteMigration = { x: box.x + 220, y: box.y + 50, width: 160, height: 64 };
  m.diagram.lines = Object.fromEntries(
    Object.entries(m.diagram.lines).filter(([id]) => m.lines.some((l) => l.id === id)),
  );
  m.diagram.transitions = Object.fromEntries(
    Object.entries(m.diagram.transitions).filter(([id]) => m.transitions.some((t) => t.id === id)),
  );
  return m;
}

test("migration wizard: sales-case v1 → v2 (one state removed, one renamed), forced choice, dry run, run to 100%, outcome, revert", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const key = `sales-migration-${Date.now().toString(36)}`;
  const v1 = { ...salesCase(), key, name: "Sales case (migration)" };
  const imported = { versionId: await publish(request, v1) };

  // Two instances wait in "Establish sales case"; two were established and wait for their credit decision.
  const instances: Record<string, string> = {};
  for (const name of ["open-1", "open-2", "credit-1", "credit-2"]) {
    const instanceId = await startInstance(request, key, `${key}-${name}`);
    if (name.startsWith("credit"))
      await call(request, "instance.perform", {
        instanceId,
        actionId: "establishCase",
        input: { caseId: `case-${name}`, customerId: `cust-${name}`, product: "lease" },
      });
    instances[name] = instanceId;
  }
  for (const name of ["credit-1", "credit-2"]) {
    await expect
      .poll(
        async () =>
          (await call<{ currentStateId: string }>(request, "instance.get", { id: instances[name] }, "query"))
            .currentStateId,
        { timeout: 20_000 },
      )
      .toBe("credit");
  }
  const draft = await openDraft<Model>(request, key, imported.versionId);
  await publishDraft(request, draft, v2Of(draft.model));

  // The process page links to its migrations; a new migration opens the wizard.
  await page.goto(`/processes/${key}`);
  await page.getByRole("link", { name: "Migrations" }).click();
  await expect(page).toHaveURL(new RegExp(`/processes/${key}/migrations$`));
  await expect(page.getByText("No migration has been run for this process yet.")).toBeVisible();
  await page.getByRole("link", { name: "New migration" }).click();

  // 1. Versions, and the model diff.
  const footer = page.locator(".wizard-footer");
  const next = footer.getByRole("button", { name: "Continue" });
  // Suggested: from the version with running instances to the newest published one; unticking blocks.
  await expect(page.getByLabel("Migrate from v1")).toBeChecked();
  await expect(page.getByLabel("Migrate to v2")).toBeChecked();
  await page.getByLabel("Migrate from v1").uncheck();
  await expect(next).toBeDisabled();
  await expect(footer.getByRole("list", { name: "What is missing" })).toContainText(
    "Choose at least one source version",
  );
  await page.getByLabel("Migrate from v1").check();
  const diff = page.getByRole("complementary", { name: "Differences" });
  await expect(diff.getByRole("region", { name: "Removed" })).toContainText("Credit decision");
  await expect(diff.getByRole("region", { name: "Added" })).toContainText("Credit review");
  await expect(diff.getByRole("region", { name: "Changed" })).toContainText("Open the sales case");
  await expect(diff.getByRole("region", { name: "Added" })).toContainText("Note the migration");
  await expect(page.getByLabel("Diff summary")).toContainText("4 running instances on v1");
  await shot(page, "wizard-1-versions");
  await next.click();

  // 2. Mapping: the renamed state maps by ref; the removed one is flagged and blocks the wizard.
  await expect(page).toHaveURL(/step=mapping/);
  const mapping = page.getByRole("table", { name: "State mapping of v1" });
  const removedRow = mapping.getByRole("row", { name: /Credit decision/ });
  await expect(removedRow).toContainText("choose a target");
  await expect(mapping.getByRole("row", { name: /Establish sales case/ })).toContainText(
    "same element (ref)",
  );
  await expect(mapping.getByLabel("Target state for Establish sales case")).toHaveValue("");
  await expect(
    mapping.getByLabel("Target state for Establish sales case").locator("option:checked"),
  ).toHaveText("Open the sales case (proposed)");
  await expect(next).toBeDisabled();
  await expect(footer.getByRole("list", { name: "What is missing" })).toContainText(
    'State "Credit decision" of v1 has 2 running instances and no target',
  );
  const source = page.getByRole("region", { name: "Source v1 diagram" });
  const target = page.getByRole("region", { name: "Target v2 diagram" });
  await expect(source.getByTestId("state-Credit decision")).toHaveClass(/mark-removed/);
  await shot(page, "wizard-2-mapping-missing");
  // The removed state has no arrow yet.
  await expect(page.getByTestId("arrow-credit")).toHaveCount(0);
  // Draw the mapping: press on the removed state, drag an arrow onto its target state, release.
  const centre = async (locator: ReturnType<Page["locator"]>) => {
    const box = await locator.boundingBox();
    if (!box) throw new Error("not on screen");
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  const from = await centre(source.getByTestId("state-Credit decision").locator(".fs-state-name"));
  const to = await centre(target.getByTestId("state-Credit review"));
  // Released away from any target state: cancelled, nothing mapped.
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 10, { steps: 4 });
  await expect(page.getByTestId("arrow-live")).toBeVisible();
  const legend = await centre(page.locator(".legend-row").first());
  await page.mouse.move(legend.x, legend.y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId("arrow-live")).toHaveCount(0);
  await expect(removedRow).toContainText("choose a target");
  await expect(next).toBeDisabled();
  // Onto "Credit review": the drop target is highlighted while the arrow follows the pointer.
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await expect(page.getByRole("status", { name: "Arrow of v1" })).toHaveText(
    'Release to map "Credit decision" to "Credit review".',
  );
  await shot(page, "wizard-2-mapping-drawing");
  await page.mouse.up();
  await expect(mapping.getByLabel("Target state for Credit decision")).toHaveValue("creditReview");
  await expect(removedRow).toContainText("chosen");
  await expect(source.getByTestId("state-Credit decision")).toHaveClass(/mark-changed/);
  const drawnArrow = page.getByTestId("arrow-credit");
  await expect(drawnArrow).toHaveClass(/arrow-forced/);
  // The drag was not also taken as a click (no half-made click pick waiting for a target).
  await expect(page.getByRole("status").filter({ hasText: "Now click the target state" })).toHaveCount(0);
  await expect(next).toBeEnabled();
  // Select the arrow by clicking it (a point on its curve) and delete it: the state needs a target again.
  const onCurve = await drawnArrow.locator(".arrow-hit").evaluate((el) => {
    const path = el as unknown as SvgPath;
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM()!;
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  });
  await page.mouse.click(onCurve.x, onCurve.y);
  await expect(drawnArrow).toHaveClass(/is-selected/);
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("arrow-credit")).toHaveCount(0);
  await expect(mapping.getByLabel("Target state for Credit decision")).toHaveValue("");
  await expect(removedRow).toContainText("choose a target");
  await expect(next).toBeDisabled();
  // Drawn again.
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  await expect(mapping.getByLabel("Target state for Credit decision")).toHaveValue("creditReview");
  await expect(page.getByTestId("arrow-credit")).toHaveClass(/arrow-forced/);
  await expect(next).toBeEnabled();
  // The arrows follow the diagrams: zooming both canvases out moves the forced arrow and brings the
  // neighbouring states' proposals (now on screen on both sides) in as arrows too.
  const before = await page.getByTestId("arrow-credit").locator(".arrow-line").getAttribute("d");
  for (const canvas of [source, target])
    for (let i = 0; i < 2; i++) await canvas.getByRole("button", { name: /zoom out/i }).click();
  await expect
    .poll(async () => page.getByTestId("arrow-credit").locator(".arrow-line").getAttribute("d"))
    .not.toBe(before);
  const proposed = page.locator(".mapping-arrow.arrow-proposal").first();
  await expect(proposed).toHaveAttribute("aria-label", / → .*\(proposed: same element \(ref\)\)$/);
  // A proposal is not removed by Delete (it is what `ref` says; another arrow or the table overrides it).
  const proposedId = await proposed.getAttribute("data-testid");
  await proposed.focus();
  await page.keyboard.press("Delete");
  await expect(page.getByRole("status", { name: "Arrow of v1" })).toContainText("is proposed");
  await expect(page.getByTestId(proposedId!)).toHaveClass(/arrow-proposal/);
  await expect(page.getByTestId("arrow-credit")).toHaveClass(/arrow-forced/);
  await shot(page, "wizard-2-mapping-arrows");
  await shot(page, "wizard-2-mapping");
  await next.click();

  // 3. Variable changes (FEEL checked as you type) and the migration actions that will run.
  await expect(page).toHaveURL(/step=variables/);
  await page.getByRole("button", { name: "Add a variable change" }).click();
  const change = page.getByRole("group", { name: "Variable change 1" });
  await change.getByLabel("Variable name").fill("migratedBy");
  await change.getByLabel("FEEL expression").fill('"wizard" +');
  await expect(change.locator(".field-problem")).toBeVisible();
  await expect(next).toBeDisabled();
  await change.getByLabel("FEEL expression").fill('"wizard"');
  await expect(change.locator(".field-problem")).toHaveCount(0);
  const actions = page.getByRole("table", { name: "Migration actions" });
  await expect(actions.getByRole("row", { name: /Credit decision/ })).toContainText("Note the migration");
  await expect(actions.getByRole("row", { name: /Credit decision/ })).toContainText("runs");
  // A reload keeps the step and the draft.
  await page.reload();
  await expect(page).toHaveURL(/step=variables/);
  await expect(
    page.getByRole("group", { name: "Variable change 1" }).getByLabel("FEEL expression"),
  ).toHaveValue('"wizard"');
  await shot(page, "wizard-3-variables");
  await next.click();

  // 4. Instances: a live count that follows the filter.
  await expect(page).toHaveURL(/step=instances/);
  const count = page.getByRole("status", { name: "Selected instances" });
  await expect(count).toHaveText("4 instances selected");
  await page.getByLabel("Current state").selectOption({ label: "Credit decision" });
  await expect(count).toHaveText("2 instances selected");
  await page.getByLabel("Business key contains").fill("no-such-key");
  await expect(count).toHaveText("0 instances selected");
  await expect(next).toBeDisabled();
  await page.getByLabel("Business key contains").fill("");
  await page.getByLabel("Current state").selectOption({ label: "any state" });
  await expect(count).toHaveText("4 instances selected");
  // Captured identifier values (every pair must match): credit-1 captured its case and customer ids.
  await page.getByRole("button", { name: "Add an identifier" }).click();
  const firstId = page.getByRole("group", { name: "Identifier 1" });
  await firstId.getByLabel("Name").fill("customerId");
  await firstId.getByLabel("Value").fill("cust-credit-1");
  await expect(count).toHaveText("1 instance selected");
  await page.getByRole("button", { name: "Add an identifier" }).click();
  const secondId = page.getByRole("group", { name: "Identifier 2" });
  await secondId.getByLabel("Name").fill("caseId");
  await secondId.getByLabel("Value").fill("case-credit-2");
  await expect(count).toHaveText("0 instances selected");
  await secondId.getByLabel("Value").fill("case-credit-1");
  await expect(count).toHaveText("1 instance selected");
  // Started between: all four started within the last hour; none after an hour from now.
  const local = (ms: number) => {
    const d = new Date(ms);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  await page.getByLabel("Started from").fill(local(Date.now() - 3_600_000));
  await expect(count).toHaveText("1 instance selected");
  await shot(page, "wizard-4-instances-filtered");
  await page.getByRole("button", { name: "Remove identifier 2" }).click();
  await page.getByRole("button", { name: "Remove identifier 1" }).click();
  await expect(count).toHaveText("4 instances selected");
  await page.getByLabel("Started to").fill(local(Date.now() - 3_600_000));
  await expect(count).toHaveText("0 instances selected");
  await page.getByLabel("Started to").fill("");
  await expect(count).toHaveText("4 instances selected");
  await shot(page, "wizard-4-instances");
  await next.click();

  // 5. Dry run: per instance its target state, migration actions, unlock changes and problems.
  await expect(page).toHaveURL(/step=dryRun/);
  const dry = page.getByRole("table", { name: "Dry run per instance" });
  await expect(page.getByLabel("Dry run summary")).toContainText("4 instances will be migrated");
  const dryCustomer = dry.getByRole("row", { name: new RegExp(`${key}-credit-1`) });
  await expect(dryCustomer).toContainText("Credit decision");
  await expect(dryCustomer).toContainText("Credit review");
  await expect(dryCustomer).toContainText("Note the migration");
  await expect(dryCustomer).toContainText("+ Review credit");
  await expect(dryCustomer).toContainText("− Make credit decision");
  await expect(dry.getByRole("row", { name: new RegExp(`${key}-open-1`) })).toContainText(
    "Open the sales case",
  );
  await shot(page, "wizard-5-dry-run");
  await footer.getByRole("button", { name: "Start migration" }).click();

  // 6. The run: progress to 100 %, per-instance outcome with the migration action completed.
  await expect(page).toHaveURL(/\/migrations\/[0-9a-f-]{36}$/);
  const runId = page.url().split("/").pop()!;
  await expect(page.getByRole("progressbar", { name: "Migration progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: 30_000 },
  );
  await expect(page.getByTestId("progress-done")).toHaveText("4 / 4");
  await expect(page.locator(".page-header .badge")).toHaveText("completed");
  const outcomes = page.getByRole("table", { name: "Instance outcomes" });
  const migratedCustomer = outcomes.getByTestId(`outcome-${key}-credit-1`);
  await expect(migratedCustomer).toContainText("migrated");
  await expect(migratedCustomer.locator("td").nth(1)).toHaveText("Credit review");
  await expect(migratedCustomer.locator("td").nth(2)).toHaveText("Credit review · v2");
  await expect(migratedCustomer).toContainText(/Note the migration\s*completed/, { timeout: 30_000 });
  await expect(migratedCustomer.getByRole("link", { name: `${key}-credit-1` })).toHaveAttribute(
    "href",
    `/instances/${instances["credit-1"]}`,
  );
  await shot(page, "wizard-6-run");
  // The API agrees: on v2, in the mapped state, the migration action's output and the variable change applied.
  const migrated = await call<{ version: { number: number }; currentStateId: string; variables: Json }>(
    request,
    "instance.get",
    { id: instances["credit-1"] },
    "query",
  );
  expect(migrated).toMatchObject({
    version: { number: 2 },
    currentStateId: "creditReview",
    variables: { migratedFrom: "credit decision", migratedBy: "wizard" },
  });
  // The migrated instance on its page: v2's diagram, the mapped state current, its migration action completed.
  const instancePage = await page.context().newPage();
  await instancePage.goto(`/instances/${instances["credit-1"]}`);
  await expect(instancePage.getByTestId("state-Credit review")).toHaveClass(/ov-current/);
  await expect(
    instancePage.getByTestId("node-Note the migration").getByLabel("completed 1 time"),
  ).toBeVisible();
  await shot(instancePage, "wizard-6-migrated-instance");
  await instancePage.close();

  // 7. Revert one instance (nothing happened to it since the migration).
  await outcomes.getByRole("button", { name: `Revert ${key}-open-1` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revert" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${key}-open-1 reverted` })).toBeVisible();
  await expect(outcomes.getByTestId(`outcome-${key}-open-1`)).toContainText("reverted");
  await expect(outcomes.getByTestId(`outcome-${key}-open-1`).locator("td").nth(2)).toHaveText(
    "Establish sales case · v1",
  );
  const reverted = await call<{ version: { number: number }; currentStateId: string }>(
    request,
    "instance.get",
    { id: instances["open-1"] },
    "query",
  );
  expect(reverted).toMatchObject({ version: { number: 1 }, currentStateId: "establish" });
  await shot(page, "wizard-7-revert");
  // Refused, with the reason, once something happened since (here: its migration action ran).
  await outcomes.getByRole("button", { name: `Revert ${key}-credit-1` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revert" }).click();
  await expect(page.getByRole("alert")).toContainText("cannot revert");
  await expect(migratedCustomer).toContainText("migrated");
  expect(
    (
      await call<{ version: { number: number } }>(
        request,
        "instance.get",
        { id: instances["credit-1"] },
        "query",
      )
    ).version.number,
  ).toBe(2);

  // The run is listed on the process's migrations page.
  await page.goto(`/processes/${key}/migrations`);
  await expect(page.getByRole("table", { name: "Migration runs" }).getByRole("row").nth(1)).toContainText(
    "v1 → v2",
  );
  await page.getByRole("table", { name: "Migration runs" }).getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/migrations/${runId}$`));
});

test("a run planned through the API (as a script would) is cancelled or started from its page, and both are listed", async ({
  page,
  request,
}) => {
  const key = `sales-script-${Date.now().toString(36)}`;
  const imported = {
    versionId: await publish(request, { ...salesCase(), key, name: "Sales case (script)" }),
  };
  const ids: string[] = [];
  for (let i = 0; i < 103; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, 103 - i) }, (_, j) =>
        call<{ instanceId: string }>(request, "instance.start", {
          processKey: key,
          businessKey: `${key}-${String(i + j).padStart(3, "0")}`,
        }),
      ),
    );
    ids.push(...batch.map((b) => b.instanceId));
  }
  const draft = await openDraft<Model>(request, key, imported.versionId);
  draft.model.states = draft.model.states.map((s) =>
    s.id === "establish" ? { ...s, name: "Open the sales case" } : s,
  );
  await publishDraft(request, draft, draft.model);
  const plan = (instanceIds: string[]) => ({
    processKey: key,
    sourceVersionIds: [imported.versionId],
    targetVersionId: draft.versionId,
    filter: { instanceIds },
  });

  // Cancelled from the page before it started: its instances stay on v1.
  const first = await call<{ runId: string; status: string }>(request, "migration.create", {
    plan: plan([ids[0]!]),
    createdBy: "script",
  });
  expect(first.status).toBe("planned");
  await page.goto(`/migrations/${first.runId}`);
  const controls = page.getByRole("toolbar", { name: "Run controls" });
  await expect(page.locator(".page-header .badge")).toHaveText("planned");
  await expect(page.getByText("by script")).toBeVisible();
  await controls.getByRole("button", { name: "Cancel" }).click();
  await expect(page.locator(".page-header .badge")).toHaveText("cancelled");
  await expect(controls.getByRole("button")).toHaveCount(0);
  await expect(page.getByTestId(`outcome-${key}-000`)).toContainText("cancelled");
  expect(
    (await call<{ version: { number: number } }>(request, "instance.get", { id: ids[0] }, "query")).version
      .number,
  ).toBe(1);

  // Started from the page: runs to 100 %; its 102 outcomes are paged by 100.
  const second = await call<{ runId: string }>(request, "migration.create", {
    plan: plan(ids.slice(1)),
    createdBy: "script",
  });
  await page.goto(`/migrations/${second.runId}`);
  await controls.getByRole("button", { name: "Start" }).click();
  await expect(page.getByRole("progressbar", { name: "Migration progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: 30_000 },
  );
  await expect(page.getByTestId("progress-done")).toHaveText("102 / 102");
  const outcomeRows = page.getByRole("table", { name: "Instance outcomes" }).locator("tbody tr");
  await expect(outcomeRows).toHaveCount(100);
  const pager = page.getByRole("navigation", { name: "Instance pages" });
  await expect(pager.getByRole("button", { name: "Previous" })).toBeDisabled();
  await pager.getByRole("button", { name: "Next" }).click();
  await expect(outcomeRows).toHaveCount(2);
  await expect(pager).toContainText("Page 2");
  await expect(pager.getByRole("button", { name: "Next" })).toBeDisabled();
  await pager.getByRole("button", { name: "Previous" }).click();
  await expect(outcomeRows).toHaveCount(100);
  await page.getByLabel("Show").selectOption("cancelled");
  // none: one row that says so and what to do
  await expect(outcomeRows).toHaveCount(1);
  await expect(outcomeRows).toContainText("No instance has the outcome “cancelled”. Show all outcomes");
  await page.getByLabel("Show").selectOption("migrated");
  await expect(outcomeRows).toHaveCount(100);
  await expect(outcomeRows.first().locator("td").nth(0)).toHaveText("migrated");
  await expect(outcomeRows.first().locator("td").nth(2)).toHaveText("Open the sales case · v2");
  const run = await call<{ status: string; progress: { done: number } }>(
    request,
    "migration.get",
    { runId: second.runId },
    "query",
  );
  expect(run).toMatchObject({ status: "completed", progress: { done: 102 } });

  await page.goto(`/processes/${key}/migrations`);
  const runs = page.getByRole("table", { name: "Migration runs" });
  await expect(runs.getByRole("row")).toHaveCount(3);
  await expect(runs).toContainText("cancelled");
  await expect(runs).toContainText("completed");
});

/**
 * A small review process: Intake (initial; "Send to review" ⇒ Review), Review ("Back to intake" ⇒
 * Intake). `withReview: false` is its next version, where Review was removed: an instance that is
 * in Review when its turn comes cannot be migrated (no target state) and fails with the reason.
 */
function reviewModel(key: string, withReview = true): Model {
  const m: Model = {
    key,
    name: "Review (paced run)",
    states: [state("intake", "Intake", true), state("review", "Review")],
    nodes: [
      action("sendToReview", "intake", "Send to review", { maxOccurs: 0 }),
      action("backToIntake", "review", "Back to intake", { maxOccurs: 0 }),
    ],
    lines: [],
    transitions: [transition("sendToReview", "review"), transition("backToIntake", "intake")],
    diagram: {
      states: { intake: box(0, 0, 300, 200), review: box(400, 0, 300, 200) },
      nodes: { sendToReview: box(60, 70), backToIntake: box(460, 70) },
      lines: {},
      transitions: {
        "go:sendToReview->review": { waypoints: [] },
        "go:backToIntake->intake": { waypoints: [] },
      },
    },
  };
  if (withReview) return m;
  return {
    ...m,
    states: m.states.filter((s) => s.id !== "review"),
    nodes: m.nodes.filter((n) => n.stateId !== "review"),
    transitions: [],
    diagram: {
      states: { intake: m.diagram.states.intake! },
      nodes: { sendToReview: m.diagram.nodes.sendToReview! },
      lines: {},
      transitions: {},
    },
  };
}

/**
 * Imports and publishes `reviewModel` v1, starts `instances` instances on it (business keys
 * `<key>-00`, `<key>-01`, …) and publishes v2 without Review. Returns the version ids and the
 * instance ids in start order.
 */
async function publishReviewVersions(
  request: APIRequestContext,
  key: string,
  instances: number,
): Promise<{ v1: string; v2: string; ids: string[] }> {
  const v1 = { versionId: await publish(request, { ...reviewModel(key), formatVersion: 1, calendars: [] }) };
  const ids: string[] = [];
  for (let i = 0; i < instances; i++)
    ids.push(await startInstance(request, key, `${key}-${String(i).padStart(2, "0")}`));
  const draft = await openDraft<Model>(request, key, v1.versionId);
  await publishDraft(request, draft, {
    ...draft.model,
    ...reviewModel(key, false),
    key,
    name: draft.model.name,
  });
  return { v1: v1.versionId, v2: draft.versionId, ids };
}

test("a paced run is paused (progress frozen), resumed to 100 %, and its failed instances retried once they can be migrated", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const key = `review-paced-${Date.now().toString(36)}`;
  const { v1, v2, ids } = await publishReviewVersions(request, key, 12);
  const get = (runId: string) =>
    call<{ status: string; progress: { done: number; failed: number; remaining: number; total: number } }>(
      request,
      "migration.get",
      { runId },
      "query",
    );

  // Paced as a script would ask: one instance per chunk, 400 ms between chunks (about 5 s for 12).
  const { runId, total } = await call<{ runId: string; total: number }>(request, "migration.create", {
    plan: { processKey: key, sourceVersionIds: [v1], targetVersionId: v2, filter: { stateId: "intake" } },
    createdBy: "script",
    pace: { chunkSize: 1, chunkDelayMs: 400 },
  });
  expect(total).toBe(12);
  await page.goto(`/migrations/${runId}`);
  const controls = page.getByRole("toolbar", { name: "Run controls" });
  const badge = page.locator(".page-header .badge");
  const done = page.getByTestId("progress-done");
  await expect(page.getByText("pace: 1 per chunk, 400 ms between chunks")).toBeVisible();
  await controls.getByRole("button", { name: "Start" }).click();
  await expect(badge).toHaveText("running");
  await expect
    .poll(async () => (await get(runId)).progress.done, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(2);

  // Paused: the badge says so, Resume replaces Pause, and the progress stops moving.
  await controls.getByRole("button", { name: "Pause" }).click();
  await expect(badge).toHaveText("paused");
  await expect(controls.getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(controls.getByRole("button", { name: "Pause" })).toHaveCount(0);
  await page.waitForTimeout(1_000); // a chunk already under way when the pause came may still land
  const frozen = await get(runId);
  expect(frozen.status).toBe("paused");
  expect(frozen.progress.remaining).toBeGreaterThanOrEqual(2);
  await expect(done).toHaveText(`${frozen.progress.done} / 12`);
  await page.waitForTimeout(2_500); // several chunk delays: a running run would have moved on
  expect((await get(runId)).progress).toEqual(frozen.progress);
  await expect(done).toHaveText(`${frozen.progress.done} / 12`);
  await shot(page, "run-paused");

  // Meanwhile two instances still waiting in the run move on into Review, which v2 removed.
  const pending = (
    await call<{ items: { instanceId: string; businessKey: string }[] }>(
      request,
      "migration.items",
      { runId, status: "pending" },
      "query",
    )
  ).items;
  const moved = pending.slice(-2);
  expect(moved).toHaveLength(2);
  for (const item of moved)
    await call(request, "instance.perform", { instanceId: item.instanceId, actionId: "sendToReview" });

  // Resumed: runs to 100 %; those two failed with the reason, the others migrated.
  await controls.getByRole("button", { name: "Resume" }).click();
  await expect(badge).toHaveText("running");
  await expect(page.getByRole("progressbar", { name: "Migration progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: 30_000 },
  );
  await expect(badge).toHaveText("completed");
  await expect(done).toHaveText("10 / 12");
  await expect(page.getByTestId("progress-failed")).toHaveText("2");
  const outcomes = page.getByRole("table", { name: "Instance outcomes" });
  for (const item of moved) {
    await expect(outcomes.getByTestId(`outcome-${item.businessKey}`)).toContainText("failed");
    await expect(outcomes.getByTestId(`outcome-${item.businessKey}`)).toContainText("UNMAPPED_STATE");
  }
  await shot(page, "run-failed-items");

  // Back in Intake, they can be migrated: Retry failed re-runs exactly those two.
  for (const item of moved)
    await call(request, "instance.perform", { instanceId: item.instanceId, actionId: "backToIntake" });
  await controls.getByRole("button", { name: "Retry failed (2)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Failed instances queued again" })).toBeVisible();
  await expect(done).toHaveText("12 / 12", { timeout: 30_000 });
  await expect(badge).toHaveText("completed");
  await expect(page.getByTestId("progress-failed")).toHaveText("0");
  await expect(controls.getByRole("button", { name: /Retry failed/ })).toHaveCount(0);
  for (const item of moved)
    await expect(outcomes.getByTestId(`outcome-${item.businessKey}`)).toContainText("migrated");
  for (const id of ids)
    expect(
      await call<{ version: { number: number }; currentStateId: string }>(
        request,
        "instance.get",
        { id },
        "query",
      ),
    ).toMatchObject({ version: { number: 2 }, currentStateId: "intake" });
  await shot(page, "run-retried");
});

test("the run page keeps its progress on screen and polls on while the runtime cannot be reached for a moment", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const key = `review-blip-${Date.now().toString(36)}`;
  const { v1, v2 } = await publishReviewVersions(request, key, 8);
  const { runId } = await call<{ runId: string }>(request, "migration.create", {
    plan: { processKey: key, sourceVersionIds: [v1], targetVersionId: v2 },
    createdBy: "script",
    pace: { chunkSize: 1, chunkDelayMs: 400 },
  });
  await page.goto(`/migrations/${runId}`);
  const badge = page.locator(".page-header .badge");
  const progress = page.getByRole("progressbar", { name: "Migration progress" });
  await page.getByRole("toolbar", { name: "Run controls" }).getByRole("button", { name: "Start" }).click();
  await expect(badge).toHaveText("running");

  // The run's reads fail for a while (the runtime restarting, a network blip): the page keeps what
  // it last showed, says it is retrying, and picks up again once the reads go through.
  const runReads = /\/trpc\/[^?]*migration\.get/;
  await page.route(runReads, (route) => route.abort("connectionrefused"));
  const lost = page.getByRole("alert").filter({ hasText: "Lost contact with the runtime — retrying…" });
  await expect(lost).toBeVisible();
  await expect(progress).toBeVisible();
  await expect(badge).toHaveText("running");
  await page.waitForTimeout(1_500);
  await page.unroute(runReads);
  await expect(lost).toBeHidden();
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(badge).toHaveText("completed");
  await expect(page.getByTestId("progress-done")).toHaveText("8 / 8");
});

test("a start that fails after the run was created is retried on that run: the wizard never creates a second one", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const key = `review-start-${Date.now().toString(36)}`;
  await publishReviewVersions(request, key, 3);

  await page.goto(`/processes/${key}/migrations/new`);
  const footer = page.locator(".wizard-footer");
  for (const step of ["mapping", "variables", "instances", "dryRun"]) {
    await footer.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(new RegExp(`step=${step}`));
  }
  await expect(page.getByLabel("Dry run summary")).toContainText("3 instances will be migrated");

  // The run is created, but its start does not reach the runtime.
  const starts = /\/trpc\/[^?]*migration\.start/;
  await page.route(starts, (route) => route.abort("connectionrefused"));
  await footer.getByRole("button", { name: "Start migration" }).click();
  const failed = page.getByRole("alert").filter({ hasText: "The run was created but not started" });
  await expect(failed).toBeVisible();
  const runs = () =>
    call<{ id: string; status: string }[]>(request, "migration.list", { processKey: key }, "query");
  const [created] = await runs();
  expect(created).toMatchObject({ status: "planned" });
  await expect(failed.getByRole("link", { name: "open the created run" })).toHaveAttribute(
    "href",
    `/migrations/${created!.id}`,
  );

  // Start migration again: the same run starts, no second one is created.
  await page.unroute(starts);
  await footer.getByRole("button", { name: "Start migration" }).click();
  await expect(page).toHaveURL(new RegExp(`/migrations/${created!.id}$`));
  await expect(page.getByRole("progressbar", { name: "Migration progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    { timeout: 30_000 },
  );
  expect((await runs()).map((r) => r.id)).toEqual([created!.id]);
});
