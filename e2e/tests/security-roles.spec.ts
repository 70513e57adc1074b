import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { signInPage, signedInRequest, startBuiltRuntime, stopRuntime } from "../support/builtRuntime.ts";
import type { APIRequestContext, Page } from "@playwright/test";
import { call as trpcCall } from "../support/trpc.ts";

// Sign-in and roles in the real app. The suite's shared runtime runs in demo mode (everyone is the
// demo admin), so this spec starts a second built runtime on its own port and data folder with
// demo login off and a first admin from the environment, and signs in through the login page.

const repoRoot = path.resolve(import.meta.dirname, "../..");
const adminPassword = "first admin password";
const password = "a long user password";
const key = `sec-${Date.now().toString(36)}`;

let child: ChildProcess | undefined;
let base = "";
let admin: APIRequestContext;
let output = "";

const call = <T>(api: APIRequestContext, procedure: string, input: unknown, kind?: "query" | "mutation") =>
  trpcCall<T>(api, procedure, input, kind, base);

const signIn = (page: Page, username: string, pass = password) =>
  signInPage(page, `${base}/processes`, username, pass);

test.describe("sign-in and roles (demo login off)", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(90_000);

  test.beforeAll(async () => {
    const started = await startBuiltRuntime({
      FLOWSTATE_ADMIN_USERNAME: "admin",
      FLOWSTATE_ADMIN_PASSWORD: adminPassword,
    });
    ({ child, base } = started);
    output = started.output();
    expect(output).toContain('created admin "admin"');

    admin = await signedInRequest(base, "admin", adminPassword);
    await call(admin, "user.create", { username: "ana", password, roles: ["analyst"] });
    await call(admin, "user.create", { username: "olga", password, roles: ["operator"] });
    await call(admin, "user.create", {
      username: "wendy",
      password,
      roles: ["worker"],
      groups: ["credit-officer"],
    });

    // A draft for the analyst to publish, and a process with two published versions for the operator to migrate.
    const sales = JSON.parse(
      readFileSync(path.join(repoRoot, "packages/model/fixtures/sales-case.json"), "utf8"),
    ) as Record<string, unknown>;
    await call(admin, "process.import", { model: { ...sales, key: `${key}-draft`, name: "Security draft" } });
    const v1 = await call<{ versionId: string }>(admin, "process.import", {
      model: { ...sales, key, name: "Security sales" },
    });
    await call(admin, "version.publish", { id: v1.versionId, acceptWarnings: true });
    // One instance stays on v1: the operator migrates it to v2.
    await call(admin, "instance.start", { processKey: key, businessKey: `${key}-old` });
    const v2 = await call<{ versionId: string }>(admin, "version.createDraft", {
      processKey: key,
      fromVersionId: v1.versionId,
    });
    await call(admin, "version.publish", { id: v2.versionId, acceptWarnings: true });

    // Two instances: one waits for "Establish sales case" (no role), one for the credit officer's decision.
    const { instanceId } = await call<{ instanceId: string }>(admin, "instance.start", {
      processKey: key,
      businessKey: `${key}-credit`,
    });
    await call(admin, "instance.perform", {
      instanceId,
      actionId: "establishCase",
      input: { caseId: "case-1", customerId: "cust-1", product: "lease" },
    });
    await call(admin, "instance.start", { processKey: key, businessKey: `${key}-open` });
    await expect
      .poll(
        async () =>
          (await call<{ currentStateId: string }>(admin, "instance.get", { id: instanceId }, "query"))
            .currentStateId,
        { timeout: 30_000 },
      )
      .toBe("credit");

    // A desk process whose open case offers one task to the credit officers and one to the clerks.
    const action = (id: string, role: string) => ({
      id,
      ref: id,
      kind: "action",
      stateId: "main",
      name: `${id} task`,
      mode: "manual",
      code: `desk.${id}`,
      role,
      maxOccurs: 1,
      singleton: false,
      captures: [],
      strictness: "strict",
    });
    const desk = {
      formatVersion: 1,
      key: `${key}-desk`,
      name: "Security desk",
      states: [{ id: "main", ref: "main", name: "Main", initial: true }],
      nodes: [action("decide", "credit-officer"), action("file", "clerk")],
      lines: [],
      transitions: [],
    };
    const deskVersion = await call<{ versionId: string }>(admin, "process.import", { model: desk });
    await call(admin, "version.publish", { id: deskVersion.versionId, acceptWarnings: true });
    await call(admin, "instance.start", { processKey: `${key}-desk` });
  });

  test.afterAll(async () => {
    await admin?.dispose();
    await stopRuntime(child);
  });

  test("without a session every page asks to sign in; a wrong password is refused on screen", async ({
    page,
  }) => {
    await page.goto(`${base}/processes/${key}`);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByText("demo mode")).toHaveCount(0);
    await page.getByLabel("Username").fill("ana");
    await page.getByLabel("Password").fill("not her password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("wrong username or password");
    const anonymous = await page.request.get(`${base}/trpc/process.list`);
    expect(anonymous.status()).toBe(401);
  });

  test("analyst: can publish a draft, cannot migrate (no control, and the server refuses)", async ({
    page,
  }) => {
    await signIn(page, "ana");
    await page.goto(`${base}/processes/${key}-draft/versions/1`);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("note", { name: "Read-only" })).toContainText("v1 is published");
    // Analysts do not start instances: no control for it on the published version.
    await expect(page.getByRole("button", { name: "Start instance" })).toHaveCount(0);

    await page.goto(`${base}/processes/${key}/migrations`);
    await expect(page.getByRole("heading", { name: "Migrations" })).toBeVisible();
    await expect(page.getByRole("link", { name: "New migration" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
    const refused = await page.request.post(`${base}/trpc/migration.start`, {
      data: { runId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(refused.status()).toBe(403);
  });

  test("operator: performs open manual actions, can migrate, cannot publish (no control, and the server refuses)", async ({
    page,
  }) => {
    await signIn(page, "olga");
    // Operators see every task and do the manual work where the action's role lets them (olga has no
    // groups): Perform on the role-less "Establish sales case", not on the clerks' "file task".
    await page.goto(`${base}/tasks`);
    await expect(page.getByRole("cell", { name: /^file task/ })).toBeVisible();
    await expect(
      page.getByRole("button", { name: `Perform Establish sales case on ${key}-open` }),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: /^Perform file task on / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Perform decide task on / })).toHaveCount(0);
    await page.screenshot({ path: "test-results/screenshots/tasks-operator-1440.png", fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: "test-results/screenshots/tasks-operator-1024.png", fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${base}/processes/${key}/migrations`);
    await page.getByRole("link", { name: "New migration" }).click();
    await expect(page.getByRole("heading", { name: "Migrate running instances" })).toBeVisible();
    // … and migrates: a run created and started with the operator's own session moves the v1 instance to v2.
    const versions = await call<{ id: string; number: number }[]>(
      admin,
      "version.list",
      { processKey: key },
      "query",
    );
    const [from, to] = [versions.find((v) => v.number === 1)!.id, versions.find((v) => v.number === 2)!.id];
    const created = await page.request.post(`${base}/trpc/migration.create`, {
      data: { plan: { processKey: key, sourceVersionIds: [from], targetVersionId: to, mapping: {} } },
    });
    expect(created.ok(), await created.text()).toBe(true);
    const { runId, total } = (
      (await created.json()) as { result: { data: { runId: string; total: number } } }
    ).result.data;
    expect(total).toBe(1);
    const started = await page.request.post(`${base}/trpc/migration.start`, { data: { runId } });
    expect(started.ok(), await started.text()).toBe(true);
    await page.goto(`${base}/migrations/${runId}`);
    await expect(page.getByRole("progressbar", { name: "Migration progress" })).toHaveAttribute(
      "aria-valuenow",
      "100",
      { timeout: 30_000 },
    );
    await expect(page.locator(".page-header .badge")).toHaveText("completed");
    const moved = await call<{ items: { version: { id: string } }[] }>(
      admin,
      "instance.list",
      { processKey: key, businessKey: `${key}-old` },
      "query",
    );
    expect(moved.items.map((i) => i.version.id)).toEqual([to]);

    const draft = await call<{ versionId: string }>(admin, "version.createDraft", {
      processKey: key,
      fromVersionId: (await call<{ id: string }[]>(admin, "version.list", { processKey: key }, "query"))[0]!
        .id,
    });
    await page.goto(`${base}/processes/${key}/versions/3`);
    await expect(page.getByRole("note", { name: "Read-only" })).toContainText(
      "changing it needs the analyst role",
    );
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
    const refused = await page.request.post(`${base}/trpc/version.publish`, {
      data: { id: draft.versionId, acceptWarnings: true },
    });
    expect(refused.status()).toBe(403);
    expect(
      (await call<{ status: string }>(admin, "version.get", { id: draft.versionId }, "query")).status,
    ).toBe("draft");

    // Operators search the audit log: the analyst's publish and the refused attempts are there.
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByLabel("Actor").fill("ana");
    const records = page.getByRole("table", { name: "Audit records" });
    await expect(records).toContainText("version.publish");
    await expect(records).toContainText("migration.start");
    await expect(records).toContainText("denied");

    // Operators see the webhooks and their delivery logs; creating and deactivating is for admins.
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
    await expect(page.getByRole("button", { name: "New webhook" })).toHaveCount(0);
  });

  test("admin: creates a user on the Users page; disabling them ends their session at once", async ({
    page,
    browser,
  }) => {
    await signIn(page, "admin", adminPassword);
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("button", { name: "New user" }).click();
    const dialog = page.getByRole("dialog", { name: "New user" });
    await dialog.getByLabel("Username").fill("vera");
    await dialog.getByLabel("Password").fill(password);
    await dialog.getByLabel("Groups (comma separated)").fill("clerk");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("table", { name: "Users" })).toContainText("vera");

    const other = await browser.newContext();
    const vera = await other.newPage();
    try {
      await signIn(vera, "vera");
      await expect(vera.getByLabel("Signed in as")).toContainText("viewer");
      await page.getByRole("button", { name: "Disable vera" }).click();
      await expect(page.getByRole("button", { name: "Enable vera" })).toBeVisible();
      expect((await vera.request.get(`${base}/trpc/process.list`)).status()).toBe(401);
      await vera.reload();
      await expect(vera.getByRole("heading", { name: "Sign in" })).toBeVisible();
    } finally {
      await other.close();
    }
  });

  test("a user changes their password from the user menu: a wrong current one is refused, their other sessions end, the old one no longer signs in", async ({
    page,
  }) => {
    await call(admin, "user.create", { username: "paula", password, roles: ["viewer"] });
    const elsewhere = await playwrightRequest.newContext();
    expect(
      (await elsewhere.post(`${base}/api/auth/login`, { data: { username: "paula", password } })).ok(),
    ).toBe(true);
    expect((await elsewhere.get(`${base}/trpc/process.list`)).ok()).toBe(true);

    await signIn(page, "paula");
    await page.getByRole("button", { name: "Change password" }).click();
    const dialog = page.getByRole("dialog", { name: "Change password" });
    const newPassword = "paula's new long password";
    await dialog.getByLabel("Current password").fill("not the current one");
    await dialog.getByLabel("New password (at least 12 characters)").fill(newPassword);
    await dialog.getByLabel("New password again").fill(newPassword);
    await dialog.getByRole("button", { name: "Change password" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("the current password is wrong");
    expect((await elsewhere.get(`${base}/trpc/process.list`)).ok()).toBe(true); // nothing changed

    await dialog.getByLabel("Current password").fill(password);
    await dialog.getByRole("button", { name: "Change password" }).click();
    await expect(dialog.getByRole("status")).toHaveText(
      "Password changed. 1 other session(s) were signed out.",
    );
    await dialog.getByRole("button", { name: "Done" }).click();
    // This browser stays signed in; the other session is over; only the new password signs in.
    await page.reload();
    await expect(page.getByLabel("Signed in as")).toContainText("paula");
    expect((await elsewhere.get(`${base}/trpc/process.list`)).status()).toBe(401);
    expect(
      (await elsewhere.post(`${base}/api/auth/login`, { data: { username: "paula", password } })).status(),
    ).toBe(401);
    expect(
      (
        await elsewhere.post(`${base}/api/auth/login`, { data: { username: "paula", password: newPassword } })
      ).ok(),
    ).toBe(true);
    await elsewhere.dispose();
  });

  test("worker: sees only the tasks of their role, and no drawing or operating controls", async ({
    page,
  }) => {
    await signIn(page, "wendy");
    await expect(page.getByRole("button", { name: "New process" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Import JSON" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
    // The task list page comes with the operate pages; the worker's browser session reads the same list.
    const res = await page.request.get(`${base}/trpc/task.list`);
    expect(res.ok()).toBe(true);
    const tasks = (
      (await res.json()) as { result: { data: { role: string | null; name: string; instanceId: string }[] } }
    ).result.data;
    expect(tasks.every((t) => t.role === null || t.role === "credit-officer")).toBe(true);
    expect(
      tasks
        .filter((t) => t.role === "credit-officer")
        .map((t) => t.name)
        .sort(),
    ).toEqual(["Make credit decision", "decide task"].sort());
    const all = await call<{ role: string | null; name: string }[]>(admin, "task.list", {}, "query");
    expect(all.map((t) => t.name)).toContain("file task");
    // The task list page shows the worker their role's tasks, each with Perform; not the clerks'.
    await page.goto(`${base}/tasks`);
    await expect(page.getByRole("button", { name: /^Perform decide task on / })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Perform file task on / })).toHaveCount(0);
    // Workers start instances but do not cancel them: the button is disabled and its tooltip says why.
    await expect(page.getByRole("button", { name: "Start instance" })).toBeVisible();
    await page.goto(`${base}/instances/${tasks[0]!.instanceId}`);
    // Nor move them or edit their variables (issue 22 §2): disabled, each tooltip says why.
    for (const [button, why] of [
      ["Cancel instance", "Only operators and admins may cancel instances."],
      ["Move…", "Only operators and admins may move instances."],
      ["Edit variables", "Only operators and admins may edit variables."],
    ] as const) {
      await expect(page.getByRole("button", { name: button })).toBeDisabled();
      // Focus opens the tooltip as hovering does (and does not race the previous one's closing).
      await page
        .locator(".disabled-hint")
        .filter({ has: page.getByRole("button", { name: button }) })
        .focus();
      await expect(page.getByRole("tooltip")).toContainText(why);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("tooltip")).toHaveCount(0);
    }
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });
});

test("demo mode says on screen who you are signed in as", async ({ page }) => {
  await page.goto("/processes");
  await expect(
    page.getByRole("note").filter({ hasText: "demo mode: signed in as demo admin" }),
  ).toBeVisible();
});

test("first start without a configured admin prints a one-time setup link that creates the admin", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const started = await startBuiltRuntime({});
  try {
    const link = /open (http:\/\/\S+\/setup\?token=\S+) once/.exec(started.output())?.[1];
    expect(link, started.output()).toBeTruthy();
    await page.goto(link!);
    await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
    await page.getByLabel("Username").fill("root");
    await page.getByLabel("Password").fill("the first admin's password");
    await page.getByRole("button", { name: "Create admin and sign in" }).click();
    await expect(page.getByLabel("Signed in as")).toContainText("root");
    await expect(page).toHaveURL(/\/processes$/);
    // The link works once.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.goto(link!);
    await page.getByLabel("Username").fill("intruder");
    await page.getByLabel("Password").fill("another long password");
    await page.getByRole("button", { name: "Create admin and sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("not valid");
  } finally {
    await stopRuntime(started.child);
  }
});
