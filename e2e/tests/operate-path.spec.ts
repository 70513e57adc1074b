import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { APIRequestContext, Page } from "@playwright/test";
import { call, openDraft, publish, publishDraft, startInstance } from "../support/trpc.ts";
import { action, box, finalizer, flow, state, transition } from "../support/models.ts";
import type { Model } from "../support/models.ts";

type View = {
  versionId: string;
  versionNumber: number;
  latestSeq: number;
  atSeq: number | null;
  state: { current: { stateId: string } };
  unlocked: { nodeId: string }[];
  occurrences: { nodeId: string; status: string }[];
  firings: { lineId: string }[];
};
type HistoryRow = { seq: number; type: string; data: { event?: { type: string } } };

const salesCase = () =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../../processes/sales-case.model.json"), "utf8"),
  ) as Model;
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/${name}.png` });
const unique = (base: string) => `${base}-${Date.now().toString(36)}`;
const view = (request: APIRequestContext, id: string, atSeq?: number) =>
  call<View>(request, "instance.view", { id, ...(atSeq !== undefined ? { atSeq } : {}) }, "query");
const events = async (request: APIRequestContext, id: string) =>
  (await call<HistoryRow[]>(request, "instance.history", { id }, "query")).filter((h) => h.type === "event");

/** No two of the elements' boxes overlap (badges, names, buttons). */
async function expectNoOverlap(page: Page, selectors: string[]) {
  const boxes = await page.evaluate((sel) => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<unknown> } })
      .document;
    const out: { sel: string; x: number; y: number; w: number; h: number }[] = [];
    for (const s of sel)
      for (const el of doc.querySelectorAll(s) as Iterable<{
        getBoundingClientRect(): { x: number; y: number; width: number; height: number };
      }>) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) out.push({ sel: s, x: r.x, y: r.y, w: r.width, h: r.height });
      }
    return out;
  }, selectors);
  const clash = (a: (typeof boxes)[number], b: (typeof boxes)[number]) =>
    a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
  const clashes: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (boxes[i]!.sel !== boxes[j]!.sel && clash(boxes[i]!, boxes[j]!))
        clashes.push(`${boxes[i]!.sel} × ${boxes[j]!.sel}`);
  return clashes;
}

test.describe("operate: the path taken and time travel", () => {
  test("a sales case with ≥ 10 completed actions shows every completed node and fired line of its path emphasised, with counts", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const key = unique("sales-path");
    // The sales case as shipped, except that the RPA call does not wait for LC working hours (the run would stop at night).
    const model = {
      ...salesCase(),
      key,
    };
    model.nodes = model.nodes.map((n) => {
      if (n.id !== "callRpa") return n;
      const { calendar: _calendar, ...rest } = n;
      return rest;
    });
    await publish(request, model);
    // Case and customer ids the demo systems answer with the happy path (customer exists, SOC valid, agreement created).
    const instanceId = await startInstance(request, key, "PATH-2");
    await call(request, "instance.perform", {
      instanceId,
      actionId: "establishCase",
      input: { caseId: "PATH-2", customerId: "CUST-2", product: "lease" },
    });
    await expect
      .poll(async () => (await view(request, instanceId)).state.current.stateId, { timeout: 20_000 })
      .toBe("credit");
    await call(request, "instance.perform", {
      instanceId,
      actionId: "makeCreditDecision",
      input: { decision: "accepted", creditLimit: 50000, expectedDeliveryDate: "2027-02-01" },
    });
    const completed = (v: View) => v.occurrences.filter((o) => o.status === "completed");
    // The RPA robot answers through its callback (performed here, as the integration would).
    await expect
      .poll(async () => (await view(request, instanceId)).unlocked.map((u) => u.nodeId), { timeout: 30_000 })
      .toContain("rpaCallback");
    await request.post("/trpc/instance.perform", {
      data: {
        instanceId,
        actionId: "rpaCallback",
        input: { agreementCreated: true, agreementNumber: "AG-PATH-2" },
      },
    });
    await expect
      .poll(async () => completed(await view(request, instanceId)).length, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(10);

    // The point of the history where ten actions had completed: a fixed view while the case runs on.
    const history = await events(request, instanceId);
    let at: View | null = null;
    for (const e of history) {
      const v = await view(request, instanceId, e.seq);
      if (
        completed(v).filter((o) => model.nodes.some((n) => n.id === o.nodeId && n.kind === "action"))
          .length >= 10
      ) {
        at = v;
        break;
      }
    }
    expect(at, "a point with ten completed actions").not.toBeNull();
    const point = at!;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/instances/${instanceId}?at=${point.atSeq ?? point.latestSeq}`);
    await expect(page.getByRole("status", { name: "Time travel" })).toBeVisible();
    await page.getByRole("button", { name: "Fit view" }).click();

    const counts = new Map<string, number>();
    for (const o of completed(point)) counts.set(o.nodeId, (counts.get(o.nodeId) ?? 0) + 1);
    expect(counts.size).toBeGreaterThanOrEqual(10);
    for (const [nodeId, n] of counts) {
      const node = page.getByTestId(`rf__node-${nodeId}`).locator(".fs-node");
      await expect(node, nodeId).toHaveClass(/ov-completed/);
      await expect(node.locator(".ov-badge.tone-ok")).toHaveText(`✓ ×${n}`);
      await expect(node.locator(".ov-badge.tone-ok")).toHaveAttribute(
        "aria-label",
        `completed ${n} time${n === 1 ? "" : "s"}`,
      );
    }
    const fired = new Map<string, number>();
    for (const f of point.firings) fired.set(f.lineId, (fired.get(f.lineId) ?? 0) + 1);
    expect(fired.size).toBeGreaterThanOrEqual(5);
    for (const [lineId, n] of fired) {
      await expect(page.getByTestId(`rf__edge-${lineId}`).locator("path.fs-edge"), lineId).toHaveClass(
        /ov-fired/,
      );
      await expect(page.getByTestId(`fired-${lineId}`)).toHaveText(`×${n}`);
    }
    // States visited before are readable (not greyed out), the current one highlighted.
    const current = model.states.find((s) => s.id === point.state.current.stateId)!;
    await expect(page.getByTestId(`state-${String(current.name)}`)).toHaveClass(/ov-current/);
    await expect(page.getByTestId("state-Credit decision")).toHaveClass(/ov-visited/);
    expect(
      Number(await page.getByTestId("state-Credit decision").evaluate((el) => getComputedStyle(el).opacity)),
    ).toBe(1);
    // Locked actions look different from completed ones: dashed; hovering any node explains it in words.
    const locked = page.locator(".fs-action.ov-dimmed").first();
    await expect(locked).toHaveCSS("border-top-style", "dashed");
    await expect(locked.getByRole("note")).toHaveAttribute("title", /\w+ \w+/);
    await expect(page.locator(".fs-action.ov-completed").first()).toHaveCSS("border-top-style", "solid");
    for (const note of await page.locator(".fs-node .ov-layer").all())
      expect(await note.getAttribute("title")).not.toMatch(/[a-z]+_[a-z0-9]{5}|seq \d/);
    await shot(page, "operate-path-sales-1440");
    expect(await expectNoOverlap(page, [".ov-badge", ".fs-name-text", ".ov-perform"])).toEqual([]);

    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByRole("button", { name: "Fit view" }).click();
    await shot(page, "operate-path-sales-1024");
    // the current state up close: badges sit clear of names
    await page.goto(`/instances/${instanceId}?at=${point.atSeq ?? point.latestSeq}`);
    await expect(page.getByRole("status", { name: "Time travel" })).toBeVisible();
    await expect(page.getByTestId(`state-${String(current.name)}`)).toHaveClass(/ov-current/);
    await shot(page, "operate-path-sales-state-1024");
    expect(await expectNoOverlap(page, [".ov-badge", ".fs-name-text", ".ov-perform"])).toEqual([]);
  });

  test("a migrated-then-reverted instance: the list names its state, time travel works before, across and after the migration", async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const key = unique("path-migrate");
    const v1 = claim(key);
    const v1Id = await publish(request, v1);
    const instanceId = await startInstance(request, key, "MIGRATE-1");
    await call(request, "instance.perform", { instanceId, actionId: "register" });

    // v2 gives both states new ids (and names), so v1's state ids mean nothing in v2.
    const draft = await openDraft<Model>(request, key, v1Id);
    const renamed = (id: unknown) => `${String(id)}V2`;
    const v2: Model = {
      ...draft.model,
      states: draft.model.states.map((s) => ({
        ...s,
        id: renamed(s.id),
        ref: renamed(s.ref),
        name: `${String(s.name)} (v2)`,
      })),
      nodes: draft.model.nodes.map((n) => ({ ...n, stateId: renamed(n.stateId) })),
      transitions: draft.model.transitions.map((t) => ({ ...t, to: renamed(t.to) })),
      diagram: {
        ...draft.model.diagram,
        states: Object.fromEntries(
          Object.entries(draft.model.diagram.states).map(([id, b]) => [renamed(id), b]),
        ),
      },
    };
    await publishDraft(request, draft, v2);
    const { runId } = await call<{ runId: string }>(request, "migration.create", {
      plan: {
        processKey: key,
        sourceVersionIds: [v1Id],
        targetVersionId: draft.versionId,
        mapping: { [v1Id]: { intake: "intakeV2" } },
        filter: { instanceIds: [instanceId] },
      },
    });
    await call(request, "migration.start", { runId });
    await expect
      .poll(async () => (await view(request, instanceId)).versionNumber, { timeout: 30_000 })
      .toBe(2);
    await call(request, "migration.revert", { runId, instanceId });
    await expect.poll(async () => (await view(request, instanceId)).versionNumber).toBe(1);
    await call(request, "instance.perform", { instanceId, actionId: "assess" });
    const history = await events(request, instanceId);
    expect(history.map((h) => h.data.event?.type)).toEqual([
      "start",
      "perform",
      "migrate",
      "revertMigration",
      "perform",
    ]);

    // The list: state names from the instance's own version, never ids.
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      await page.setViewportSize(size);
      await page.goto(`/processes/${key}/instances`);
      const row = page.getByRole("row").filter({ hasText: "MIGRATE-1" });
      await expect(row.getByRole("cell", { name: "Decision", exact: true })).toBeVisible();
      await expect(row).not.toContainText("decision");
      await expect(page.getByRole("list", { name: "Running instances per state" })).toHaveText("Decision: 1");
      await shot(page, `operate-path-list-${size.width}`);
    }

    // Time travel: "Step back" from now lands after the revert (v1), then across the migration (v2), then before it.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/instances/${instanceId}`);
    await expect(page.getByTestId("state-Decision")).toHaveClass(/ov-current/);
    await page.getByRole("button", { name: "Show the instance before its last step" }).click();
    const travel = page.getByRole("status", { name: "Time travel" });
    await expect(travel).toContainText(`at step ${history[3]!.seq}`);
    await expect(page.getByTestId("shown-version")).toHaveText("v1");
    await expect(page.getByTestId("state-Intake")).toHaveClass(/ov-current/);
    await expect(page.getByTestId("node-Register claim")).toHaveClass(/ov-completed/);
    await shot(page, "operate-path-travel-reverted-1440");

    await travel.getByRole("button", { name: "Earlier step" }).click();
    await expect(travel).toContainText(`at step ${history[2]!.seq}`);
    await expect(page.getByTestId("shown-version")).toHaveText("v2");
    await expect(page.getByTestId("state-Intake (v2)")).toHaveClass(/ov-current/);
    await expect(page.getByRole("alert")).toHaveCount(0);
    // the state instance left on v1 is named from v1, never by its id
    const visited = page.getByRole("region", { name: "States visited" });
    await expect(visited).toContainText("Intake");
    await expect(visited).not.toContainText("intake");
    await shot(page, "operate-path-travel-migrated-1440");
    // the ?at= URL survives a reload
    await page.reload();
    await expect(travel).toContainText(`at step ${history[2]!.seq}`);
    await expect(page.getByTestId("state-Intake (v2)")).toHaveClass(/ov-current/);
    await page.setViewportSize({ width: 1024, height: 768 });
    await shot(page, "operate-path-travel-migrated-1024");
    await page.setViewportSize({ width: 1440, height: 900 });

    await travel.getByRole("button", { name: "Earlier step" }).click();
    await expect(travel).toContainText(`at step ${history[1]!.seq}`);
    await expect(page.getByTestId("shown-version")).toHaveText("v1");
    await expect(page.getByTestId("node-Register claim")).toHaveClass(/ov-completed/);
    await expect(page.getByTestId("fired-flow:register->assess")).toHaveText("×1");
    await shot(page, "operate-path-travel-before-1440");

    // Later steps lead back across the migration to now.
    await travel.getByRole("button", { name: "Later step" }).click();
    await expect(page.getByTestId("shown-version")).toHaveText("v2");
    await travel.getByRole("button", { name: "Later step" }).click();
    await expect(page.getByTestId("shown-version")).toHaveText("v1");
    await travel.getByRole("button", { name: "Back to now" }).click();
    await expect(travel).toHaveCount(0);
    await expect(page.getByTestId("state-Decision")).toHaveClass(/ov-current/);
    await expect(page.getByTestId("state-Intake")).toHaveClass(/ov-visited/);
    await expect(page.getByTestId("node-Assess damage")).toHaveClass(/ov-completed/);

    // A point that cannot be shown says so inline, keeping the page.
    await page.goto(`/instances/${instanceId}?at=0`);
    await expect(page.getByRole("alert", { name: "Could not load" })).toContainText("at step 0");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page
      .getByRole("alert", { name: "Could not load" })
      .getByRole("button", { name: "Back to now" })
      .click();
    await expect(page.getByTestId("state-Decision")).toHaveClass(/ov-current/);
  });
});

/** Claim handling: Intake (register → assess, assess ⇒ Decision), Decision (approve → Approved). */
function claim(key: string): Model {
  const lines = [flow("register", "assess"), flow("approve", "approved")];
  return {
    key,
    name: "Claim handling (migrating)",
    states: [state("intake", "Intake", true), state("decision", "Decision")],
    nodes: [
      action("register", "intake", "Register claim"),
      action("assess", "intake", "Assess damage"),
      action("approve", "decision", "Approve payout"),
      finalizer("approved", "decision", "Approved"),
    ],
    lines,
    transitions: [transition("assess", "decision")],
    diagram: {
      states: { intake: box(0, 0, 460, 200), decision: box(540, 0, 420, 200) },
      nodes: {
        register: box(40, 80),
        assess: box(260, 80),
        approve: box(600, 80),
        approved: box(860, 88, 48, 48),
      },
      lines: Object.fromEntries(lines.map((l) => [l.id, { waypoints: [] }])),
      transitions: { "go:assess->decision": { waypoints: [] } },
    },
    ...{ formatVersion: 1, calendars: [] },
  } as Model;
}
