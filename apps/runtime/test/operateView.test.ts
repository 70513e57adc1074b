import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext } from "./support/testContext.ts";
import type { TestContext } from "./support/testContext.ts";
import { buildModel } from "./support/models.ts";
import { publishModel } from "../src/versions/versionService.ts";
import { planMigration } from "@flowstate/engine";
import type { InstanceState } from "@flowstate/engine";
import { stepInstance } from "../src/instances/stepInstance.ts";
import { refusal } from "./support/refusal.ts";
import { useTestContext } from "./support/useTestContext.ts";

// Intake: `receive` → `check` (flow), `check` → transition to Review; Review: `approve` → end.
const casework = buildModel({
  key: "casework",
  states: [
    { id: "intake", name: "Intake", initial: true },
    { id: "review", name: "Review" },
  ],
  nodes: [
    { id: "receive", kind: "action", mode: "manual", stateId: "intake", role: "clerk" },
    { id: "check", kind: "action", mode: "manual", stateId: "intake", role: "clerk" },
    { id: "approve", kind: "action", mode: "manual", stateId: "review", role: "manager" },
    { id: "end", kind: "finalizer", outcome: "succeeded", stateId: "review" },
  ],
  lines: [
    { id: "l_receive_check", from: "receive", to: "check" },
    { id: "l_approve_end", from: "approve", to: "end" },
  ],
  transitions: [{ id: "t_review", from: "check", to: "review" }],
});

describe("operate: instance view (now and time travel) and heat overlay", () => {
  let t: TestContext;
  let versionId: string;

  beforeAll(async () => {
    t = await createTestContext("operate-view");
    const published = await publishModel(t.ctx, casework);
    versionId = (
      await t.db.prisma.version.findFirstOrThrow({
        where: { process: { key: "casework" }, number: published.number },
        select: { id: true },
      })
    ).id;
  });
  afterAll(async () => t?.close());

  /** The instance's history records of engine events, each with its event. */
  const eventRecords = async (instanceId: string) =>
    (await t.caller.instance.history({ id: instanceId }))
      .filter((h) => h.type === "event")
      .map((h) => ({ ...h, data: h.data as { event: { type: string } } }));

  it("shows the instance now: unlocked actions, explanations, occurrences and fired lines", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "casework", businessKey: "view-now" });
    await t.caller.instance.perform({ instanceId, actionId: "receive" });
    const view = await t.caller.instance.view({ id: instanceId });
    expect(view.atSeq).toBeNull();
    expect(view.state.current.stateId).toBe("intake");
    expect(view.unlocked.map((u) => u.nodeId)).toEqual(["check"]);
    expect(view.explanations.receive?.unlocked).toBe(false);
    expect(view.explanations.receive?.reasons.some((r) => r.code === "exhausted")).toBe(true);
    expect(view.occurrences.filter((o) => o.status === "completed").map((o) => o.nodeId)).toEqual([
      "receive",
    ]);
    expect(view.firings.map((f) => f.lineId)).toEqual(["l_receive_check"]);
  });

  it("explanations and strict refusals are worded with names and moments, never ids or seqs", async () => {
    const choice = buildModel({
      key: "choice-words",
      states: [{ id: "state_main1", name: "Decision", initial: true }],
      nodes: [
        { id: "action_appr1", kind: "action", mode: "manual", name: "Approve" },
        { id: "action_rejc1", kind: "action", mode: "manual", name: "Reject" },
        { id: "or_decd1", kind: "or", name: "Or" },
        { id: "action_arch1", kind: "action", mode: "manual", name: "Archive" },
        { id: "finalizer_end01", kind: "finalizer", outcome: "succeeded", name: "Decided" },
      ],
      lines: [
        { id: "flow_ap001", from: "action_appr1", to: "or_decd1" },
        { id: "flow_rj001", from: "action_rejc1", to: "or_decd1" },
        { id: "flow_or001", from: "or_decd1", to: "action_arch1" },
        { id: "flow_ar001", from: "action_arch1", to: "finalizer_end01" },
      ],
    });
    await publishModel(t.ctx, choice);
    const { instanceId } = await t.caller.instance.start({
      processKey: "choice-words",
      businessKey: "words-1",
    });
    await t.caller.instance.perform({ instanceId, actionId: "action_rejc1" });
    const technical = /[a-z]+_[a-z0-9]{5}|seq \d/;
    const moment = /\d{4}-\d\d-\d\d \d\d:\d\d UTC/;
    const view = await t.caller.instance.view({ id: instanceId });
    const approve = view.explanations.action_appr1!;
    expect(approve.summary).toMatch(
      /^Approve is closed: Reject was completed first at \d{4}-\d\d-\d\d \d\d:\d\d UTC, and the Or allows only one of them$/,
    );
    expect(approve.reasons).toContainEqual(
      expect.objectContaining({ code: "closed", target: "or_decd1", by: "action_rejc1" }),
    );
    expect(view.explanations.action_arch1!.summary).toMatch(moment);
    for (const e of Object.values(view.explanations)) expect(e.summary).not.toMatch(technical);
    const read = await t.caller.instance.get({ id: instanceId });
    expect(read.explanations.action_appr1!.summary).toBe(approve.summary);
    const refused = await refusal(t.caller.instance.perform({ instanceId, actionId: "action_appr1" }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe(approve.summary);
  });

  it("time travel: replaying the history up to a point gives the state as it was, and up to the end the stored one", async () => {
    const { instanceId } = await t.caller.instance.start({
      processKey: "casework",
      businessKey: "view-travel",
    });
    await t.caller.instance.perform({ instanceId, actionId: "receive" });
    await t.caller.instance.perform({ instanceId, actionId: "check" });
    const now = await t.caller.instance.view({ id: instanceId });
    expect(now.state.current.stateId).toBe("review");

    const events = await eventRecords(instanceId);
    expect(events.map((e) => e.data.event.type)).toEqual(["start", "perform", "perform"]);

    const atStart = await t.caller.instance.view({ id: instanceId, atSeq: events[0]!.seq });
    expect(atStart.atSeq).toBe(events[0]!.seq);
    expect(atStart.state.current.stateId).toBe("intake");
    expect(atStart.unlocked.map((u) => u.nodeId)).toEqual(["receive"]);
    expect(atStart.explanations.check?.unlocked).toBe(false);
    expect(atStart.firings).toEqual([]);
    expect(atStart.occurrences).toEqual([]);

    const afterReceive = await t.caller.instance.view({ id: instanceId, atSeq: events[1]!.seq });
    expect(afterReceive.unlocked.map((u) => u.nodeId)).toEqual(["check"]);
    expect(afterReceive.firings.map((f) => f.lineId)).toEqual(["l_receive_check"]);

    // Replaying up to the last event rebuilds exactly what is stored.
    const replayed = await t.caller.instance.view({ id: instanceId, atSeq: events[2]!.seq });
    expect(replayed.atSeq).toBe(events[2]!.seq);
    expect(replayed.state).toEqual(now.state);
    expect(replayed.unlocked).toEqual(now.unlocked);
    expect(replayed.explanations).toEqual(now.explanations);
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(replayed.occurrences).map((o) => [o.id, o.nodeId, o.status])).toEqual(
      byId(now.occurrences).map((o) => [o.id, o.nodeId, o.status]),
    );
    expect(replayed.firings.map((f) => [f.key, f.lineId, f.seq])).toEqual(
      now.firings.map((f) => [f.key, f.lineId, f.seq]),
    );
  });

  it("heat: running instances per state and per unlocked action of a version", async () => {
    const before = await t.caller.instance.heat({ versionId });
    const a = await t.caller.instance.start({ processKey: "casework", businessKey: "heat-a" });
    await t.caller.instance.start({ processKey: "casework", businessKey: "heat-b" });
    const c = await t.caller.instance.start({ processKey: "casework", businessKey: "heat-c" });
    await t.caller.instance.perform({ instanceId: a.instanceId, actionId: "receive" });
    await t.caller.instance.perform({ instanceId: c.instanceId, actionId: "receive" });
    await t.caller.instance.perform({ instanceId: c.instanceId, actionId: "check" });
    const after = await t.caller.instance.heat({ versionId });
    const count = (xs: { count: number }[], pick: (x: never) => boolean) =>
      xs.filter(pick as never).reduce((n, x) => n + x.count, 0);
    const stateCount = (h: typeof after, id: string) =>
      count(h.states, (s: { stateId: string }) => s.stateId === id);
    const actionCount = (h: typeof after, id: string) =>
      count(h.actions, (x: { nodeId: string }) => x.nodeId === id);
    expect(after.instances - before.instances).toBe(3);
    expect(stateCount(after, "intake") - stateCount(before, "intake")).toBe(2);
    expect(stateCount(after, "review") - stateCount(before, "review")).toBe(1);
    expect(actionCount(after, "receive") - actionCount(before, "receive")).toBe(1);
    expect(actionCount(after, "check") - actionCount(before, "check")).toBe(1);
    expect(actionCount(after, "approve") - actionCount(before, "approve")).toBe(1);
    // A finished instance leaves the heat.
    await t.caller.instance.perform({ instanceId: c.instanceId, actionId: "approve" });
    const done = await t.caller.instance.heat({ versionId });
    expect(done.instances).toBe(after.instances - 1);
    expect(actionCount(done, "approve")).toBe(actionCount(after, "approve") - 1);
  });

  it("refuses unknown ids and impossible points with typed errors, writing nothing", async () => {
    const { instanceId } = await t.caller.instance.start({ processKey: "casework", businessKey: "view-bad" });
    const frozen = {
      instance: await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }),
      history: await t.db.prisma.historyEvent.count({ where: { instanceId } }),
    };
    expect((await refusal(t.caller.instance.view({ id: "00000000-0000-4000-8000-000000000000" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await refusal(t.caller.instance.view({ id: instanceId, atSeq: -1 }))).code).toBe("BAD_REQUEST");
    // atSeq 0 is before the start, but the instance has moved since: a clear BAD_REQUEST.
    await t.caller.instance.perform({ instanceId, actionId: "receive" });
    const moved = {
      instance: await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }),
      history: await t.db.prisma.historyEvent.count({ where: { instanceId } }),
    };
    expect(moved.history).toBeGreaterThan(frozen.history);
    const zero = await refusal(t.caller.instance.view({ id: instanceId, atSeq: 0 }));
    expect(zero.code).toBe("BAD_REQUEST");
    expect(zero.message).toMatch(/atSeq must be at least 1/);
    expect(
      (await refusal(t.caller.instance.heat({ versionId: "00000000-0000-4000-8000-000000000000" }))).code,
    ).toBe("NOT_FOUND");
    expect((await refusal(t.caller.instance.heat({ versionId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
    expect({
      instance: await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } }),
      history: await t.db.prisma.historyEvent.count({ where: { instanceId } }),
    }).toEqual(moved);
  });
  it("time travel across a migration and its revert: each point is shown on the version the instance was on then, changing nothing; the list names states from the instance's version", async () => {
    const key = "casework-migrating";
    await publishModel(t.ctx, { ...casework, key });
    const { instanceId } = await t.caller.instance.start({ processKey: key, businessKey: "travel-migrated" });
    await t.caller.instance.perform({ instanceId, actionId: "receive" });
    // v2 renames the states (same ids): the list and the view must name them from the version in force.
    await publishModel(t.ctx, {
      ...casework,
      key,
      name: "casework v2",
      states: casework.states.map((s) => ({ ...s, name: `${s.name} (v2)` })),
    });
    const [v1, v2] = await Promise.all(
      [1, 2].map((n) => t.db.prisma.version.findFirstOrThrow({ where: { process: { key }, number: n } })),
    );
    const from = await t.runtime.rt.models.get(v1!.id);
    const to = await t.runtime.rt.models.get(v2!.id);
    const row = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    const plan = planMigration(from.model, to.model, row.state as unknown as InstanceState, {
      sourceVersion: 1,
      targetVersion: 2,
    });
    if (!plan.ok) throw new Error(plan.message);
    const migrated = await stepInstance(
      t.runtime.rt,
      instanceId,
      { type: "migrate", toModel: to.model, plan },
      { actor: "test" },
    );
    expect(migrated.ok).toBe(true);
    const migratedView = await t.caller.instance.view({ id: instanceId });
    expect(migratedView.versionId).toBe(v2!.id);
    const listed = async () =>
      (await t.caller.instance.list({ processKey: key })).items.find((i) => i.id === instanceId);
    expect((await listed())?.currentStateName).toBe("Intake (v2)");

    const reverted = await stepInstance(
      t.runtime.rt,
      instanceId,
      { type: "revertMigration", fromModel: from.model },
      { actor: "test" },
    );
    expect(reverted.ok).toBe(true);
    await t.caller.instance.perform({ instanceId, actionId: "check" });

    // Named from the version the instance is on again (v1), not from the latest one.
    expect(await listed()).toMatchObject({ currentStateId: "review", currentStateName: "Review" });
    expect((await t.caller.instance.list({ processKey: key, status: "running" })).countsByState).toEqual([
      { versionId: v1!.id, stateId: "review", stateName: "Review", count: 1 },
    ]);

    const events = await eventRecords(instanceId);
    expect(events.map((e) => e.data.event.type)).toEqual([
      "start",
      "perform",
      "migrate",
      "revertMigration",
      "perform",
    ]);
    const frozen = await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
    const at = (i: number) => t.caller.instance.view({ id: instanceId, atSeq: events[i]!.seq });

    const before = await at(1);
    expect(before.versionId).toBe(v1!.id);
    expect(before.unlocked.map((u) => u.nodeId)).toEqual(["check"]);

    const across = await at(2);
    expect(across.atSeq).toBe(events[2]!.seq);
    expect(across.versionId).toBe(v2!.id);
    expect(across.versionNumber).toBe(2);
    expect(across.stateNames).toMatchObject({ intake: "Intake (v2)", review: "Review (v2)" });
    expect(across.state.version).toBe(2);
    expect(across.state.current.stateId).toBe("intake");
    expect(across.state).toEqual({ ...migratedView.state });

    const afterRevert = await at(3);
    expect(afterRevert.versionId).toBe(v1!.id);
    expect(afterRevert.state.version).toBe(1);
    expect(afterRevert.unlocked.map((u) => u.nodeId)).toEqual(["check"]);

    const after = await at(4);
    expect(after.versionId).toBe(v1!.id);
    expect(after.state.current.stateId).toBe("review");
    expect(after.firings.map((f) => f.lineId)).toContain("l_receive_check");
    // Up to the end, the replay equals the stored state.
    const now = await t.caller.instance.view({ id: instanceId });
    expect(after.state).toEqual(now.state);

    expect(await t.db.prisma.instance.findUniqueOrThrow({ where: { id: instanceId } })).toEqual(frozen);
  });
});

describe("operate: instance list paging", () => {
  const t = useTestContext("operate-paging", (t) => publishModel(t.ctx, { ...casework, key: "paging" }));

  it("the next page starts right after the cursor even when the cursor's instance has left the filter meanwhile; an unknown cursor is refused", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await t.caller.instance.start({ processKey: "paging", businessKey: `paging-${i}` })).instanceId,
      );
      t.clock.advance(1000);
    }
    const newestFirst = [...ids].reverse();
    const first = await t.caller.instance.list({ processKey: "paging", status: "running", limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual(newestFirst.slice(0, 2));
    // The page's last instance is cancelled before the next page is asked for.
    await t.caller.instance.cancel({ instanceId: first.nextCursor!, reason: "test" });
    const second = await t.caller.instance.list({
      processKey: "paging",
      status: "running",
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items.map((i) => i.id)).toEqual(newestFirst.slice(2, 4));
    const third = await t.caller.instance.list({
      processKey: "paging",
      status: "running",
      limit: 2,
      cursor: second.nextCursor!,
    });
    expect(third.items.map((i) => i.id)).toEqual(newestFirst.slice(4));
    expect(third.nextCursor).toBeNull();
    await expect(
      t.caller.instance.list({ processKey: "paging", cursor: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("the task list finds the tasks of the newest instances however many older running instances have none", async () => {
    const { instanceId: template } = await t.caller.instance.start({
      processKey: "paging",
      businessKey: "tasks-template",
    });
    // 2,100 older running instances in Intake (clerk tasks only), cloned from the template.
    await t.db.pool!.query(
      `INSERT INTO instance (id, process_id, version_id, status, business_key, active_business_key, variables, state, seq, current_state_id, has_incident, started_at, updated_at)
       SELECT gen_random_uuid(), t.process_id, t.version_id, 'running', NULL, NULL, t.variables, t.state, t.seq, t.current_state_id, false, t.started_at - interval '1 day', t.updated_at
         FROM instance t, generate_series(1, 2100) WHERE t.id = $1::uuid`,
      [template],
    );
    t.clock.advance(60_000);
    const { instanceId: newest } = await t.caller.instance.start({
      processKey: "paging",
      businessKey: "tasks-newest",
    });
    await t.caller.instance.perform({ instanceId: newest, actionId: "receive" });
    await t.caller.instance.perform({ instanceId: newest, actionId: "check" });
    const tasks = await t.caller.task.list({ processKey: "paging", role: "manager" });
    expect(tasks.map((task) => [task.instanceId, task.actionId])).toEqual([[newest, "approve"]]);
    // A limit cuts the list at exactly that many tasks (oldest instances first).
    expect(await t.caller.task.list({ processKey: "paging", role: "clerk", limit: 3 })).toHaveLength(3);
  });
});
