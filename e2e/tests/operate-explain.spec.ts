import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { call, publishAndStart } from "../support/trpc.ts";
import { action, box, finalizer, flow, model, state } from "../support/models.ts";

const shots = "test-results/screenshots";

/** Intake: Approve → Decide (an Or) ← Reject; Decide → Archive → Done. */
function decisionModel(key: string) {
  return model({
    key,
    name: "Decision explained",
    states: [state("intake", "Intake", true)],
    nodes: [
      action("approve", "intake", "Approve"),
      action("reject", "intake", "Reject"),
      { id: "decide", ref: "decide", kind: "or", stateId: "intake", name: "Decide" },
      action("archive", "intake", "Archive"),
      finalizer("done", "intake", "Done"),
    ],
    lines: [
      flow("approve", "decide"),
      flow("reject", "decide"),
      flow("decide", "archive"),
      flow("archive", "done"),
    ],
    boxes: {
      states: { intake: box(0, 0, 820, 300) },
      nodes: {
        approve: box(40, 60),
        reject: box(40, 190),
        decide: box(290, 128, 48, 48),
        archive: box(400, 120),
        done: box(660, 128, 48, 48),
      },
    },
  });
}

type View = { explanations: Record<string, { summary: string }> };

test("each reason of an explanation highlights on the canvas the elements it names; the sentence is the API's; ids stay one click away", async ({
  page,
  request,
}) => {
  mkdirSync(shots, { recursive: true });
  const key = `explain-${Date.now().toString(36)}`;
  const {
    instanceIds: [id],
  } = await publishAndStart(request, decisionModel(key), "EXPLAIN-1");
  await call(request, "instance.perform", { instanceId: id, actionId: "reject" });
  const api = await call<View>(request, "instance.view", { id }, "query");
  const summary = api.explanations["approve"]!.summary;
  expect(summary).toMatch(
    /^Approve is closed: Reject was completed first at \d{4}-\d\d-\d\d \d\d:\d\d UTC, and the Or “Decide” allows only one of them$/,
  );

  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`/instances/${id}`);
    const canvas = page.locator(".react-flow");
    await page.getByTestId("node-Approve").click();
    const why = page.getByRole("region", { name: "Selected element" });
    // The same sentence as the API's summary (names and a UTC time, no ids, no seqs)
    const sentence = why.getByLabel("Explanation");
    await expect(sentence).toHaveText(summary);
    await expect(sentence).not.toContainText(/[a-z]+_[a-z0-9]{5}|seq \d|#\d/);

    // Hovering the reason highlights what it names: Approve, its line into the Or, the Or, and Reject
    const reason = sentence.getByRole("button", { name: /Reject was completed first/ });
    const named = canvas.locator(".ov-reason-named");
    await expect(named).toHaveCount(0);
    await reason.hover();
    for (const name of ["Approve", "Reject", "Decide"])
      await expect(page.getByTestId(`node-${name}`)).toHaveClass(/ov-reason-named/);
    await expect(
      canvas.locator('[data-testid="rf__edge-flow:approve->decide"] .fs-edge.ov-reason-named'),
    ).toHaveCount(1);
    await expect(page.getByTestId("node-Archive")).not.toHaveClass(/ov-reason-named/);
    await page.screenshot({ path: `${shots}/operate-explain-${width}x${height}.png` });
    // Leaving it clears the highlight; a click keeps it (and a second click clears it)
    await page.getByRole("heading", { name: "Why?" }).hover();
    await expect(named).toHaveCount(0);
    await reason.click();
    await expect(reason).toHaveAttribute("aria-pressed", "true");
    await page.getByRole("heading", { name: "Why?" }).hover();
    await expect(page.getByTestId("node-Reject")).toHaveClass(/ov-reason-named/);
    await reason.click();
    await page.getByRole("heading", { name: "Why?" }).hover();
    await expect(named).toHaveCount(0);

    // The technical detail (codes, ids, seqs) is one click away
    const details = why.getByRole("list", { name: "Reasons" });
    await expect(details).toBeHidden();
    await why.getByText("Details (ids and history seqs)").click();
    await expect(details).toContainText("closed (blocking): lineId=flow:approve->decide");
  }
});
