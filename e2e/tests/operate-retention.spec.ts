import { expect, test } from "@playwright/test";
import { call, publish } from "../support/trpc.ts";
import { box, state } from "../support/models.ts";

/** One manual action into the end: enough for a process page with a published version. */
function model(key: string) {
  return {
    formatVersion: 1,
    key,
    name: "Customer onboarding",
    states: [state("main", "Main", true)],
    nodes: [
      {
        id: "register",
        ref: "register",
        kind: "action",
        stateId: "main",
        name: "Register",
        mode: "manual",
        maxOccurs: 1,
        singleton: false,
        captures: [],
        strictness: "strict",
      },
    ],
    lines: [],
    transitions: [],
    calendars: [],
    personal: ["customer.email"],
    diagram: {
      states: { main: box(0, 0, 400, 200) },
      nodes: { register: box(50, 80) },
      lines: {},
      transitions: {},
    },
  };
}

test("an admin sets a process's retention on the process page; a bad number is not sent", async ({
  page,
  request,
}) => {
  const key = "retain-onboarding";
  await publish(request, model(key));
  await page.goto(`/processes/${key}`);
  const form = page.getByRole("form", { name: "Retention" });
  const days = form.getByLabel("Days to keep finished instances");
  await expect(days).toHaveValue("");
  await days.fill("-3");
  await expect(form.getByRole("button", { name: "Save retention" })).toBeDisabled();
  await days.fill("30");
  await form.getByLabel("After retention").selectOption("delete");
  await form.getByRole("button", { name: "Save retention" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: test.info().outputPath("retention-form-1440x900.png") });
  await expect
    .poll(async () =>
      call<{ retentionDays: number; retentionMode: string }>(request, "process.get", { key }, "query"),
    )
    .toMatchObject({ retentionDays: 30, retentionMode: "delete" });
  await page.reload();
  await expect(
    page.getByRole("form", { name: "Retention" }).getByLabel("Days to keep finished instances"),
  ).toHaveValue("30");
});
