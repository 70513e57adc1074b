import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { eitherModel, oneAction, setVariablesAction } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { defineHandler } from "../src/handlers/defineHandler.ts";
import type { HandlerDefinition } from "../src/handlers/defineHandler.ts";
import { systemActor } from "../src/auth/Actor.ts";
import { eventually } from "./support/eventually.ts";
import { claimOfJobs, subscribed, watchStatements } from "./support/waits.ts";
import { useTestServer } from "./support/useTestContext.ts";

let flakyShouldFail = true;
let flakyCalls = 0;
const flaky = defineHandler("flaky", { input: z.unknown() }, async () => {
  flakyCalls++;
  if (flakyShouldFail) throw new Error("downstream is down");
  return { output: { ok: true } };
}) as HandlerDefinition;

// Never answers by itself: it ends only when its signal aborts (the handler's timeout, 150 ms).
let hangingAborted = 0;
const hanging = defineHandler(
  "hanging",
  { input: z.unknown(), timeout: 150 },
  (ctx) =>
    new Promise<never>((_, reject) =>
      ctx.signal.addEventListener("abort", () => {
        hangingAborted++;
        reject(ctx.signal.reason as Error);
      }),
    ),
) as HandlerDefinition;

/** One automatic action `call` of `handler`, tried `maxAttempts` times (backoff from `initial`, doubling). */
const retrying = (key: string, handler: string, maxAttempts: number, initial: string) =>
  oneAction(key, {
    id: "call",
    mode: "automatic",
    handler,
    retry: { maxAttempts, backoff: { initial, factor: 2 } },
  });

describe("timers, retries, incidents and version lifecycle (manual clock)", () => {
  let t: TestContext;
  const status = (id: string) => t.db.prisma.instance.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    t = await createTestContext("operations", new Date("2026-03-02T08:00:00Z"), {
      worker: true,
      handlers: [flaky, hanging],
      workerOptions: { pollMs: 30 },
    });
    // Human task with expiry: whichever of approve / expire (after P1D) comes first closes the other.
    await publishModel(
      t.ctx,
      eitherModel(
        "expiring",
        { id: "approve", kind: "action", mode: "manual" },
        setVariablesAction("expire", { expired: "true" }, { delay: "P1D" }),
        "first",
        "end",
      ),
    );
    await publishModel(t.ctx, retrying("fragile", "flaky", 2, "PT10S"));
    await publishModel(t.ctx, retrying("stuck", "hanging", 1, "PT1S"));
    await publishModel(t.ctx, oneAction("voiding", { id: "fail" }, { id: "failed", outcome: "failed" }));
  });
  afterAll(async () => t?.close());

  it("fires a delayed automatic action only when the clock reaches its due time, closing the human task", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "expiring" });
    const timer = await t.db.prisma.job.findFirstOrThrow({ where: { instanceId, kind: "timer" } });
    expect(timer.runAt.toISOString()).toBe("2026-03-03T08:00:00.000Z");
    await watchStatements(t.db, claimOfJobs).seen(2); // the worker claimed again and passed it by
    expect((await status(instanceId)).status).toBe("running");
    expect((await t.caller.task.list({ processKey: "expiring" })).map((task) => task.actionId)).toEqual([
      "approve",
    ]);
    expect((await t.caller.task.list({ processKey: "expiring" }))[0]!.timers).toEqual([
      { nodeId: "expire", name: "expire", dueAt: "2026-03-03T08:00:00.000Z" },
    ]);

    t.clock.advance(24 * 3600_000);
    t.runtime.rt.wake();
    const done = await eventually(
      () => status(instanceId),
      (r) => r.status === "completed",
    );
    expect(done.status).toBe("completed");
    expect(done.variables).toMatchObject({ expired: true });
    const refused = await t.caller.instance
      .perform({ instanceId, actionId: "approve" })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    t.clock.set(new Date("2026-03-02T08:00:00Z"));
  });

  it("retries with backoff, opens an incident after the last attempt, and an operator's retry completes it", async () => {
    flakyShouldFail = true;
    flakyCalls = 0;
    const { instanceId } = await t.caller.instance.start({ processKey: "fragile" });
    await eventually(
      async () => flakyCalls,
      (n) => n >= 1,
    );
    const retry = await eventually(
      () => t.db.prisma.job.findFirst({ where: { instanceId, kind: "timer" } }),
      (j) => j !== null,
    );
    expect(retry!.runAt.getTime() - t.clock.now().getTime()).toBe(10_000);
    t.clock.advance(10_000);
    t.runtime.rt.wake();
    const withIncident = await eventually(
      () => status(instanceId),
      (r) => r.hasIncident,
    );
    expect(withIncident.status).toBe("running");
    expect(flakyCalls).toBe(2);
    const view = await t.caller.instance.get({ id: instanceId });
    expect(view.incidents).toHaveLength(1);
    expect(view.incidents[0]!.error).toMatchObject({ message: "downstream is down" });

    flakyShouldFail = false;
    await t.caller.instance.retryIncident({ instanceId, incidentId: view.incidents[0]!.id });
    const fixed = await eventually(
      () => status(instanceId),
      (r) => r.status === "completed",
    );
    expect(fixed.status).toBe("completed");
    expect(fixed.hasIncident).toBe(false);
    expect(await t.db.prisma.incident.findFirstOrThrow({ where: { instanceId } })).toMatchObject({
      status: "resolved",
      resolution: "retried",
    });
  });

  it("aborts a handler that outlives its timeout: the attempt fails as timed out and, with no attempt left, opens an incident", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "stuck" });
    const withIncident = await eventually(
      () => status(instanceId),
      (r) => r.hasIncident,
    );
    expect(withIncident.hasIncident).toBe(true);
    expect(hangingAborted).toBe(1);
    const incident = await t.db.prisma.incident.findFirstOrThrow({ where: { instanceId } });
    expect(incident).toMatchObject({ nodeId: "call", status: "open" });
    expect(incident.error).toMatchObject({ message: 'handler "hanging" timed out after 150 ms' });
  });

  it("skips an incident when the operator decides so", async () => {
    flakyShouldFail = true;
    const { instanceId } = await t.caller.instance.start({ processKey: "fragile" });
    await eventually(
      () => t.db.prisma.job.findFirst({ where: { instanceId, kind: "timer" } }),
      (j) => j !== null,
    );
    t.clock.advance(10_000);
    t.runtime.rt.wake();
    await eventually(
      () => status(instanceId),
      (r) => r.hasIncident,
    );
    const incident = await t.db.prisma.incident.findFirstOrThrow({ where: { instanceId, status: "open" } });
    await t.caller.instance.skipIncident({ instanceId, incidentId: incident.id });
    const after = await eventually(
      () => status(instanceId),
      (r) => r.status !== "running",
    );
    expect(after.status).toBe("completed");
    expect(await t.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      status: "resolved",
      resolution: "skipped",
    });
  });

  it("keeps a failed instance's business key until the failure is acknowledged", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "voiding", businessKey: "DOC-1" });
    await t.caller.instance.perform({ instanceId, actionId: "fail" });
    const failed = await status(instanceId);
    expect(failed.outcome).toBe("failed");
    const blocked = await t.caller.instance
      .start({ processKey: "voiding", businessKey: "DOC-1" })
      .catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(TRPCError);
    expect((blocked as TRPCError).code).toBe("CONFLICT");
    await t.caller.instance.acknowledge({ instanceId });
    const again = await t.caller.instance.start({ processKey: "voiding", businessKey: "DOC-1" });
    expect(again.instanceId).not.toBe(instanceId);
  });

  it("deprecates the previous version on publish, starts only the new one, and makes the old one inactive when its last instance ends", async () => {
    const v1 = oneAction("lifecycle");
    await publishModel(t.ctx, v1);
    const old = await t.caller.instance.start({ processKey: "lifecycle" });
    await publishModel(t.ctx, { ...v1, description: "v2" });
    const versions = await t.caller.version.list({ processKey: "lifecycle" });
    expect(versions.map((v) => [v.number, v.status, v.runningInstances])).toEqual([
      [2, "published", 0],
      [1, "deprecated", 1],
    ]);
    const fresh = await t.caller.instance.start({ processKey: "lifecycle" });
    expect((await t.caller.instance.get({ id: fresh.instanceId })).version.number).toBe(2);
    await t.caller.instance.perform({ instanceId: old.instanceId, actionId: "go" });
    expect((await t.caller.version.list({ processKey: "lifecycle" })).map((v) => v.status)).toEqual([
      "published",
      "inactive",
    ]);
  });
});

describe("live updates over SSE", () => {
  const t = useTestServer("live", { demoActor: systemActor("demo-admin") }, (t) =>
    publishModel(t.ctx, oneAction("live")),
  );

  it("pushes an instance's change to a subscribed page when it moves", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "live" });
    const abort = new AbortController();
    const res = await fetch(
      `${t.base}/trpc/live.changes?input=${encodeURIComponent(JSON.stringify({ instanceId }))}`,
      { headers: { accept: "text/event-stream" }, signal: abort.signal },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    const received = (async () => {
      const decoder = new TextDecoder();
      while (!text.includes(instanceId)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    })();
    await subscribed(t.runtime.rt.feed);
    await t.caller.instance.perform({ instanceId, actionId: "go" });
    await eventually(
      () => text,
      (s) => s.includes(instanceId),
    );
    abort.abort();
    await received.catch(() => undefined); // the read ends with the abort
    expect(text).toContain(instanceId);
    expect(text).toContain('"status":"completed"');
  });
});
