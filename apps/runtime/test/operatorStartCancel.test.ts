import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { historyRecords } from "./support/historyRecords.ts";
import { tableSnapshot } from "./support/tableSnapshot.ts";
import { trpcHttp } from "./support/signIn.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { serveAs } from "./support/demoServer.ts";

/**
 * Issue 22 §1–2 (the app's start and cancel), over real HTTP on PostgreSQL: `instance.start` naming the
 * published version it expects, `instance.businessKeyInUse` (the start dialog's duplicate check) and
 * `instance.cancel` with its required reason (kept in the history and the audit record). Bad input
 * is a typed 400 that changes nothing.
 */
const model = (withCheck: boolean) =>
  buildModel({
    key: "claims",
    nodes: [
      { id: "review", kind: "action", mode: "manual", code: "claims.review" },
      ...(withCheck ? [{ id: "check", kind: "action", mode: "manual", code: "claims.check" }] : []),
    ],
  });

describe("operators start and cancel instances", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  const mutate = (path: string, input: unknown) => trpcHttp(base, "mutation", path, input);
  const query = (path: string, input: unknown) => trpcHttp(base, "query", path, input);
  const keyInUse = async (processKey: string, businessKey: string) =>
    (await query("instance.businessKeyInUse", { processKey, businessKey })).body.result.data as {
      inUse: boolean;
      instanceId: string | null;
    };

  beforeAll(async () => {
    t = await createTestContext("operator-start-cancel");
    await publishModel(t.ctx, model(false));
    await publishModel(t.ctx, model(true));
    await publishModel(
      t.ctx,
      buildModel({ key: "other", nodes: [{ id: "a", kind: "action", mode: "manual" }] }),
    );
    ({ app, base } = await serveAs(t.ctx, "demo-admin", ["admin"]));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it("starts the published version; naming it guards against a publish in between", async () => {
    const newest = await mutate("instance.start", { processKey: "claims", businessKey: "N-1" });
    expect(newest.status).toBe(200);
    const named = await mutate("instance.start", { processKey: "claims", version: 2, businessKey: "V2-1" });
    expect(named.status).toBe(200);
    const rows = await t.db.prisma.instance.findMany({
      where: { businessKey: { in: ["N-1", "V2-1"] } },
      select: { businessKey: true, version: { select: { number: true } } },
      orderBy: { businessKey: "asc" },
    });
    expect(rows).toEqual([
      { businessKey: "N-1", version: { number: 2 } },
      { businessKey: "V2-1", version: { number: 2 } },
    ]);
  });

  it("refuses a version that is not published (deprecated, draft or missing) with PRECONDITION_FAILED, changing nothing", async () => {
    const v1 = await t.db.prisma.version.findFirstOrThrow({
      where: { process: { key: "claims" }, number: 1 },
    });
    expect(v1.status).not.toBe("published");
    await t.caller.version.createDraft({ processKey: "claims", fromVersionId: v1.id });
    const before = await tableSnapshot(t.db);
    for (const version of [1, 3, 99]) {
      const res = await mutate("instance.start", { processKey: "claims", version });
      expect(res.status, `v${version}`).toBe(412);
      expect(res.body.error.data.code).toBe("PRECONDITION_FAILED");
      expect(res.body.error.message).toContain(`v${version} is not a published version`);
    }
    expect(await tableSnapshot(t.db)).toEqual(before);
  });

  it("says whether a running instance holds a business key; start refuses that key with CONFLICT", async () => {
    expect(await keyInUse("claims", "K-1")).toEqual({ inUse: false, instanceId: null });
    const started = await mutate("instance.start", { processKey: "claims", businessKey: "K-1" });
    const instanceId = started.body.result.data.instanceId as string;
    expect(await keyInUse("claims", "K-1")).toEqual({ inUse: true, instanceId });
    // Per process, and exact (not the list's "contains").
    expect(await keyInUse("other", "K-1")).toEqual({ inUse: false, instanceId: null });
    expect(await keyInUse("claims", "K-")).toEqual({ inUse: false, instanceId: null });

    const before = await tableSnapshot(t.db);
    const duplicate = await mutate("instance.start", { processKey: "claims", businessKey: "K-1" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.data.code).toBe("CONFLICT");
    expect(await tableSnapshot(t.db)).toEqual(before);

    const unknown = await query("instance.businessKeyInUse", { processKey: "nope", businessKey: "K-1" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.data.code).toBe("NOT_FOUND");

    // Cancelled: the key is free again.
    await mutate("instance.cancel", { instanceId, reason: "entered twice" });
    expect(await keyInUse("claims", "K-1")).toEqual({ inUse: false, instanceId: null });
  });

  it("refuses hostile or over-long business keys with a typed 400 and changes nothing", async () => {
    const before = await tableSnapshot(t.db);
    const bad = { nul: "K\u0000-2", surrogate: "K-\ud800", tooLong: "k".repeat(501), empty: "" };
    for (const [label, businessKey] of Object.entries(bad)) {
      const start = await mutate("instance.start", { processKey: "claims", businessKey });
      expect(start.status, label).toBe(400);
      expect(start.body.error.data.code, label).toBe("BAD_REQUEST");
      expect(start.body.error.data.issues[0].path, label).toEqual(["businessKey"]);
      const check = await query("instance.businessKeyInUse", { processKey: "claims", businessKey });
      expect(check.status, label).toBe(400);
      expect(check.body.error.data.code, label).toBe("BAD_REQUEST");
    }
    expect(await tableSnapshot(t.db)).toEqual(before);
  });

  it("cancels only with a reason, which lands in the history and the audit record", async () => {
    const started = await mutate("instance.start", { processKey: "claims", businessKey: "C-1" });
    const instanceId = started.body.result.data.instanceId as string;
    const before = await tableSnapshot(t.db);
    const bad: Record<string, unknown> = {
      missing: undefined,
      blank: "   ",
      nul: "dup\u0000",
      surrogate: "dup \udc00",
      tooLong: "r".repeat(1001),
      notText: 42,
    };
    for (const [label, reason] of Object.entries(bad)) {
      const res = await mutate("instance.cancel", {
        instanceId,
        ...(reason === undefined ? {} : { reason }),
      });
      expect(res.status, label).toBe(400);
      expect(res.body.error.data.code, label).toBe("BAD_REQUEST");
    }
    expect(await tableSnapshot(t.db)).toEqual(before);
    expect((await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } })).status).toBe(
      "running",
    );

    const ok = await mutate("instance.cancel", { instanceId, reason: "  customer withdrew the claim " });
    expect(ok.status).toBe(200);
    expect(ok.body.result.data.status).toBe("cancelled");
    const finished = await historyRecords(t.db, { instanceIds: [instanceId], type: "instanceFinished" });
    expect(finished.map((r) => r.data)).toEqual([
      expect.objectContaining({ status: "cancelled", reason: "customer withdrew the claim" }),
    ]);
    const audit = await t.db.prisma.auditEvent.findMany({
      where: { action: "instance.cancel", instanceId, outcome: "ok" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ reason: "customer withdrew the claim" });

    // Cancelling again is a typed refusal, not a second record in the history.
    const again = await mutate("instance.cancel", { instanceId, reason: "again" });
    expect(again.status).toBe(409);
    expect(again.body.error.data.code).toBe("CONFLICT");
    expect(await historyRecords(t.db, { instanceIds: [instanceId], type: "instanceFinished" })).toHaveLength(
      1,
    );
  });
});
