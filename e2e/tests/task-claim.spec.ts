import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import type { APIRequestContext, Page } from "@playwright/test";
import { signInPage, signedInRequest, startBuiltRuntime, stopRuntime } from "../support/builtRuntime.ts";
import { call as trpcCall } from "../support/trpc.ts";

// Claiming tasks in the real app with real users (demo login off, a runtime of its own): worker A
// claims a task, worker B sees it assigned to A and cannot perform it (the list says why, a direct
// call is refused), and "My tasks" shows it for A.

const adminPassword = "first admin password";
const password = "a long user password";
const key = `claim-${Date.now().toString(36)}`;

let child: ChildProcess | undefined;
let base = "";
let admin: APIRequestContext;

const call = <T>(api: APIRequestContext, procedure: string, input: unknown, kind?: "query" | "mutation") =>
  trpcCall<T>(api, procedure, input, kind, base);

const signIn = (page: Page, username: string) => signInPage(page, `${base}/tasks`, username, password);

test.describe("tasks: claim, assigned to somebody else, my tasks", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(90_000);

  test.beforeAll(async () => {
    ({ child, base } = await startBuiltRuntime({
      FLOWSTATE_ADMIN_USERNAME: "admin",
      FLOWSTATE_ADMIN_PASSWORD: adminPassword,
    }));
    admin = await signedInRequest(base, "admin", adminPassword);
    for (const [username, displayName] of [
      ["anna", "Anna Clerk"],
      ["ben", "Ben Clerk"],
    ])
      await call(admin, "user.create", {
        username,
        displayName,
        password,
        roles: ["worker"],
        groups: ["clerk"],
      });
    const review = {
      id: "review",
      ref: "review",
      kind: "action",
      stateId: "main",
      name: "Review claim",
      mode: "manual",
      role: "clerk",
      maxOccurs: 1,
      singleton: false,
      captures: [],
      strictness: "strict",
    };
    const model = {
      formatVersion: 1,
      key,
      name: "Claims desk",
      states: [{ id: "main", ref: "main", name: "Main", initial: true }],
      nodes: [review],
      lines: [],
      transitions: [],
    };
    const version = await call<{ versionId: string }>(admin, "process.import", { model });
    await call(admin, "version.publish", { id: version.versionId, acceptWarnings: true });
    await call(admin, "instance.start", { processKey: key, businessKey: `${key}-1` });
  });

  test.afterAll(async () => {
    await admin?.dispose();
    await stopRuntime(child);
  });

  test("Anna claims; Ben sees it is Anna's and cannot perform it; My tasks shows it for Anna", async ({
    browser,
  }) => {
    const anna = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(anna, "anna");
    const label = `Review claim on ${key}-1`;
    await anna.getByRole("button", { name: `Claim ${label}` }).click();
    await expect(anna.getByRole("row", { name: new RegExp(`${key}-1`) })).toContainText("Anna Clerk");
    await anna.getByRole("button", { name: "My tasks" }).click();
    await expect(anna.getByRole("button", { name: "My tasks" })).toHaveAttribute("aria-pressed", "true");
    await expect(anna.getByRole("row", { name: new RegExp(`${key}-1`) })).toContainText("Anna Clerk");
    await expect(anna.getByRole("button", { name: `Perform ${label}` })).toBeEnabled();
    await anna.screenshot({ path: test.info().outputPath("anna-my-tasks-1440.png") });
    // Anna sets a follow-up date on her task; the list shows it.
    await anna.getByRole("button", { name: `Follow-up for ${label}` }).click();
    const followUp = anna.getByRole("dialog", { name: "Follow-up for Review claim" });
    await followUp.getByLabel("Follow up on").fill("2030-01-07T09:30");
    await anna.screenshot({ path: test.info().outputPath("anna-follow-up-1440.png") });
    await followUp.getByRole("button", { name: "Save follow-up" }).click();
    await expect(followUp).toBeHidden();
    const stored = await call<{ followUpAt: string | null }[]>(
      admin,
      "task.list",
      { processKey: key },
      "query",
    );
    expect(stored[0]!.followUpAt).toBe(new Date(2030, 0, 7, 9, 30).toISOString());
    await expect(
      anna.getByRole("row", { name: new RegExp(`${key}-1`) }).locator("time[title]"),
    ).toHaveAttribute("datetime", stored[0]!.followUpAt!);

    const ben = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await signIn(ben, "ben");
    const row = ben.getByRole("row", { name: new RegExp(`${key}-1`) });
    await expect(row).toContainText("Anna Clerk");
    await expect(ben.getByRole("button", { name: `Perform ${label}` })).toBeDisabled();
    await expect(ben.getByRole("button", { name: `Claim ${label}` })).toHaveCount(0);
    await expect(ben.getByRole("button", { name: `Follow-up for ${label}` })).toHaveCount(0);
    const reason = "Assigned to Anna Clerk; only Anna Clerk or an admin may perform it";
    await expect(row.getByLabel(reason)).toBeVisible();
    await row.getByLabel(reason).hover();
    await expect(ben.getByRole("tooltip")).toContainText(reason);
    await ben.screenshot({ path: test.info().outputPath("ben-assigned-1024.png") });
    await ben.getByRole("button", { name: "My tasks" }).click();
    await expect(ben.getByText("No manual action is unlocked")).toBeVisible();

    // A direct call as Ben is refused, and nothing changes.
    const tasks = await call<{ instanceId: string }[]>(admin, "task.list", { processKey: key }, "query");
    const refused = await ben.request.post(`${base}/trpc/instance.perform`, {
      data: { instanceId: tasks[0]!.instanceId, actionId: "review", input: {} },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain("only Anna Clerk or an admin may perform it");
    const after = await call<{ status: string }>(
      admin,
      "instance.get",
      { id: tasks[0]!.instanceId },
      "query",
    );
    expect(after.status).toBe("running");
    await anna.close();
    await ben.close();
  });
});
