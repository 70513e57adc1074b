import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { call, publishAndStart, startInstance } from "../support/trpc.ts";
import { action, box, finalizer, flow, state } from "../support/models.ts";

type Json = Record<string, unknown>;

/** One state: a manual action, then the end. */
function orderModel(key: string): Json {
  const line = flow("ship", "shipped");
  return {
    formatVersion: 1,
    key,
    name: "Hooked orders",
    states: [state("open", "Open", true)],
    nodes: [action("ship", "open", "Ship"), finalizer("shipped", "open", "Shipped")],
    lines: [line],
    transitions: [],
    calendars: [],
    diagram: {
      states: { open: box(0, 0, 480, 240) },
      nodes: { ship: box(50, 80), shipped: box(320, 88, 48, 48) },
      lines: { [line.id]: { waypoints: [] } },
      transitions: {},
    },
  };
}

/** The receiver's own check of `flowstate-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
function signatureValid(secret: string, body: string, header: string | undefined): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, "hex"));
}

/** The open delivery log and its row of the `instance.started` delivery. */
function startedDelivery(page: Page) {
  const log = page.getByRole("region", { name: /Delivery log/ });
  const delivery = log
    .getByRole("table", { name: "Deliveries" })
    .getByRole("row")
    .filter({ hasText: "instance.started" });
  return { log, delivery };
}

test.describe("webhooks", () => {
  let receiver: Server;
  let port: number;
  const received: { headers: IncomingHttpHeaders; body: string; path: string }[] = [];

  test.beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ headers: req.headers, body, path: req.url ?? "/" });
        res.statusCode = req.url === "/down" ? 503 : 200;
        res.end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    port = (receiver.address() as AddressInfo).port;
  });
  test.afterAll(async () => {
    await new Promise((r) => receiver.close(r));
  });

  test("an admin subscribes a receiver, an instance starts, the delivery log shows it delivered and the receiver verifies the signature", async ({
    page,
    request,
  }) => {
    const { key } = await publishAndStart(request, orderModel("hooked-orders"));

    await page.goto("/processes");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page).toHaveURL(/\/webhooks$/);
    await page.getByRole("button", { name: "New webhook" }).click();
    const create = page.getByRole("dialog", { name: "New webhook" });
    const url = `http://127.0.0.1:${port}/flowstate`;
    await create.getByLabel("URL").fill(url);
    await expect(create.getByLabel("instance.started")).toBeChecked();
    await create.getByLabel("action.completed").check();
    await create.getByLabel("Process").selectOption(key);
    await create.getByRole("button", { name: "Create webhook" }).click();

    // The secret, once.
    const created = page.getByRole("dialog", { name: "Webhook created" });
    await expect(created).toContainText("shown only this once");
    const secret = await created.getByLabel("Signing secret").inputValue();
    expect(secret.length).toBeGreaterThan(30);
    await created.getByRole("button", { name: "Done" }).click();
    await expect(created).toBeHidden();
    const row = page.getByRole("table", { name: "Webhooks" }).getByRole("row").filter({ hasText: url });
    await expect(row).toContainText("instance.started, instance.completed, action.completed");
    await expect(row).toContainText(key);
    await expect(row).toContainText("active");
    await expect(row).toContainText("none yet");

    const instanceId = await startInstance(request, key, "ORDER-7");

    // The log (opened for the new webhook) shows the delivery as delivered with HTTP 200.
    const { log, delivery } = startedDelivery(page);
    await expect(delivery).toContainText("delivered", { timeout: 20_000 });
    await expect(delivery.getByLabel("HTTP status")).toHaveText("200");
    await expect(delivery.getByRole("link", { name: instanceId.slice(0, 8) })).toHaveAttribute(
      "href",
      `/instances/${instanceId}`,
    );
    await delivery.getByText("1 attempt").click();
    await expect(delivery.locator(".attempts li")).toHaveCount(1);
    await expect(delivery.locator(".attempts li")).toContainText("200");
    await expect(delivery.getByRole("button", { name: "Redeliver" })).toHaveCount(0);
    await expect(row).toContainText("delivered");
    await log.getByLabel("Delivery status").selectOption("dead");
    await expect(log).toContainText("No delivery with status dead");
    await log.getByLabel("Delivery status").selectOption("");
    await page.screenshot({ path: "test-results/screenshots/webhooks.png", fullPage: true });

    // The receiver got it, signed with the secret the page showed once.
    const started = received.find((r) => r.headers["flowstate-event"] === "instance.started");
    expect(started).toBeDefined();
    const event = JSON.parse(started!.body) as {
      id: string;
      instanceId: string;
      processKey: string;
      businessKey: string;
    };
    expect(event).toMatchObject({ instanceId, processKey: key, businessKey: "ORDER-7" });
    expect(started!.headers["flowstate-delivery"]).toBe(event.id);
    expect(signatureValid(secret, started!.body, started!.headers["flowstate-signature"] as string)).toBe(
      true,
    );
    expect(
      signatureValid("not-the-secret", started!.body, started!.headers["flowstate-signature"] as string),
    ).toBe(false);

    // Deactivate, with a confirmation.
    await row.getByRole("button", { name: `Deactivate ${url}` }).click();
    const confirm = page.getByRole("dialog", { name: "Deactivate webhook?" });
    await confirm.getByRole("button", { name: "Deactivate" }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toContainText("inactive");
    await expect(row.getByRole("button", { name: `Deactivate ${url}` })).toHaveCount(0);
  });

  test("a failing receiver's delivery shows as failed with its HTTP status, and it can be redelivered from the log (audited)", async ({
    page,
    request,
  }) => {
    const { key } = await publishAndStart(request, orderModel("hooked-refunds"));
    const url = `http://127.0.0.1:${port}/down`;
    await call(request, "webhook.create", { url, events: ["instance.started"], processKey: key });
    await call(request, "instance.start", { processKey: key, businessKey: "REFUND-1" });

    await page.goto("/webhooks");
    await page.getByRole("button", { name: `Delivery log of ${url}` }).click();
    const { log, delivery } = startedDelivery(page);
    await expect(delivery).toContainText("failed", { timeout: 20_000 });
    await expect(delivery.getByLabel("HTTP status")).toHaveText("503");
    await expect(delivery).toContainText("answered 503");
    await log.getByLabel("Delivery status").selectOption("failed");
    await expect(delivery).toBeVisible();
    const requestsBefore = received.filter((r) => r.path === "/down").length;
    await delivery.getByRole("button", { name: "Redeliver" }).click();
    await expect
      .poll(() => received.filter((r) => r.path === "/down").length, { timeout: 15_000 })
      .toBeGreaterThan(requestsBefore);
    const audit = await request.get(
      `/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ action: "webhook.redeliver" }))}`,
    );
    const records = ((await audit.json()) as { result: { data: { items: { outcome: string }[] } } }).result
      .data.items;
    expect(records.map((r) => r.outcome)).toEqual(["ok"]);
  });
});
