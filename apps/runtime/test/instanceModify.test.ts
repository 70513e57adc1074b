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
 * Issue 22 §2 (move to another state after a dry run, edit variables) over real HTTP on
 * PostgreSQL: `instance.moveDryRun` says in names what a move would do and changes nothing;
 * `instance.move` and `instance.setVariables` are one step each, one history record with who and
 * why, audited with the reason; bad input is a typed refusal that leaves the instance as it was.
 */
const model = buildModel({
  key: "ticket",
  states: [
    { id: "triage", name: "Triage", initial: true },
    { id: "work", name: "Work" },
    { id: "closed", name: "Closed" },
  ],
  nodes: [
    { id: "assess", name: "Assess", kind: "action", mode: "manual" },
    { id: "nudge", name: "Nudge", kind: "action", mode: "automatic", handler: "h.nudge", delay: "P1D" },
    { id: "fix", name: "Fix", kind: "action", mode: "manual", stateId: "work" },
    {
      id: "tellCustomer",
      name: "Tell the customer",
      kind: "action",
      mode: "automatic",
      handler: "h.tell",
      stateId: "work",
      migration: {},
    },
    { id: "archive", name: "Archive", kind: "action", mode: "manual", stateId: "closed" },
  ],
  lines: [{ from: "assess", to: "nudge" }],
});

describe("operators move instances and edit their variables", () => {
  let t: TestContext;
  let app: FastifyInstance;
  let base: string;
  let workerApp: FastifyInstance;
  let workerBase: string;
  const mutate = (path: string, input: unknown, at = base) => trpcHttp(at, "mutation", path, input);
  const query = (path: string, input: unknown, at = base) => trpcHttp(at, "query", path, input);
  const row = (id: string) =>
    t.db.prisma.instance.findUniqueOrThrow({
      where: { id },
      select: { seq: true, currentStateId: true, variables: true, status: true },
    });
  const started = async (variables: Record<string, unknown> = {}) => {
    const res = await mutate("instance.start", { processKey: "ticket", variables });
    const instanceId = res.body.result.data.instanceId as string;
    await mutate("instance.perform", { instanceId, actionId: "assess" });
    return instanceId;
  };

  beforeAll(async () => {
    t = await createTestContext("instance-modify");
    await publishModel(t.ctx, model);
    ({ app, base } = await serveAs(t.ctx, "olga", ["operator"]));
    ({ app: workerApp, base: workerBase } = await serveAs(t.ctx, "walt", ["worker"]));
  });
  afterAll(async () => {
    await app?.close();
    await workerApp?.close();
    await t?.close();
  });

  it("dry-runs a move in names (unlocked, dropped timers, migration actions) and changes nothing", async () => {
    const instanceId = await started();
    const before = await tableSnapshot(t.db);
    const res = await query("instance.moveDryRun", { instanceId, stateId: "work" });
    expect(res.status).toBe(200);
    const dry = res.body.result.data;
    expect(dry).toMatchObject({
      instanceId,
      ok: true,
      refusal: null,
      from: { stateId: "triage", name: "Triage" },
      to: { stateId: "work", name: "Work" },
      migrationActions: [{ nodeId: "tellCustomer", name: "Tell the customer" }],
      droppedOccurrences: [{ nodeId: "nudge", name: "Nudge", status: "scheduled" }],
      noLongerUnlocked: [{ nodeId: "nudge", name: "Nudge" }],
    });
    expect(dry.unlocked.map((u: { name: string }) => u.name).sort()).toEqual(["Fix", "Tell the customer"]);
    expect(dry.problems).toEqual([
      expect.objectContaining({
        code: "OPEN_OCCURRENCES_CANCELLED",
        message: expect.stringContaining("Nudge"),
      }),
    ]);
    // Refusals are shown, not thrown: the current state and an unknown one.
    const same = (await query("instance.moveDryRun", { instanceId, stateId: "triage" })).body.result.data;
    expect(same).toMatchObject({ ok: false, refusal: { code: "ALREADY_IN_STATE" }, unlocked: [] });
    const unknown = (await query("instance.moveDryRun", { instanceId, stateId: "nowhere" })).body.result.data;
    expect(unknown).toMatchObject({ ok: false, refusal: { code: "UNKNOWN_STATE" }, to: { name: null } });
    expect(await tableSnapshot(t.db)).toEqual(before);
  });

  it("moves in one step: one moved record with who and why, the timer's job gone, audited with the reason", async () => {
    const instanceId = await started();
    const { seq } = await row(instanceId);
    expect(await t.db.prisma.job.count({ where: { instanceId, kind: "timer" } })).toBe(1);
    const res = await mutate("instance.move", {
      instanceId,
      stateId: "work",
      reason: " customer sent the papers ",
      expectedSeq: seq,
    });
    expect(res.status).toBe(200);
    expect(res.body.result.data).toMatchObject({ currentStateId: "work", status: "running" });
    expect(await row(instanceId)).toMatchObject({ currentStateId: "work" });
    const moved = await historyRecords(t.db, { instanceIds: [instanceId], type: "moved" });
    expect(moved).toEqual([
      expect.objectContaining({
        actor: "olga",
        data: {
          fromStateId: "triage",
          targetStateId: "work",
          reason: "customer sent the papers",
          by: "olga",
          migrationActions: ["tellCustomer"],
        },
      }),
    ]);
    expect(await t.db.prisma.job.count({ where: { instanceId, kind: "timer" } })).toBe(0);
    const entered = await t.db.prisma.stateInstance.findMany({
      where: { instanceId },
      orderBy: { enteredSeq: "asc" },
      select: { stateId: true, reason: true, exitReason: true },
    });
    expect(entered).toEqual([
      { stateId: "triage", reason: "start", exitReason: "manual" },
      { stateId: "work", reason: "manual", exitReason: null },
    ]);
    const audit = await t.db.prisma.auditEvent.findMany({
      where: { action: "instance.move", instanceId, outcome: "ok" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ reason: "customer sent the papers", stateId: "work" });

    // Time travel replays the move (and a later variables change) like any other event.
    const after = await row(instanceId);
    await mutate("instance.setVariables", {
      instanceId,
      variables: { fixed: true },
      reason: "r",
      expectedSeq: after.seq,
    });
    const view = async (atSeq: number) =>
      (await query("instance.view", { id: instanceId, atSeq })).body.result.data as {
        state: { current: { stateId: string }; variables: unknown };
      };
    expect((await view(seq)).state.current.stateId).toBe("triage");
    expect((await view(seq + 1)).state).toMatchObject({ current: { stateId: "work" }, variables: {} });
    expect((await view(after.seq + 1)).state.variables).toEqual({ fixed: true });
  });

  it("refuses bad moves with typed errors and leaves the instance as it was", async () => {
    const instanceId = await started();
    const { seq } = await row(instanceId);
    const before = await tableSnapshot(t.db);
    const cases: [string, Record<string, unknown>, number, string][] = [
      ["no reason", { stateId: "work" }, 400, "BAD_REQUEST"],
      ["blank reason", { stateId: "work", reason: "  " }, 400, "BAD_REQUEST"],
      ["long reason", { stateId: "work", reason: "r".repeat(1001) }, 400, "BAD_REQUEST"],
      ["NUL", { stateId: "wo\u0000rk", reason: "r" }, 400, "BAD_REQUEST"],
      ["unknown state", { stateId: "nowhere", reason: "r" }, 404, "NOT_FOUND"],
      ["current state", { stateId: "triage", reason: "r" }, 409, "CONFLICT"],
      ["stale seq", { stateId: "work", reason: "r", expectedSeq: seq - 1 }, 409, "CONFLICT"],
    ];
    for (const [label, input, status, code] of cases) {
      const res = await mutate("instance.move", { instanceId, ...input });
      expect(res.status, label).toBe(status);
      expect(res.body.error.data.code, label).toBe(code);
    }
    const gone = await mutate("instance.move", {
      instanceId: "00000000-0000-4000-8000-000000000000",
      stateId: "work",
      reason: "r",
    });
    expect(gone.status).toBe(404);
    // A worker may not move or edit (operators and admins only).
    const forbidden = await mutate("instance.move", { instanceId, stateId: "work", reason: "r" }, workerBase);
    expect(forbidden.status).toBe(403);
    expect(await tableSnapshot(t.db)).toEqual(before);
    expect(await row(instanceId)).toMatchObject({ seq, currentStateId: "triage" });

    await mutate("instance.cancel", { instanceId, reason: "duplicate" });
    const finished = await mutate("instance.move", { instanceId, stateId: "work", reason: "r" });
    expect([finished.status, finished.body.error.data.code]).toEqual([409, "CONFLICT"]);
    expect(finished.body.error.message).toContain("cancelled");
  });

  it("edits variables at the editor's seq: one variablesChanged record of what changed, audited", async () => {
    const instanceId = await started({ amount: 10, customer: { name: "Ada" }, old: true });
    const { seq } = await row(instanceId);
    const res = await mutate("instance.setVariables", {
      instanceId,
      variables: { amount: 12, customer: { name: "Ada" }, note: "fixed" },
      reason: "typo",
      expectedSeq: seq,
    });
    expect(res.status).toBe(200);
    expect(await row(instanceId)).toMatchObject({
      variables: { amount: 12, customer: { name: "Ada" }, note: "fixed" },
    });
    const changed = await historyRecords(t.db, { instanceIds: [instanceId], type: "variablesChanged" });
    expect(changed.map((r) => r.data)).toEqual([
      {
        changes: [
          { name: "amount", before: 10, after: 12 },
          { name: "old", before: true },
          { name: "note", after: "fixed" },
        ],
        reason: "typo",
        by: "olga",
      },
    ]);
    const audit = await t.db.prisma.auditEvent.findMany({
      where: { action: "instance.setVariables", instanceId, outcome: "ok" },
    });
    expect(audit.map((a) => a.detail)).toEqual([expect.objectContaining({ reason: "typo" })]);

    // The editor was opened at the old seq: the instance moved on since, so CONFLICT.
    const stale = await mutate("instance.setVariables", {
      instanceId,
      variables: { amount: 13 },
      reason: "again",
      expectedSeq: seq,
    });
    expect([stale.status, stale.body.error.data.code]).toEqual([409, "CONFLICT"]);
    expect(await row(instanceId)).toMatchObject({ variables: { amount: 12 } });
  });

  it("refuses bad variables (not an object, too big, too deep, hostile, unchanged) and changes nothing", async () => {
    const instanceId = await started({ a: 1 });
    const { seq } = await row(instanceId);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const before = await tableSnapshot(t.db);
    const cases: [string, unknown, number, string][] = [
      ["array", [1, 2], 400, "BAD_REQUEST"],
      ["text", "x", 400, "BAD_REQUEST"],
      [
        "too big",
        { big: "x".repeat(90_000), more: "y".repeat(90_000), most: "z".repeat(90_000) },
        400,
        "BAD_REQUEST",
      ],
      ["too deep", { deep }, 400, "BAD_REQUEST"],
      ["NUL", { a: "x\u0000" }, 400, "BAD_REQUEST"],
      ["surrogate", { a: "\ud800" }, 400, "BAD_REQUEST"],
      ["unchanged", { a: 1 }, 400, "BAD_REQUEST"],
    ];
    for (const [label, variables, status, code] of cases) {
      const res = await mutate("instance.setVariables", {
        instanceId,
        variables,
        reason: "r",
        expectedSeq: seq,
      });
      expect(res.status, label).toBe(status);
      expect(res.body.error.data.code, label).toBe(code);
    }
    const noSeq = await mutate("instance.setVariables", { instanceId, variables: { a: 2 }, reason: "r" });
    expect(noSeq.status).toBe(400);
    const forbidden = await mutate(
      "instance.setVariables",
      { instanceId, variables: { a: 2 }, reason: "r", expectedSeq: seq },
      workerBase,
    );
    expect(forbidden.status).toBe(403);
    expect(await tableSnapshot(t.db)).toEqual(before);
    expect(await row(instanceId)).toMatchObject({ seq, variables: { a: 1 } });
  });
});
