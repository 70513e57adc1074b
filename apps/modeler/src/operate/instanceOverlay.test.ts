import { describe, expect, it } from "vitest";
import { explain, initialState, step, unlockedActions } from "@flowstate/engine";
import type { EngineEvent, InstanceState, Records } from "@flowstate/engine";
import { parseModel } from "@flowstate/model";
import type { ProcessModel } from "@flowstate/model";
import { instanceOverlay, overlayRecords } from "./instanceOverlay";
import type { InstanceOverlayInput } from "./instanceOverlay";
import { heatClickFilter, heatLevel, heatOverlay } from "./heatOverlay";
import type { HeatInput } from "./heatOverlay";
import { formatDue } from "./formatDue";
import { describeHistoryEntry } from "./describeHistoryEntry";
import { pointBeforeLeaving } from "./pointBeforeLeaving";
import { incidentMessage } from "./incidentMessage";
import { occurrenceNodes } from "./occurrenceNodes";
import { sceneOverlayOf } from "./sceneOverlay";

// Intake: receive → (or) first ← expire (automatic, after P1D); first → check; check ⇒ Review.
// Review: approve → end.
function caseModel(): ProcessModel {
  const node = (id: string, stateId: string, rest: Record<string, unknown>) => ({
    id,
    ref: id,
    name: id,
    stateId,
    ...rest,
  });
  const parsed = parseModel({
    formatVersion: 1,
    key: "case",
    name: "Case",
    states: [
      { id: "intake", ref: "intake", name: "Intake", initial: true },
      { id: "review", ref: "review", name: "Review" },
    ],
    nodes: [
      node("receive", "intake", { kind: "action", mode: "manual", role: "clerk" }),
      node("expire", "intake", { kind: "action", mode: "automatic", handler: "noop", delay: "P1D" }),
      node("first", "intake", { kind: "or" }),
      node("check", "intake", { kind: "action", mode: "manual" }),
      node("approve", "review", { kind: "action", mode: "manual" }),
      node("end", "review", { kind: "finalizer", outcome: "succeeded" }),
    ],
    lines: [
      { id: "l1", ref: "l1", kind: "flow", from: "receive", to: "first" },
      { id: "l2", ref: "l2", kind: "flow", from: "expire", to: "first" },
      { id: "l3", ref: "l3", kind: "flow", from: "first", to: "check" },
      { id: "l4", ref: "l4", kind: "flow", from: "approve", to: "end" },
    ],
    transitions: [{ id: "t1", ref: "t1", from: "check", to: "review", order: 0 }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.model;
}

/** Drives the real engine and keeps occurrences/firings/history the way the runtime stores them. */
function run(model: ProcessModel) {
  const t0 = "2027-01-04T09:00:00.000Z";
  const started = initialState(model, { instanceId: "i1", businessKey: "b1", now: t0, version: 1 });
  if (!started.ok) throw new Error(started.rejection.message);
  let state: InstanceState = started.state;
  const records: Records[] = [];
  const keep = (r: Records) => records.push(r);
  keep(started.records);
  return {
    send(event: EngineEvent, now = t0) {
      const result = step(model, state, event, now);
      if (!result.ok) throw new Error(result.rejection.message);
      state = result.state;
      keep(result.records);
    },
    input(live = true): InstanceOverlayInput {
      const nodes = model.nodes.filter((n) => n.stateId === state.current.stateId);
      return {
        state,
        unlocked: unlockedActions(model, state),
        explanations: Object.fromEntries(nodes.map((n) => [n.id, explain(model, state, n.id)])),
        ...overlayRecords(records),
        live,
      };
    },
  };
}

describe("instance overlay", () => {
  it("given a fresh instance: the current state is highlighted, the manual action is performable, the timer shows its due time, others are dimmed with the explainer's reason", () => {
    const model = caseModel();
    const o = instanceOverlay(model, run(model).input());
    expect(o.intake?.className).toBe("ov-current");
    expect(o.intake?.badges.map((b) => b.text)).toEqual(["current"]);
    expect(o.review?.className).toBe("ov-idle");
    expect(o.receive).toMatchObject({ className: "ov-unlocked", performable: "receive" });
    expect(o.expire?.badges).toContainEqual({
      text: "due 2027-01-05 09:00 UTC",
      label: "timer due at 2027-01-05 09:00 UTC",
      tone: "warn",
    });
    expect(o.check?.className).toContain("ov-dimmed");
    expect(o.check?.className).toContain("ov-reason-waiting");
    expect(o.check?.title).toBe("check is waiting: it waits until first fires");
    // hovering an action of another state explains it too (not just "Manual action")
    expect(o.approve).toEqual({
      className: "ov-other",
      badges: [],
      title: "approve is not in the current state: it belongs to Review, and the instance is in Intake",
    });
    expect(o.l1).toBeUndefined();
  });

  it("when an action is performed: completed counts (drawn solid, not muted), the closed sibling dimmed with its reason, fired lines counted and numbered in order", () => {
    const model = caseModel();
    const r = run(model);
    r.send({ type: "perform", actionId: "receive" });
    const o = instanceOverlay(model, r.input());
    expect(o.receive?.badges.map((b) => b.text)).toEqual(["✓ ×1"]);
    expect(o.receive?.className).toContain("ov-completed");
    expect(o.receive?.className).not.toContain("ov-dimmed");
    expect(o.receive?.title).toBe(explainSummary(r.input(), "receive"));
    expect(o.receive?.performable).toBeUndefined();
    expect(o.expire?.className).toContain("ov-dimmed");
    expect(o.expire?.title).toBe(explainSummary(r.input(), "expire"));
    expect(o.check).toMatchObject({ className: "ov-unlocked", performable: "check" });
    expect(o.l1).toMatchObject({ className: "ov-fired ov-fired-now", order: [1], fired: 1 });
    expect(o.l3).toMatchObject({ className: "ov-fired ov-fired-now", order: [2], fired: 1 });
    expect(o.l2).toBeUndefined();
  });

  it("after a transition: the previous state is visited and readable, the path taken through it (completed nodes, fired lines, the transition) stays emphasised with counts", () => {
    const model = caseModel();
    const r = run(model);
    r.send({ type: "perform", actionId: "receive" });
    r.send({ type: "perform", actionId: "check" });
    const o = instanceOverlay(model, r.input());
    expect(o.intake?.className).toBe("ov-visited");
    expect(o.review?.className).toBe("ov-current");
    expect(o.t1).toMatchObject({ className: "ov-fired", order: [1], fired: 1, title: "taken 1 time" });
    expect(o.l1).toMatchObject({ className: "ov-fired", fired: 1, title: "fired 1 time" });
    expect(o.l2).toBeUndefined();
    expect(o.receive).toMatchObject({
      className: "ov-other ov-completed",
      badges: [{ text: "✓ ×1", label: "completed 1 time", tone: "ok" }],
    });
    expect(o.receive?.title).toMatch(/^receive was completed 1 time\. receive is not in the current state/);
    expect(o.expire?.className).toBe("ov-other");
    expect(o.approve?.performable).toBe("approve");
  });

  it("an automatic action that failed for good shows its incident (not dimmed) with the error's message", () => {
    const model = caseModel();
    const r = run(model);
    const timer = Object.values(r.input().state.occurrences).find((o) => o.nodeId === "expire");
    if (!timer) throw new Error("expire is not scheduled");
    const later = "2027-01-05T09:00:00.000Z";
    r.send({ type: "timerDue", occurrenceId: timer.id }, later);
    r.send(
      {
        type: "fail",
        occurrenceId: timer.id,
        attempt: 1,
        error: { message: "downstream is down" },
        final: true,
      },
      later,
    );
    const input = r.input();
    expect(input.state.incidents).toHaveLength(1);
    const o = instanceOverlay(model, input);
    expect(o.expire?.className).toBe("ov-incident");
    expect(o.expire?.badges).toContainEqual({
      text: "incident",
      label: "incident: downstream is down",
      tone: "danger",
    });
    expect(o.expire?.title).toBe("incident: downstream is down — retry or skip it");
  });

  it("while time travelling nothing is performable; a finished instance shows its end", () => {
    const model = caseModel();
    const r = run(model);
    expect(instanceOverlay(model, r.input(false)).receive?.performable).toBeUndefined();
    r.send({ type: "perform", actionId: "receive" });
    r.send({ type: "perform", actionId: "check" });
    r.send({ type: "perform", actionId: "approve" });
    const o = instanceOverlay(model, r.input());
    expect(o.review?.badges[0]).toMatchObject({ text: "completed", tone: "ok" });
    expect(o.end?.badges.map((b) => b.text)).toEqual(["✓ ×1"]);
    expect(Object.values(o).some((e) => e.performable)).toBe(false);
  });
});

describe("instance overlay: the path over the whole history", () => {
  it("every node explains itself on hover, in every state, and elements the shown version lacks are left out", () => {
    const model = caseModel();
    const r = run(model);
    r.send({ type: "perform", actionId: "receive" });
    r.send({ type: "perform", actionId: "check" });
    const input = r.input();
    // an occurrence and a firing of another version's elements (before a migration) are ignored
    const o = instanceOverlay(model, {
      ...input,
      occurrences: [
        ...input.occurrences,
        { id: "x", nodeId: "gone", stateInstanceKey: "old", status: "completed", attempt: 1, dueAt: null },
      ],
      firings: [...input.firings, { key: "f", lineId: "goneLine", stateInstanceKey: "old", seq: 1 }],
    });
    for (const node of model.nodes) expect(o[node.id]?.title, node.id).toMatch(/\w/);
    expect(o.gone).toBeUndefined();
    expect(o.goneLine).toBeUndefined();
    for (const title of Object.values(o).map((e) => e.title ?? ""))
      expect(title).not.toMatch(/[a-z]+_[a-z0-9]{5}|seq \d/);
  });
});

describe("instance overlay → marks of the exported drawing", () => {
  it("marks the current state, the completed action and or node, the unlocked one and the fired lines; the rest stays plain", () => {
    const model = caseModel();
    const r = run(model);
    r.send({ type: "perform", actionId: "receive" });
    const { marks, caption } = sceneOverlayOf(instanceOverlay(model, r.input()), "Instance b1");
    expect(caption).toBe("Instance b1");
    expect(marks).toEqual({
      intake: "current",
      receive: "completed",
      first: "completed",
      check: "unlocked",
      l1: "taken",
      l3: "taken",
    });
  });

  it("after a transition the old state is completed and the transition taken; an incident is marked", () => {
    const model = caseModel();
    const r = run(model);
    r.send({ type: "perform", actionId: "receive" });
    r.send({ type: "perform", actionId: "check" });
    const after = sceneOverlayOf(instanceOverlay(model, r.input())).marks;
    expect(after).toMatchObject({
      intake: "completed",
      review: "current",
      t1: "taken",
      approve: "unlocked",
      receive: "completed",
      l1: "taken",
    });

    const failing = run(model);
    const timer = Object.values(failing.input().state.occurrences).find((o) => o.nodeId === "expire");
    if (!timer) throw new Error("expire is not scheduled");
    failing.send({ type: "timerDue", occurrenceId: timer.id }, "2027-01-05T09:00:00.000Z");
    failing.send(
      { type: "fail", occurrenceId: timer.id, attempt: 1, error: { message: "down" }, final: true },
      "2027-01-05T09:00:00.000Z",
    );
    expect(sceneOverlayOf(instanceOverlay(model, failing.input())).marks.expire).toBe("incident");
  });
});

function explainSummary(input: InstanceOverlayInput, id: string): string | undefined {
  return input.explanations[id]?.summary;
}

/** A heat input from `[count, incidents]` per state id and per action (node) id. */
function heatInput(
  states: Record<string, [number, number]>,
  actions: Record<string, [number, number]>,
): HeatInput {
  return {
    states: Object.entries(states).map(([stateId, [count, incidents]]) => ({ stateId, count, incidents })),
    actions: Object.entries(actions).map(([nodeId, [count, incidents]]) => ({ nodeId, count, incidents })),
  };
}

describe("heat overlay", () => {
  it("counts running instances per state and unlocked ones per action, scaled 1–4", () => {
    const model = caseModel();
    const o = heatOverlay(
      model,
      heatInput({ intake: [8, 0], review: [1, 0] }, { receive: [8, 0], approve: [1, 0] }),
    );
    expect(o.intake).toMatchObject({
      className: "heat heat-4",
      badges: [{ text: "8 running", label: "8 running instances in Intake; click to list them" }],
    });
    expect(o.review).toMatchObject({
      className: "heat heat-1",
      badges: [{ text: "1 running", label: "1 running instance in Review; click to list them" }],
    });
    expect(o.receive?.badges[0]?.text).toBe("8 unlocked");
    expect(o.check).toBeUndefined();
  });

  it("marks incidents in red, graded by their share of the element's instances", () => {
    const model = caseModel();
    // `check` failed on 3 instances (no longer unlocked there), unlocked on 1 more.
    const heat = heatInput({ intake: [8, 1], review: [2, 2] }, { receive: [8, 0], check: [1, 3] });
    const o = heatOverlay(model, heat);
    expect(o.intake?.className).toBe("heat heat-4 heat-incident inc-1");
    expect(o.review?.className).toBe("heat heat-1 heat-incident inc-4");
    expect(o.review?.badges[1]).toMatchObject({ text: "2 incidents", tone: "danger" });
    expect(o.check?.className).toBe("heat heat-1 heat-incident inc-3");
    expect(o.receive?.className).toBe("heat heat-4");
    expect(heatClickFilter(model, heat, "review")).toEqual({ stateId: "review" });
    expect(heatClickFilter(model, heat, "check")).toEqual({ incidentNodeId: "check" });
    expect(heatClickFilter(model, heat, "receive")).toBeNull();
  });

  it("levels: none is 0, any is at least 1, the most is 4", () => {
    expect([
      heatLevel(0, 10),
      heatLevel(1, 100),
      heatLevel(50, 100),
      heatLevel(100, 100),
      heatLevel(3, 0),
    ]).toEqual([0, 1, 2, 4, 0]);
  });
});

describe("due times and history in words", () => {
  it("formats a due time relative to now", () => {
    const now = new Date("2027-01-04T09:00:00Z");
    expect(formatDue("2027-01-04T09:20:00Z", now)).toBe("in 20 min");
    expect(formatDue("2027-01-04T12:00:00Z", now)).toBe("in 3 h");
    expect(formatDue("2027-01-01T09:00:00Z", now)).toBe("3 d ago");
    expect(formatDue("2027-01-04T09:00:20Z", now)).toBe("now");
    expect(formatDue("not a time", now)).toBe("not a time");
  });

  it("names elements and marks events as time-travel points", () => {
    const model = caseModel();
    const at = "2027-01-04T09:00:00Z";
    expect(
      describeHistoryEntry(model, {
        id: "1",
        seq: 1,
        type: "event",
        data: { event: { type: "perform", actionId: "receive" } },
        actor: "alice",
        at,
      }),
    ).toEqual({ text: "Performed receive by alice", isEvent: true });
    expect(
      describeHistoryEntry(model, {
        id: "2",
        seq: 2,
        type: "stateEntered",
        data: { stateId: "review" },
        actor: null,
        at,
      }),
    ).toEqual({ text: "Entered Review", isEvent: false });
    const cancelled = {
      id: "5",
      seq: 5,
      type: "occurrenceCancelled",
      data: { nodeId: "expire", note: "state left" },
      actor: null,
      at,
    };
    expect(describeHistoryEntry(model, cancelled).text).toBe("expire cancelled (state left)");
    // an operator's cancel names its reason
    const finished = (reason: string) => ({
      id: "6",
      seq: 6,
      type: "instanceFinished",
      data: { status: "cancelled", outcome: "cancelled", reason },
      actor: "olga",
      at,
    });
    expect(describeHistoryEntry(model, finished("duplicate claim")).text).toBe(
      "Instance cancelled (cancelled): duplicate claim",
    );
    expect(describeHistoryEntry(model, finished("")).text).toBe("Instance cancelled (cancelled)");
    expect(
      describeHistoryEntry(model, { id: "3", seq: 3, type: "somethingNew", data: {}, actor: null, at }).text,
    ).toBe("somethingNew");
    // a handler result names its action through the occurrence the history started
    const history = [
      { data: { occurrenceId: "o1", nodeId: "expire", attempt: 1 } },
      { data: { event: { type: "complete", occurrenceId: "o1" } } },
    ];
    const result = {
      id: "4",
      seq: 4,
      type: "event",
      data: { event: { type: "complete", occurrenceId: "o1" } },
      actor: null,
      at,
    };
    expect(describeHistoryEntry(model, result, occurrenceNodes(history)).text).toBe(
      "expire finished (handler result)",
    );
    expect(describeHistoryEntry(model, result).text).toBe("occurrence o1 finished (handler result)");
  });
});

describe("incident messages", () => {
  it("prefer the error's message, else its text or JSON", () => {
    expect(incidentMessage({ name: "Error", message: "POST /pay answered 503" })).toBe(
      "POST /pay answered 503",
    );
    expect(incidentMessage("boom")).toBe("boom");
    expect(incidentMessage({ code: 7 })).toBe('{"code":7}');
  });
});

describe("time travel to a state instance before it was left", () => {
  it("is the point right before the event whose step left it", () => {
    const history = [
      { seq: 1, type: "event" },
      { seq: 2, type: "stateEntered" },
      { seq: 3, type: "event" },
      { seq: 4, type: "occurrenceCompleted" },
      { seq: 5, type: "event" },
      { seq: 6, type: "occurrenceCompleted" },
      { seq: 7, type: "stateExited" },
    ];
    expect(pointBeforeLeaving(history, 7)).toBe(4);
    expect(pointBeforeLeaving(history, 4)).toBe(2);
    expect(pointBeforeLeaving([{ seq: 1, type: "event" }], 3)).toBe(1);
  });
});
