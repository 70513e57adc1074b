import { expect, test } from "@playwright/test";
import type { Locator } from "@playwright/test";
import { action, box, finalizer, flow, model, state } from "../support/models.ts";
import { call, startInstance } from "../support/trpc.ts";
import { screenshotsAtBothSizes } from "../support/screenshots.ts";

/** A manual action whose form has titles, a read-only field with a default, a choice and a described text. */
const reviewForm = {
  type: "object",
  title: "Order review",
  properties: {
    orderId: { type: "string", title: "Order number", readOnly: true, default: "O-17" },
    amount: { type: "number", title: "Amount (EUR)", minimum: 0 },
    priority: { type: "string", title: "Priority", enum: ["normal", "urgent"] },
    note: { type: "string", title: "Note for the customer", description: "Shown on the confirmation" },
  },
  required: ["amount"],
};

function reviewModel(key: string) {
  return model({
    key,
    name: "Order review",
    states: [state("main", "Review", true)],
    nodes: [
      action("review", "main", "Review order", {
        form: reviewForm,
        output: { amount: "result.amount", priority: "result.priority" },
      }),
      finalizer("done", "main", "Reviewed"),
    ],
    lines: [flow("review", "done")],
    boxes: {
      states: { main: box(0, 0, 460, 200) },
      nodes: { review: box(60, 80), done: box(340, 88, 48, 48) },
    },
  });
}

/** What a person sees of the form: labels in order, and the look of labels, inputs and the read-only field. */
async function formLook(dialog: Locator) {
  await expect(dialog.getByLabel("Amount (EUR)")).toBeVisible();
  return dialog.locator(".perform-form form").evaluate((form) => {
    const css = (el: Element | null, props: string[]) => {
      const style = el ? getComputedStyle(el) : null;
      return Object.fromEntries(props.map((p) => [p, style?.getPropertyValue(p) ?? "missing"]));
    };
    const input = (id: string) => form.querySelector(`[id$="_${id}"]`);
    return {
      labels: [...form.querySelectorAll(".form-group > label")].map((l) => l.textContent?.trim()),
      label: css(form.querySelector(`label[for$="_amount"]`), ["font-size", "color", "font-weight"]),
      editable: css(input("amount"), [
        "background-color",
        "border-top-color",
        "border-radius",
        "padding-left",
        "font-size",
      ]),
      readOnly: css(input("orderId"), ["background-color", "border-top-color", "cursor"]),
      readOnlyValue: (input("orderId") as HTMLInputElement | null)?.value,
      readOnlyAttribute: input("orderId")?.hasAttribute("readonly"),
      // aligned: every field starts at the same left edge as its label
      lefts: [...form.querySelectorAll(".form-group")].flatMap((group) => {
        const field = group.querySelector("input, select, textarea");
        const label = group.querySelector(":scope > label");
        return field && label
          ? [Math.round(field.getBoundingClientRect().left - label.getBoundingClientRect().left)]
          : [];
      }),
    };
  });
}

test("play's perform form looks like operate's: labels from the schema's titles, the read-only field flat, fields aligned", async ({
  page,
  request,
}) => {
  const key = `play-form-${Date.now()}`;
  const { versionId } = await call<{ versionId: string }>(request, "process.import", {
    model: reviewModel(key),
  });

  // In play (the draft, in the browser)
  await page.goto(`/processes/${key}/versions/1`);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const side = page.getByRole("complementary", { name: "Play instance" });
  await side
    .getByRole("listitem")
    .filter({ hasText: "Review order" })
    .getByRole("button", { name: "Perform" })
    .click();
  const inPlay = page.getByRole("dialog", { name: "Perform Review order" });
  const played = await formLook(inPlay);
  // (the stored model keeps JSON object keys in PostgreSQL's order, so the fields' order is not asserted)
  expect(played.labels.toSorted()).toEqual([
    "Amount (EUR)*",
    "Note for the customer",
    "Order number",
    "Priority",
  ]);
  expect(played.readOnlyAttribute).toBe(true);
  expect(played.readOnlyValue).toBe("O-17");
  expect(played.readOnly["background-color"]).not.toBe(played.editable["background-color"]);
  expect(played.readOnly["border-top-color"]).toBe("rgba(0, 0, 0, 0)");
  expect(played.editable["border-top-color"]).not.toBe("rgba(0, 0, 0, 0)");
  expect(new Set(played.lefts)).toEqual(new Set([0]));
  await screenshotsAtBothSizes(page, "play-perform-form");

  // The form's data is the step's input: the read-only default included.
  await inPlay.getByLabel("Amount (EUR)").fill("120");
  await inPlay.getByLabel("Priority").selectOption("urgent");
  await inPlay.getByRole("button", { name: "Perform" }).click();
  await expect(side.getByLabel("Instance status")).toHaveText("completed (succeeded)");

  // In operate (a published version's instance, through the runtime): the same look.
  await call(request, "version.publish", { id: versionId, acceptWarnings: true });
  const instanceId = await startInstance(request, key, "REVIEW-1");
  await page.goto(`/instances/${instanceId}`);
  await page.getByTestId("node-Review order").getByRole("button", { name: "Perform Review order" }).click();
  const inOperate = page.getByRole("dialog", { name: "Perform Review order" });
  expect(await formLook(inOperate)).toEqual(played);
  await screenshotsAtBothSizes(page, "operate-perform-form");
});
