import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel, httpCallAction } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { eventually } from "./support/eventually.ts";

/** A model whose one automatic action calls `url` with the built-in http handler (a refusal fails it for good: an incident at once). */
const caller = (key: string, url: string) =>
  buildModel({
    key,
    nodes: [httpCallAction("call", url), { id: "end", kind: "finalizer", outcome: "succeeded" }],
    lines: [{ from: "call", to: "end" }],
  });

// D6 of issue 18: the http handler's target passes the webhooks' SSRF guard (loopback here is the
// stand-in for the runtime's own network: a model fetched /api/openapi.json into its variables).
describe("the built-in http handler's SSRF guard", () => {
  let receiver: http.Server;
  let port: number;
  let calls = 0;
  const contexts: TestContext[] = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      calls++;
      req.resume();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ secret: "internal" }));
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const t of contexts) await t.close();
    receiver?.close();
  });

  async function runOnce(t: TestContext, key: string, url: string) {
    await publishModel(t.ctx, caller(key, url));
    const { instanceId } = await t.caller.instance.start({ processKey: key, businessKey: `${key}-1` });
    const settled = await eventually(
      () =>
        t.db.prisma.instance.findUniqueOrThrow({
          where: { id: instanceId },
          select: {
            status: true,
            variables: true,
            incidents: { select: { nodeId: true, status: true, error: true } },
          },
        }),
      (i) => i.status !== "running" || i.incidents.length > 0,
    );
    return { instanceId, ...settled };
  }

  it("refuses loopback targets by default: an incident on the action says why, nothing is sent", async () => {
    const t = await createTestContext("http-guard-off", new Date(), {
      worker: true,
      workerOptions: { pollMs: 30 },
    });
    contexts.push(t);
    const before = calls;
    const literal = await runOnce(t, "literal", `http://127.0.0.1:${port}/api/openapi.json`);
    expect(literal.incidents).toEqual([
      {
        nodeId: "call",
        status: "open",
        error: {
          name: "FinalFailure",
          message: `http handler refused http://127.0.0.1:${port}/api/openapi.json: loopback address; set FLOWSTATE_HTTP_ALLOW_PRIVATE=true to allow`,
        },
      },
    ]);
    expect(literal.variables).not.toHaveProperty("answer");
    // A name is resolved and judged by its addresses (localhost → 127.0.0.1 or ::1), at connect time.
    const named = await runOnce(t, "named", `http://localhost:${port}/`);
    expect(named.incidents).toHaveLength(1);
    expect((named.incidents[0]!.error as { message: string }).message).toMatch(
      new RegExp(
        `^http handler refused http://localhost:${port}/: localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address; set FLOWSTATE_HTTP_ALLOW_PRIVATE=true to allow$`,
      ),
    );
    expect(calls).toBe(before);
  });

  it("calls them with FLOWSTATE_HTTP_ALLOW_PRIVATE (httpAllowPrivate)", async () => {
    const t = await createTestContext("http-guard-allowed", new Date(), {
      worker: true,
      workerOptions: { pollMs: 30 },
      httpAllowPrivate: true,
    });
    contexts.push(t);
    const before = calls;
    const allowed = await runOnce(t, "allowed", `http://127.0.0.1:${port}/data`);
    expect(allowed.incidents).toEqual([]);
    expect(allowed.status).toBe("completed");
    expect(allowed.variables).toMatchObject({ answer: { secret: "internal" } });
    expect(calls).toBe(before + 1);
  });
});
