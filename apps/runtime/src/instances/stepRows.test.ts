import { describe, expect, it } from "vitest";
import { initialState, step } from "@flowstate/engine";
import type { InstanceState } from "@flowstate/engine";
import { ModelBuilder } from "@flowstate/model";
import { stepRows } from "./stepRows.ts";
import type { StepWrite } from "./stepRows.ts";

const model = new ModelBuilder("order", "Order")
  .state("S", "S", { initial: true })
  .action("A", "A", { mode: "manual" })
  .action("B", "B", { mode: "automatic", handler: "work" })
  .flow("A", "B")
  .toModel();
const now = new Date("2026-01-02T03:04:05.000Z");
const later = new Date("2026-01-02T03:04:06.000Z");
const versionIds = new Map([[1, "v-1"]]);

function started(): { write: StepWrite; state: InstanceState } {
  const result = initialState(model, {
    instanceId: "i-1",
    businessKey: "bk",
    variables: {},
    now: now.toISOString(),
    version: 1,
  });
  if (!result.ok) throw new Error(result.rejection.message);
  const { state, records, effects } = result;
  return { state, write: { processId: "p", after: state, records, effects } };
}

function performed(before: InstanceState): StepWrite {
  const result = step(model, before, { type: "perform", actionId: "A", actor: "ann" }, later.toISOString());
  if (!result.ok) throw new Error(result.rejection.message);
  return {
    processId: "p",
    before,
    after: result.state,
    records: result.records,
    effects: result.effects,
    actor: "ann",
    expectedSeq: before.seq,
    fence: { jobId: 7n, workerId: "w" },
  };
}

describe("stepRows (the engine's step results → the rows of the step statement)", () => {
  it("nests each step's rows in its instance row, leaving defaults out", () => {
    const { write } = started();
    const rows = stepRows([write], [{ versionIds, model }], now);
    expect(rows.steps).toHaveLength(1);
    const [row] = rows.steps as Record<string, unknown>[];
    expect(row).toMatchObject({ id: "i-1", status: "running", seq: write.after.seq, version_id: "v-1" });
    // Left out: SQL fills in NULL / false / the statement's time.
    expect(row).not.toHaveProperty("expected_seq");
    expect(row).not.toHaveProperty("fenced");
    expect(row).not.toHaveProperty("finished");
    expect(row!.si).toEqual([
      expect.objectContaining({ state_id: "S", version_id: undefined, entered_at: undefined }),
    ]);
    expect(rows.finished).toEqual([false]);
    expect(rows.fences).toEqual([]);
    // A started instance: one lifecycle event for the webhook outbox.
    expect(rows.webhookEvents.map((e) => e.event)).toEqual(["instance.started"]);
  });

  it("turns effects into job rows, guards and outbox events", () => {
    const { state } = started();
    const write = performed(state);
    const rows = stepRows([write], [{ versionIds, model }], now);
    const row = rows.steps[0] as Record<string, unknown>;
    expect(row).toMatchObject({ expected_seq: state.seq, fenced: true, actor: "ann" });
    // The handler job of B, due now: its time left out (the statement's own).
    const jobs = row.jobs as Record<string, unknown>[];
    expect(jobs).toEqual([
      expect.objectContaining({
        kind: "handler",
        handler: "work",
        occurrence_id: expect.any(String),
        attempt: 1,
      }),
    ]);
    expect(jobs[0]!.run_at).toBeUndefined();
    // The hand-off candidates are the same objects as the nested job rows (leased in place).
    expect(rows.handlerJobs[0]![0]).toBe(jobs[0]);
    expect(rows.fences).toEqual([{ job_id: "7", worker_id: "w", instance_id: "i-1" }]);
    expect(rows.webhookEvents).toEqual([
      expect.objectContaining({
        event: "action.completed",
        action_id: "A",
        instance_id: "i-1",
        process_key: "order",
      }),
    ]);
    const occurrences = row.occ as Record<string, unknown>[];
    expect(occurrences.find((o) => o.node_id === "A")).toMatchObject({ status: "completed", actor: "ann" });
  });

  it("writes the audit row of a step not yet recorded, keyed to its instance", () => {
    const { write } = started();
    const audited: StepWrite = {
      ...write,
      audit: { recorded: false, row: { action: "instance.start" } } as unknown as StepWrite["audit"],
    };
    const rows = stepRows([audited], [{ versionIds, model }], now);
    expect(rows.audit).toEqual([{ action: "instance.start", step_instance_id: "i-1" }]);
    const recorded = { ...audited, audit: { ...audited.audit!, recorded: true } } as StepWrite;
    expect(stepRows([recorded], [{ versionIds, model }], now).audit).toEqual([]);
  });

  it("marks the rows a step created (inserted) apart from the rows it changed (upserted)", () => {
    const { state, write } = started();
    // A start upserts everything (its rows are not told apart).
    const first = stepRows([write], [{ versionIds, model }], now).steps[0] as Record<string, unknown>;
    const startRows = [...(first.si as object[]), ...((first.occ as object[] | undefined) ?? [])];
    expect(startRows.map((r) => JSON.stringify(r)).filter((r) => r.includes('"created"'))).toEqual([]);
    // Performing A creates A's occurrence (completed) and B's (running); completing B changes B's.
    const perform = performed(state);
    const complete = step(
      model,
      perform.after,
      {
        type: "complete",
        occurrenceId: Object.values(perform.after.occurrences).find((o) => o.nodeId === "B")!.id,
        attempt: 1,
        output: {},
      },
      later.toISOString(),
    );
    if (!complete.ok) throw new Error(complete.rejection.message);
    const writes: StepWrite[] = [
      perform,
      {
        processId: "p",
        before: perform.after,
        after: complete.state,
        records: complete.records,
        effects: complete.effects,
      },
    ];
    const [performRow, completeRow] = stepRows(
      writes,
      [
        { versionIds, model },
        { versionIds, model },
      ],
      now,
    ).steps as Record<string, unknown>[];
    const flags = (row: Record<string, unknown>) =>
      Object.fromEntries((row.occ as Record<string, unknown>[]).map((o) => [o.node_id, o.created ?? false]));
    expect(flags(performRow!)).toEqual({ A: true, B: true });
    expect(flags(completeRow!)).toEqual({ B: false });
  });
});
